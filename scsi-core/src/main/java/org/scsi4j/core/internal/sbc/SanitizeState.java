package org.scsi4j.core.internal.sbc;

import java.util.concurrent.atomic.AtomicInteger;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.device.IoCompletion;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * The sanitize state of one logical unit (SBC-4 §4.11): idle, a sanitize operation in progress
 * (with its progress), or sanitize failure mode after an operation that completed with an error.
 * Thread-safe; read by the engine's dispatch on every command (two volatile reads when idle).
 *
 * <p><b>While in progress</b> (SBC-4 §4.11) only INQUIRY, LOG
 * SENSE, REPORT LUNS and REQUEST SENSE are processed; every other command is terminated with
 * NOT READY, LOGICAL UNIT NOT READY, SANITIZE IN PROGRESS and the sense-key-specific PROGRESS
 * INDICATION of {@link #progressIndication()}. <b>In failure mode</b> those commands and SANITIZE
 * are processed; the others get MEDIUM ERROR, SANITIZE COMMAND FAILED, until a SANITIZE completes
 * without error or, when the failed one had AUSE=1, EXIT FAILURE MODE is processed (SBC-3 §5.24).
 *
 * <p>The engine applies this through {@link #refusal(CommandDescriptor)} at dispatch; the run
 * itself ({@code SanitizeRun}) reports here when it ends, as the {@link IoCompletion} of its lease.
 */
public final class SanitizeState implements IoCompletion {
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int FAILED = 2;

    /** The commands SBC-4 lets through while a sanitize runs or has failed. */
    private static final int INQUIRY = 0x12;
    private static final int LOG_SENSE = 0x4D;
    private static final int REPORT_LUNS = 0xA0;
    private static final int REQUEST_SENSE = 0x03;
    static final int SANITIZE = 0x48;

    private final AtomicInteger phase = new AtomicInteger(IDLE);
    /** PROGRESS INDICATION numerator over 65536 (SPC-4 sense-key-specific progress indication). */
    private volatile int progress;
    /** AUSE of the running or failed operation. */
    private volatile boolean ause;
    /** The task that waits for the run (IMMED=0), or null. */
    private volatile IoCompletion waiter;

    /** Whether a sanitize operation is in progress. */
    public boolean inProgress() {
        return phase.get() == RUNNING;
    }

    /** Whether the unit is in sanitize failure mode. */
    public boolean inFailureMode() {
        return phase.get() == FAILED;
    }

    /** Fraction of the running operation done, 0..65535 (0 when none runs). */
    public int progressIndication() {
        return progress;
    }

    /**
     * What the engine's dispatch must answer for a command on this unit, or null to process it.
     *
     * @return {@link SenseReason#NOT_READY_SANITIZE_IN_PROGRESS} (send with the progress
     *         indication), {@link SenseReason#SANITIZE_COMMAND_FAILED}, or null
     */
    public SenseReason refusal(CommandDescriptor d) {
        int p = phase.get();
        if (p == IDLE || d == null || allowedDuringSanitize(d.opcode())) {
            return null;
        }
        if (p == RUNNING) {
            return SenseReason.NOT_READY_SANITIZE_IN_PROGRESS;
        }
        return d.opcode() == SANITIZE ? null : SenseReason.SANITIZE_COMMAND_FAILED;
    }

    private static boolean allowedDuringSanitize(int opcode) {
        return opcode == INQUIRY || opcode == LOG_SENSE || opcode == REPORT_LUNS || opcode == REQUEST_SENSE;
    }

    /** Whether failure mode was entered by an operation with AUSE=0 (EXIT FAILURE MODE is refused). */
    boolean restrictedFailure() {
        return phase.get() == FAILED && !ause;
    }

    /**
     * Enters "in progress" unless a run already is.
     *
     * @return false when a sanitize is already in progress
     */
    boolean begin(boolean allowUnrestrictedExit) {
        int p = phase.get();
        if (p == RUNNING || !phase.compareAndSet(p, RUNNING)) {
            return false;
        }
        this.ause = allowUnrestrictedExit;
        this.progress = 0;
        return true;
    }

    /** IMMED=0: the task to complete when the run ends. Set after {@link #begin}, before the run starts. */
    void await(IoCompletion task) {
        this.waiter = task;
    }

    /** EXIT FAILURE MODE: leaves failure mode (a no-op when not in it). */
    void exitFailureMode() {
        phase.compareAndSet(FAILED, IDLE);
    }

    void progress(long done, long total) {
        progress = total <= 0 ? 0 : (int) Math.min(0xFFFF, (done << 16) / total);
    }

    /** The run ended (any thread): record the outcome, then complete the waiting task, if any. */
    @Override
    public void complete(IoStatus status, long information) {
        IoCompletion w = waiter;
        waiter = null;
        progress = 0;
        phase.set(status == IoStatus.GOOD ? IDLE : FAILED);
        if (w != null) {
            w.complete(status, information);
        }
    }
}
