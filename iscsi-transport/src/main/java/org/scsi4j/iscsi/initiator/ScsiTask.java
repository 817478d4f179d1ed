package org.scsi4j.iscsi.initiator;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.scsi4j.iscsi.internal.pdu.PduCodes;

/**
 * A SCSI command sent with {@link IscsiSession#submit}: its outcome as a future, and ABORT TASK.
 * The future completes on the session's I/O thread, exceptionally with an
 * {@link IscsiException} when the command got no SCSI status.
 */
public final class ScsiTask {
    private final IscsiSession session;
    private final int itt;
    private final long lunField;
    private final CompletableFuture<ScsiResult> result;

    ScsiTask(IscsiSession session, int itt, long lunField, CompletableFuture<ScsiResult> result) {
        this.session = session;
        this.itt = itt;
        this.lunField = lunField;
        this.result = result;
    }

    /** @return the outcome; completes on the session's I/O thread (callbacks must not block) */
    public CompletableFuture<ScsiResult> result() {
        return result;
    }

    public boolean isDone() {
        return result.isDone();
    }

    /** @return the Initiator Task Tag the command went with (logs, traces) */
    public int initiatorTaskTag() {
        return itt;
    }

    /**
     * Waits for the outcome.
     *
     * @throws IscsiException as the command failed, or {@link IscsiException.Reason#TIMED_OUT}
     *         when {@code timeout} passed first (the command is still running: abort it)
     */
    public ScsiResult await(Duration timeout) throws IOException {
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IscsiException ie) {
                throw new IscsiException(ie.reason(), ie.mayHaveExecuted(), ie.getMessage(), ie);
            }
            throw new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IscsiException(IscsiException.Reason.TIMED_OUT, true, "no outcome within " + timeout
                    + " (the command is still in flight)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for a SCSI command");
        }
    }

    /**
     * ABORT TASK (RFC 7143 §11.5.1) and waits for the answer. A command not sent yet is
     * removed from the queue without asking the target. After FUNCTION COMPLETE (or TASK DOES
     * NOT EXIST) the future fails with {@link IscsiException.Reason#ABORTED} unless the command
     * completed first.
     *
     * @return the target's answer (TASK DOES NOT EXIST when the command had already ended)
     */
    public TaskManagementResponse abort(Duration timeout) throws IOException {
        if (result.isDone()) {
            return TaskManagementResponse.TASK_DOES_NOT_EXIST;
        }
        return session.tmf(PduCodes.TaskManagementFunction.ABORT_TASK, lunField, itt, timeout);
    }

    @Override
    public String toString() {
        return String.format("ScsiTask[ITT 0x%08x, %s]", itt, result.isDone() ? "done" : "in flight");
    }
}
