package org.scsi4j.iscsi.internal.conn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import org.scsi4j.iscsi.internal.pdu.Crc32cDigest;
import org.scsi4j.iscsi.internal.pdu.HeaderFlyweight;

/**
 * The send side of one connection (ARCHITECTURE §4): a FIFO of {@link Producer}s that are
 * turned into PDUs only when written, each PDU being a header slot (BHS + header digest), an
 * optional payload view (a task's data-in, never copied) and an optional tail (padding + data
 * digest); everything produced is written with one gathering write.
 *
 * <p>StatSN lives here because it is per connection and must rise in the order PDUs go out;
 * ExpCmdSN/MaxCmdSN come from the {@link Sequencer} at the same moment. A partial write leaves
 * the rest in the iovec and the caller registers OP_WRITE.
 *
 * <p>Allocation: none per PDU, except a payload slice when a task's data-in spans several
 * Data-In PDUs (see the session layer) and pooled {@link OutItem}s growing to the peak.
 */
public final class OutputQueue {
    /** Largest iovec handed to one write (Linux IOV_MAX is 1024). */
    static final int MAX_IOV = 512;
    private static final int PER_PDU_ENTRIES = 3;

    /** Result of {@link #flush}. */
    public enum FlushResult {
        /** Nothing left to send. */
        DONE,
        /** The socket took less than offered: wait for OP_WRITE. */
        BLOCKED,
        /** Producers are still waiting (write budget used up): flush again soon. */
        MORE
    }

    private final Crc32cDigest digest;
    private final java.util.function.Supplier<SlotArena> arenaSource;
    private final java.util.function.Consumer<SlotArena> arenaSink;
    private SlotArena arena;
    private final int[] freeHeads = new int[SlotArena.HEAD_SLOTS];
    private int freeHeadCount;
    private final int[] freeDatas = new int[SlotArena.DATA_SLOTS];
    private int freeDataCount;

    private final ByteBuffer[] iov = new ByteBuffer[MAX_IOV];
    private final int[] iovHeadSlot = new int[MAX_IOV];
    private final int[] iovDataSlot = new int[MAX_IOV];
    private final Written[] iovDone = new Written[MAX_IOV];
    private int iovCount;

    private final ArrayDeque<Producer> fifo = new ArrayDeque<>(64);
    private final ArrayDeque<OutItem> freeItems = new ArrayDeque<>(16);
    private Sequencer sequencer;
    private boolean headerDigest;
    private boolean dataDigest;
    private int statSn;
    private boolean closeRequested;
    private long bytesWritten;

    public OutputQueue(Crc32cDigest digest, java.util.function.Supplier<SlotArena> arenaSource,
                       java.util.function.Consumer<SlotArena> arenaSink) {
        this.digest = digest;
        this.arenaSource = arenaSource;
        this.arenaSink = arenaSink;
    }

    // ---------------------------------------------------------------- configuration

    public void sequencer(Sequencer s) {
        this.sequencer = s;
    }

    /** Negotiated digests, for PDUs produced from now on that use digests. */
    public void digests(boolean header, boolean data) {
        this.headerDigest = header;
        this.dataDigest = data;
    }

    public boolean headerDigest() {
        return headerDigest;
    }

    public boolean dataDigest() {
        return dataDigest;
    }

    /** Sets the next StatSN (first Login Response, RFC 7143 §11.13.4). */
    public void statSn(int next) {
        this.statSn = next;
    }

    /** @return the next StatSN (not advanced) */
    public int statSn() {
        return statSn;
    }

    // ---------------------------------------------------------------- producers' side

    /** A pooled control item, reset; fill its {@link OutItem#bhs} and call {@link OutItem#send()}. */
    public OutItem item() {
        OutItem i = freeItems.pollFirst();
        return (i == null ? new OutItem(this) : i).reset();
    }

    void recycle(OutItem i) {
        if (freeItems.size() < 64) {
            freeItems.addLast(i);
        }
    }

