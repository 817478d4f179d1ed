package org.scsi4j.iscsi.initiator;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One slot of the session's task table: a SCSI command, a task management request, a NOP-Out
 * ping or a Text exchange, from submission to completion. Pooled and reused; its Initiator Task
 * Tag is {@code generation << 16 | index}, so a late PDU for an earlier use of the slot never
 * matches (RFC 7143 §11.2.1.8: the ITT is unique among the session's outstanding tasks).
 *
 * <p>Ownership: the submitting thread fills the request fields, then hands the task over through
 * the loop's queue (happens-before). From then on only the I/O loop touches it, including the
 * caller's buffers, until it writes the outcome and sets the volatile {@link #done}; then the
 * owner (the waiting thread, or the loop itself for futures and internal tasks) reads the
 * outcome and releases the slot.
 */
final class Task {
    enum Kind { SCSI, TMF, NOP, TEXT }

    /** How the loop signals completion. */
    enum Owner { WAITER, FUTURE, INTERNAL }

    /** Loop-private lifecycle. */
    enum Wire { IDLE, PENDING, SENT }

    final int index;
    final boolean control;
    private int generation;

    // ---------------------------------------------------------------- request (submitter)
    int itt;
    Kind kind;
    Owner owner;
    Thread waiter;
    CompletableFuture<ScsiResult> future;
    CompletableFuture<TaskManagementResponse> tmfFuture;
    long deadline;          // System.nanoTime() value; 0 = none
    long lun;
    final byte[] cdb = new byte[org.scsi4j.iscsi.internal.pdu.AdditionalHeaderSegment.MAX_CDB_LENGTH];
    int cdbLength;
    int taskAttribute;
    ByteBuffer dataOut;
    int dataOutBase;
    int dataOutLength;
    ByteBuffer dataIn;
    int dataInBase;
    int dataInLength;
    int function;           // TMF function code
    int refItt;             // TMF: referenced task
    byte[] text;            // TEXT / NOP-Out data

    // ---------------------------------------------------------------- loop-private
    Wire wire = Wire.IDLE;
    Task nextPending;
    int cmdSn;
    int expDataSn;
    Task refTask;            // TMF: resolved referenced task
    Task abortTmf;           // SCSI: the ABORT TASK in flight for it
    IscsiException.Reason abortReason;
    boolean deadlineHandled;
    java.io.ByteArrayOutputStream textIn;

    // ---------------------------------------------------------------- outcome (loop → owner)
    int response;
    int status;
    boolean underflow;
    boolean overflow;
    long residual;
    long bidiResidual;
    int bytesReceived;
    int bytesSent;
    final byte[] sense = new byte[ScsiResult.MAX_SENSE_LENGTH];
    int senseLength;
    int tmfResponse;
    IscsiException failure;
    volatile boolean done;

    Task(int index, boolean control) {
        this.index = index;
        this.control = control;
    }

    /** Called by the acquirer: a fresh ITT and a clean request. */
    Task begin(Kind kind, Owner owner) {
        generation = (generation + 1) & 0x7FFF;
        itt = generation << 16 | index;
        this.kind = kind;
        this.owner = owner;
        waiter = owner == Owner.WAITER ? Thread.currentThread() : null;
        deadline = 0;
        lun = 0;
        cdbLength = 0;
        taskAttribute = org.scsi4j.iscsi.internal.pdu.ScsiCommandPdu.ATTR_SIMPLE;
        dataOut = null;
        dataOutLength = 0;
        dataIn = null;
        dataInLength = 0;
        function = 0;
        refItt = 0;
        text = null;
        future = null;
        tmfFuture = null;
        response = 0;
        status = 0;
        underflow = false;
        overflow = false;
        residual = 0;
        bidiResidual = 0;
        bytesReceived = 0;
        bytesSent = 0;
        senseLength = 0;
        tmfResponse = -1;
        failure = null;
        done = false;
        return this;
    }

    /** Drops references to caller objects once the outcome was read (the slot may idle long). */
    void clearReferences() {
        waiter = null;
        dataOut = null;
        dataIn = null;
        future = null;
        tmfFuture = null;
        text = null;
        textIn = null;
        refTask = null;
        abortTmf = null;
        nextPending = null;
    }

    /** Loop side: resets the wire state for a (re)transmission from the start. */
    void resetWire() {
        expDataSn = 0;
        bytesReceived = 0;
        bytesSent = 0;
        abortTmf = null;
        abortReason = null;
        deadlineHandled = false;
    }

    boolean isWrite() {
        return dataOutLength > 0;
    }

    boolean isRead() {
        return dataInLength > 0;
    }

    /** Copies the outcome of a completed SCSI command into {@code into}. */
    ScsiResult resultInto(ScsiResult into) {
        return into.set(response, status, underflow, overflow, residual, bidiResidual, bytesReceived, bytesSent)
                .sense(sense, senseLength);
    }

    String describe() {
        switch (kind) {
            case SCSI:
                return String.format("SCSI command 0x%02x (ITT 0x%08x)", cdb[0] & 0xFF, itt);
            case TMF:
                return String.format("task management function %d (ITT 0x%08x)", function, itt);
            case NOP:
                return String.format("NOP-Out (ITT 0x%08x)", itt);
            default:
                return String.format("Text Request (ITT 0x%08x)", itt);
        }
    }
}
