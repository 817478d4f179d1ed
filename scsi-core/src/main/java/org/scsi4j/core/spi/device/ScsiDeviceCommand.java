package org.scsi4j.core.spi.device;

import java.nio.ByteBuffer;

/**
 * One command offered to a {@link ScsiDevice}. The buffers belong to the core: valid from
 * {@link ScsiDevice#execute} until {@link #complete}; the device must not keep them afterwards.
 * The object itself is pooled by the core: do not use it after completing it.
 */
public interface ScsiDeviceCommand {

    /** The CDB exactly as the initiator sent it (a read-only view, position 0, limit its length). */
    ByteBuffer cdb();

    /** Whether the command carries data to the device (the initiator wrote). */
    boolean isDataOut();

    /** Whether the command carries data from the device (the initiator reads). */
    boolean isDataIn();

    /**
     * The initiator's expected data transfer length in bytes: what it sends with a data-out
     * command, the most it accepts with a data-in command.
     */
    int expectedLength();

    /** The data-out, all of it (position 0, limit {@link #expectedLength()}); empty unless {@link #isDataOut()}. */
    ByteBuffer dataOut();

    /**
     * Where the data-in goes: position 0, limit {@link #expectedLength()}; write into it with
     * absolute puts or from position 0 and pass the byte count to {@link #complete}. Empty unless
     * {@link #isDataIn()}.
     */
    ByteBuffer dataIn();

    /** The initiator port that sent the command (for logs; the core has already checked access). */
    String initiatorPort();

    /** Whether the core aborted this command (the result will be discarded). */
    boolean isAborted();

    /**
     * Finishes the command. Any thread, exactly once.
     *
     * @param status      the SCSI status byte (GOOD, CHECK CONDITION, BUSY, ...), passed on untouched
     * @param sense       sense data for CHECK CONDITION, its position..limit passed on untouched (up
     *                    to 252 bytes); null or empty for none
     * @param transferred the data bytes transferred: data-in bytes written to {@link #dataIn()}
     *                    (sent to the initiator, also with CHECK CONDITION, as a tape read that hit
     *                    a filemark), or data-out bytes the device consumed; the rest is reported
     *                    as residual underflow
     * @param overflow    bytes the command wanted to move beyond {@link #expectedLength()} (the
     *                    CDB asked for more than the initiator's expected length allows), reported
     *                    as residual overflow instead of an underflow; 0 when none
     */
    void complete(int status, ByteBuffer sense, int transferred, int overflow);

    /** {@code complete(status, sense, transferred, 0)}: no residual overflow. */
    default void complete(int status, ByteBuffer sense, int transferred) {
        complete(status, sense, transferred, 0);
    }

    /** {@code complete(GOOD, null, transferred)}. */
    default void completeGood(int transferred) {
        complete(0x00, null, transferred);
    }
}