    public void enqueue(Producer p) {
        fifo.addLast(p);
    }

    /** @return producers waiting, not yet turned into PDUs (for read backpressure) */
    public int backlog() {
        return fifo.size();
    }

    /** @return true when nothing is queued or half-written */
    public boolean isEmpty() {
        return fifo.isEmpty() && iovCount == 0;
    }

    /** @return a free header slot, or -1 when none is free or the iovec is full */
    public int allocHead() {
        if (iovCount > MAX_IOV - PER_PDU_ENTRIES) {
            return -1;
        }
        if (arena == null) {
            attachArena();
        }
        return freeHeadCount == 0 ? -1 : freeHeads[--freeHeadCount];
    }

    /** @return a free data slot ({@link SlotArena#DATA_SLOT} bytes), or -1 */
    public int allocData() {
        if (arena == null) {
            attachArena();
        }
        return freeDataCount == 0 ? -1 : freeDatas[--freeDataCount];
    }

    /** Returns slots taken with {@link #allocHead()} / {@link #allocData()} but not emitted. */
    public void freeSlots(int headSlot, int dataSlot) {
        if (headSlot >= 0) {
            freeHeads[freeHeadCount++] = headSlot;
        }
        if (dataSlot >= 0) {
            freeDatas[freeDataCount++] = dataSlot;
        }
    }

    private void attachArena() {
        arena = arenaSource.get();
        for (int i = 0; i < SlotArena.HEAD_SLOTS; i++) {
            freeHeads[i] = SlotArena.HEAD_SLOTS - 1 - i;
        }
        freeHeadCount = SlotArena.HEAD_SLOTS;
        for (int i = 0; i < SlotArena.DATA_SLOTS; i++) {
            freeDatas[i] = SlotArena.DATA_SLOTS - 1 - i;
        }
        freeDataCount = SlotArena.DATA_SLOTS;
    }

    /** The head view of a slot: write the BHS at index 0 (absolute access). */
    public ByteBuffer head(int slot) {
        return arena.heads[slot].clear();
    }

    /** The view of a data slot, {@link SlotArena#DATA_SLOT} bytes (absolute access). */
    public ByteBuffer data(int slot) {
        return arena.datas[slot].clear();
    }

    /** Stamps StatSN (per {@code statSnMode}, see {@link OutItem}), ExpCmdSN and MaxCmdSN. */
    public void stamp(ByteBuffer head, int statSnMode) {
        stamp(head, statSnMode, false);
    }

    /**
     * @param releasing the PDU carries the final status of a task that is released once it is
     *                  written ({@link Sequencer#maxCmdSnReleasing()})
     */
    public void stamp(ByteBuffer head, int statSnMode, boolean releasing) {
        if (statSnMode == OutItem.STATSN_ADVANCE) {
            head.putInt(24, statSn++);
        } else if (statSnMode == OutItem.STATSN_CURRENT) {
            head.putInt(24, statSn);
        }
        head.putInt(28, sequencer.expCmdSn());
        head.putInt(32, releasing ? sequencer.maxCmdSnReleasing() : sequencer.maxCmdSn());
    }

