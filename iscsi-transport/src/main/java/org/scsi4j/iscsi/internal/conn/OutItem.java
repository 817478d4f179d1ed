package org.scsi4j.iscsi.internal.conn;

import java.nio.ByteBuffer;
import org.scsi4j.iscsi.internal.pdu.HeaderFlyweight;

/**
 * A control PDU waiting in the send FIFO (NOP-In, Reject, Login/Text/Logout/TMF responses,
 * Async Message, a SCSI Response the transport makes itself): its BHS is built at once in
 * {@link #bhs}, StatSN/ExpCmdSN/MaxCmdSN are stamped when it is produced. Pooled per
 * connection; get one with {@link OutputQueue#item()}.
 */
public final class OutItem implements Producer, Written {
    /** StatSN field left as built (reserved or already set). */
    public static final int STATSN_NONE = 0;
    /** StatSN = the next StatSN, not advanced (R2T, NOP-In ping, RFC 7143 §11.19.4). */
    public static final int STATSN_CURRENT = 1;
    /** StatSN = the next StatSN, which then advances (every status-carrying response). */
    public static final int STATSN_ADVANCE = 2;

    private final OutputQueue queue;
    private final byte[] bhsBytes = new byte[HeaderFlyweight.BHS_LENGTH];
    /** The BHS to send (big-endian heap buffer over 48 bytes); wrap a flyweight over it. */
    public final ByteBuffer bhs = ByteBuffer.wrap(bhsBytes);
    private ByteBuffer data;
    private int statSnMode;
    private boolean digests;
    private boolean closeAfter;

    OutItem(OutputQueue queue) {
        this.queue = queue;
    }

    OutItem reset() {
        java.util.Arrays.fill(bhsBytes, (byte) 0);
        data = null;
        statSnMode = STATSN_ADVANCE;
        digests = true;
        closeAfter = false;
        return this;
    }

    /** Data segment (position..limit); DataSegmentLength is set from it when produced. */
    public OutItem data(ByteBuffer segment) {
        this.data = segment;
        return this;
    }

    public OutItem statSn(int mode) {
        this.statSnMode = mode;
        return this;
    }

    /** Whether negotiated digests apply (false for Login Responses, §13.1). */
    public OutItem digests(boolean on) {
        this.digests = on;
        return this;
    }

    /** Close the connection once this PDU is written (Logout Response, login failure). */
    public OutItem closeAfter() {
        this.closeAfter = true;
        return this;
    }

    /** Queues the item for sending. */
    public void send() {
        queue.enqueue(this);
    }

    @Override
    public boolean produce(OutputQueue q) {
        int slot = q.allocHead();
        if (slot < 0) {
            return false;
        }
        ByteBuffer head = q.head(slot);
        head.put(0, bhsBytes);
        int length = data == null ? 0 : data.remaining();
        int word = head.getInt(HeaderFlyweight.TOTAL_AHS_LENGTH_OFFSET) & 0xFF00_0000;
        head.putInt(HeaderFlyweight.TOTAL_AHS_LENGTH_OFFSET, word | length);
        q.stamp(head, statSnMode);
        q.emit(slot, length == 0 ? null : data, -1, digests, this);
        return true;
    }

    @Override
    public void written() {
        if (closeAfter) {
            queue.requestClose();
        }
        queue.recycle(this);
    }
}
