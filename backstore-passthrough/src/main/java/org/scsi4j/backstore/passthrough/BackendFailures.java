package org.scsi4j.backstore.passthrough;

import org.scsi4j.core.spi.device.FixedSense;
import org.scsi4j.core.spi.device.ScsiDeviceCommand;
import org.scsi4j.iscsi.initiator.IscsiException;

/**
 * What a forwarded command completes with when the backend gave it no SCSI status: one table,
 * keyed by whether the backend may have executed it.
 *
 * <table>
 *   <caption>outcome → status</caption>
 *   <tr><th>outcome at the backend</th><th>status to the initiator</th></tr>
 *   <tr><td>aborted by our own task management (the core aborted it)</td><td>TASK ABORTED (the core
 *       discards it anyway)</td></tr>
 *   <tr><td>certainly not executed: the backend is not connected, or the session failed the
 *       command before sending it</td><td>BUSY</td></tr>
 *   <tr><td>no free command slot</td><td>TASK SET FULL</td></tr>
 *   <tr><td>may have executed: connection lost, protocol error, Reject, iSCSI Target
 *       Failure</td><td>CHECK CONDITION, ABORTED COMMAND, LOGICAL UNIT COMMUNICATION FAILURE
 *       (08h/00h)</td></tr>
 *   <tr><td>may have executed, timed out (and aborted)</td><td>CHECK CONDITION, ABORTED COMMAND,
 *       LOGICAL UNIT COMMUNICATION TIME-OUT (08h/01h)</td></tr>
 * </table>
 *
 * <p>Why not BUSY for everything: BUSY invites a blind resend, and a resent tape WRITE, WRITE
 * FILEMARKS or SPACE that had in fact reached the drive acts twice. ABORTED COMMAND is what every
 * initiator understands as "this command did not complete, its effect is unknown": disk drivers
 * retry it a bounded number of times (harmless for block reads and writes), tape drivers report it
 * to the application, which alone knows whether repeating is safe. ASC 08h is what SPC-4 defines
 * for a device that lost contact with the thing behind it. BUSY is kept for commands the backend
 * never saw, where a retry is always safe and the device is reconnecting in the background.
 * Sense is in fixed format (SPC-4 §4.5.3), which every initiator parses.
 */
final class BackendFailures {
    static final int GOOD = 0x00;
    static final int CHECK_CONDITION = 0x02;
    static final int BUSY = 0x08;
    static final int TASK_SET_FULL = 0x28;
    static final int TASK_ABORTED = 0x40;

    static final int ABORTED_COMMAND = 0x0B;
    static final int LU_COMMUNICATION_FAILURE = 0x08;
    static final int INTERNAL_TARGET_FAILURE = 0x44;

    private BackendFailures() {
    }

    /** Completes {@code command}, which got {@code failure} instead of a status. */
    static void complete(ScsiDeviceCommand command, Throwable failure) {
        if (!(failure instanceof IscsiException e)) {
            // not the session's own outcome (a bug somewhere): the command may have gone out
            command.complete(CHECK_CONDITION, FixedSense.of(ABORTED_COMMAND, LU_COMMUNICATION_FAILURE, 0x00), 0);
            return;
        }
        switch (e.reason()) {
            case ABORTED, INTERRUPTED -> command.complete(TASK_ABORTED, null, 0);
            case QUEUE_FULL -> command.complete(TASK_SET_FULL, null, 0);
            case REJECTED, PROTOCOL_ERROR -> // a resend would be refused again: never BUSY
                    command.complete(CHECK_CONDITION, FixedSense.of(ABORTED_COMMAND, LU_COMMUNICATION_FAILURE, 0x00), 0);
            case TIMED_OUT -> command.complete(e.mayHaveExecuted() ? CHECK_CONDITION : BUSY,
                    e.mayHaveExecuted() ? FixedSense.of(ABORTED_COMMAND, LU_COMMUNICATION_FAILURE, 0x01) : null, 0);
            default -> {
                if (e.mayHaveExecuted()) {
                    command.complete(CHECK_CONDITION, FixedSense.of(ABORTED_COMMAND, LU_COMMUNICATION_FAILURE, 0x00), 0);
                } else {
                    notSent(command);
                }
            }
        }
    }

    /** The backend never saw {@code command} (not connected): BUSY, retry later. */
    static void notSent(ScsiDeviceCommand command) {
        command.complete(BUSY, null, 0);
    }

    /** iSCSI Response "Target Failure" (RFC 7143 §11.4.3): no valid status from the backend. */
    static void targetFailure(ScsiDeviceCommand command) {
        command.complete(CHECK_CONDITION, FixedSense.of(ABORTED_COMMAND, INTERNAL_TARGET_FAILURE, 0x00), 0);
    }
}