    /**
     * Adds one PDU to the iovec. The BHS in {@code head(headSlot)} must be complete (its
     * DataSegmentLength equal to {@code payload.remaining()}); digests are added here.
     *
     * @param payload  data segment (position..limit, left untouched until written) or null
     * @param dataSlot a data slot that {@code payload} lives in, freed with the PDU, or -1
     * @param digests  whether the negotiated digests apply to this PDU
     * @param done     called when the PDU is written, or null
     */
    public void emit(int headSlot, ByteBuffer payload, int dataSlot, boolean digests, Written done) {
        ByteBuffer head = arena.heads[headSlot].clear();
        int headerLength = HeaderFlyweight.BHS_LENGTH;
        if (digests && headerDigest) {
            digest.sign(head, 0, HeaderFlyweight.BHS_LENGTH, HeaderFlyweight.BHS_LENGTH);
            headerLength += Crc32cDigest.DIGEST_LENGTH;
        }
        head.limit(headerLength).position(0);
        add(head, -1, -1, null);
        int length = payload == null ? 0 : payload.remaining();
        if (length > 0) {
            add(payload, -1, -1, null);
            int pad = HeaderFlyweight.pad(length) - length;
            boolean dd = digests && dataDigest;
            if (pad > 0 || dd) {
                ByteBuffer tail = arena.tails[headSlot];
                tail.limit(SlotArena.TAIL_LENGTH);
                for (int i = 0; i < pad; i++) {
                    tail.put(i, (byte) 0);
                }
                int end = pad;
                if (dd) {
                    digest.reset().update(payload, payload.position(), length).update(tail, 0, pad);
                    Crc32cDigest.putDigest(tail, pad, digest.value());
                    end += Crc32cDigest.DIGEST_LENGTH;
                }
                tail.limit(end).position(0);
                add(tail, -1, -1, null);
            }
        }
        int last = iovCount - 1;
        iovHeadSlot[last] = headSlot;
        iovDataSlot[last] = dataSlot;
        iovDone[last] = done;
    }

    private void add(ByteBuffer b, int headSlot, int dataSlot, Written done) {
        iov[iovCount] = b;
        iovHeadSlot[iovCount] = headSlot;
        iovDataSlot[iovCount] = dataSlot;
        iovDone[iovCount] = done;
        iovCount++;
    }

    // ---------------------------------------------------------------- writing

    /**
     * Produces and writes until the FIFO is empty, the socket is full, or the budget of write
     * calls is used.
     */
    public FlushResult flush(GatheringByteChannel channel) throws IOException {
        for (int round = 0; round < 8; round++) {
            fill();
            if (iovCount == 0) {
                return FlushResult.DONE;
            }
            bytesWritten += channel.write(iov, 0, iovCount);
            retire();
            if (iovCount > 0) {
                return FlushResult.BLOCKED;
            }
        }
        fill();
        return iovCount == 0 && fifo.isEmpty() ? FlushResult.DONE : FlushResult.MORE;
    }

    private void fill() {
        Producer p;
        while ((p = fifo.peekFirst()) != null) {
            if (!p.produce(this)) {
                return;
            }
            fifo.pollFirst();
        }
    }

    private void retire() {
        int done = 0;
        while (done < iovCount && !iov[done].hasRemaining()) {
            int h = iovHeadSlot[done];
            if (h >= 0) {
                freeHeads[freeHeadCount++] = h;
            }
            int d = iovDataSlot[done];
            if (d >= 0) {
                freeDatas[freeDataCount++] = d;
            }
            Written w = iovDone[done];
            iov[done] = null;
            iovDone[done] = null;
            if (w != null) {
                w.written();
            }
            done++;
        }
        if (done > 0) {
            int left = iovCount - done;
            System.arraycopy(iov, done, iov, 0, left);
            System.arraycopy(iovHeadSlot, done, iovHeadSlot, 0, left);
            System.arraycopy(iovDataSlot, done, iovDataSlot, 0, left);
            System.arraycopy(iovDone, done, iovDone, 0, left);
            for (int i = left; i < iovCount; i++) {
                iov[i] = null;
                iovDone[i] = null;
            }
            iovCount = left;
        }
    }

    /** A written PDU asked for the connection to close (Logout Response, failed login). */
    void requestClose() {
        closeRequested = true;
    }

    public boolean closeRequested() {
        return closeRequested;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    /**
     * Drops everything unsent (connection closed): producers and written-callbacks are
     * forgotten, not run; the arena goes back to the loop.
     */
    public void discard() {
        fifo.clear();
        for (int i = 0; i < iovCount; i++) {
            iov[i] = null;
            iovDone[i] = null;
        }
        iovCount = 0;
        if (arena != null) {
            arenaSink.accept(arena);
            arena = null;
            freeHeadCount = 0;
            freeDataCount = 0;
        }
    }
}
