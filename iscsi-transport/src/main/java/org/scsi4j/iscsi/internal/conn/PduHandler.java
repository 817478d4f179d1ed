package org.scsi4j.iscsi.internal.conn;

import java.nio.ByteBuffer;

/** The phase a {@link Connection} is in (login, full feature): what its PDUs mean. */
public interface PduHandler {
    /**
     * A complete PDU with valid digests. All offsets are absolute in {@code buffer}; the bytes
     * are valid only during the call.
     *
     * @param headerOffset index of the BHS
     * @param dataOffset   index of the data segment
     * @param dataLength   DataSegmentLength (without padding)
     */
    void onPdu(ByteBuffer buffer, int headerOffset, int dataOffset, int dataLength);

    /** A PDU whose data digest is wrong (header intact): RFC 7143 §7.8. */
    void onDataDigestError(ByteBuffer buffer, int headerOffset);

    /** Periodic check (login timeout, NOP-In ping). */
    void onTimer(long nowNanos);

    /** Device completions are waiting (after {@code NexusPort.wakeup()}). */
    void onCompletions();

    /** The connection is closed; release everything (called once, on the loop thread). */
    void onClose(String reason);
}
