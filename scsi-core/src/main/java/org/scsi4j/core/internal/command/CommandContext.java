package org.scsi4j.core.internal.command;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.engine.NexusView;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.device.IoCompletion;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * What a {@link CommandHandler} sees of one task. Implemented by the engine's task; every method
 * is for the task's owner thread. Exactly one {@code complete*}, {@code checkCondition*} or
 * {@code invalidField*} call finishes the task; after it the handler must not touch the context.
 */
public interface CommandContext {

    /** The CDB (at least {@link #cdbLength()} bytes; do not modify). */
    byte[] cdb();

    int cdbLength();

    /** The descriptor that matched the CDB. */
    CommandDescriptor descriptor();

    /** The logical unit addressed, or null for a command accepted on an unmapped LUN. */
    LogicalUnit lu();

    /** The I_T nexus the task came in on. */
    NexusView nexus();

    /** True when writes are refused for this nexus: read-only mapping or read-only device. */
    boolean writeProtected();

    /** The initiator's expected data transfer length in bytes. */
    int expectedDataTransferLength();

    /**
     * The data-out received: position 0, limit = bytes received (the smaller of what the command
     * takes and what the initiator sent). Empty for commands without data-out.
     */
    ByteBuffer dataOut();

    /**
     * The data-in buffer of this task, at least {@code capacity} bytes, position 0 and limit
     * {@code capacity}, contents undefined (a device read fills it). A direct, 4096-aligned buffer
     * from the target's pool, released with the task; calling again returns the same buffer while
     * it is large enough.
     *
     * @return the buffer, or null when the pool is exhausted (the handler then completes with
     *         {@link #completeBusy()})
     */
    ByteBuffer dataInBuffer(int capacity);

    /**
     * Like {@link #dataInBuffer} but zero-filled: for parameter data a handler builds field by
     * field (INQUIRY, MODE SENSE, ...). Null when the pool is exhausted.
     */
    ByteBuffer parameterData(int capacity);

    /** A second task buffer (compare data, read-back for verify), like {@link #dataInBuffer}; null when the pool is exhausted. */
    ByteBuffer scratchBuffer(int capacity);

    // --- per-task scratch state for multi-step handlers ---------------------------------------

    long lba();

    void lba(long lba);

    long blocks();

    void blocks(long blocks);

    long progress();

    void progress(long progress);

    // --- device I/O --------------------------------------------------------------------------

    /**
     * The completion to pass to a device call; when it fires, {@code next} runs on the owner
     * thread. One operation at a time per task.
     */
    IoCompletion io(IoContinuation next);

    // --- completion --------------------------------------------------------------------------

    /** GOOD status, no data. */
    void completeGood();

    /**
     * GOOD status with data-in: the first {@code length} bytes of the data-in buffer are the
     * response; the core sends at most {@code allocationLength} of them (and at most the expected
     * data transfer length) and computes residuals.
     */
    void completeDataIn(int length, int allocationLength);

    /** A status without sense data (CONDITION MET, RESERVATION CONFLICT, TASK SET FULL, BUSY). */
    void completeStatus(int scsiStatus);

    /** BUSY: the target is out of resources for the moment. */
    void completeBusy();

    /** CHECK CONDITION with the given reason. */
    void checkCondition(SenseReason reason);

    /** CHECK CONDITION with the INFORMATION field set (e.g. an LBA, a miscompare offset). */
    void checkCondition(SenseReason reason, long information);

    /**
     * CHECK CONDITION, ILLEGAL REQUEST, INVALID FIELD IN CDB with the field pointer.
     *
     * @param bit the bit (0..7) in error, or -1 when the whole byte is meant
     */
    void invalidFieldInCdb(int byteIndex, int bit);

    /** CHECK CONDITION, ILLEGAL REQUEST, INVALID FIELD IN PARAMETER LIST with the field pointer. */
    void invalidFieldInParameterList(int byteIndex, int bit);

    /** Completes with the sense the table gives for a failed device operation. */
    void deviceFailed(IoStatus status, long information, boolean whileWriting);
}
