package org.scsi4j.iscsi.internal.conn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A connection's send-side scratch memory: one direct buffer cut into fixed slots, with the
 * {@link ByteBuffer} views created once, so emitting a PDU allocates nothing.
 *
 * <ul>
 *   <li>{@value #HEAD_SLOTS} header slots of {@value #HEAD_SLOT} bytes: a head view (BHS plus
 *       header digest) and a tail view (up to 3 pad bytes plus a data digest) that brackets a
 *       payload sent from elsewhere;</li>
 *   <li>{@value #DATA_SLOTS} data slots of {@value #DATA_SLOT} bytes for small data segments the
 *       target builds itself (SenseLength + sense data).</li>
 * </ul>
 * Arenas are recycled by the I/O loop from one connection to the next.
 */
public final class SlotArena {
    public static final int HEAD_SLOT = 64;
    public static final int HEAD_LENGTH = 56;
    public static final int TAIL_LENGTH = HEAD_SLOT - HEAD_LENGTH;
    public static final int HEAD_SLOTS = 128;
    public static final int DATA_SLOT = 320;
    public static final int DATA_SLOTS = 16;

    final ByteBuffer memory;
    final ByteBuffer[] heads = new ByteBuffer[HEAD_SLOTS];
    final ByteBuffer[] tails = new ByteBuffer[HEAD_SLOTS];
    final ByteBuffer[] datas = new ByteBuffer[DATA_SLOTS];

    public SlotArena() {
        memory = ByteBuffer.allocateDirect(HEAD_SLOT * HEAD_SLOTS + DATA_SLOT * DATA_SLOTS);
        for (int i = 0; i < HEAD_SLOTS; i++) {
            heads[i] = memory.slice(i * HEAD_SLOT, HEAD_LENGTH).order(ByteOrder.BIG_ENDIAN);
            tails[i] = memory.slice(i * HEAD_SLOT + HEAD_LENGTH, TAIL_LENGTH).order(ByteOrder.BIG_ENDIAN);
        }
        int base = HEAD_SLOT * HEAD_SLOTS;
        for (int i = 0; i < DATA_SLOTS; i++) {
            datas[i] = memory.slice(base + i * DATA_SLOT, DATA_SLOT).order(ByteOrder.BIG_ENDIAN);
        }
    }
}
