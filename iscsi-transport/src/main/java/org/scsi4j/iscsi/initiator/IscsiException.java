package org.scsi4j.iscsi.initiator;

import java.io.IOException;
import java.util.Objects;

/**
 * Why an iSCSI command, task management request or session operation did not produce an answer
 * from the target. One class with a {@link Reason}, not a hierarchy; {@link LoginException}
 * alone adds fields (the login status).
 *
 * <p>{@link #mayHaveExecuted()} is what a caller deciding on a retry needs: false means the
 * target never received the command (it was still queued for the CmdSN window or the
 * reconnection), true means the target may have executed it in full, in part, or not at all.
 */
public class IscsiException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The cause, as a table of outcomes. */
    public enum Reason {
        /** The TCP connection dropped (or was dropped after a protocol error) with the command in flight. */
        CONNECTION_LOST,
        /** The command's timeout expired; it was aborted (ABORT TASK) or its connection dropped. */
        TIMED_OUT,
        /** Aborted by a task management function (ABORT TASK, ABORT TASK SET, LUN RESET, ...). */
        ABORTED,
        /** The waiting thread was interrupted; the command was aborted as on a timeout. */
        INTERRUPTED,
        /** The target answered with a Reject PDU (RFC 7143 §11.17). */
        REJECTED,
        /** The session is closed, closing, or gave up reconnecting. */
        SESSION_CLOSED,
        /** The target broke the protocol; the connection was dropped (RFC 7143 §7). */
        PROTOCOL_ERROR,
        /** Login failed: see {@link LoginException}. */
        LOGIN_FAILED,
        /** All command slots stayed in use for the whole timeout (the command was not sent). */
        QUEUE_FULL
    }

    private final Reason reason;
    private final boolean mayHaveExecuted;

    public IscsiException(Reason reason, boolean mayHaveExecuted, String message) {
        this(reason, mayHaveExecuted, message, null);
    }

    public IscsiException(Reason reason, boolean mayHaveExecuted, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.mayHaveExecuted = mayHaveExecuted;
    }

    public Reason reason() {
        return reason;
    }

    /**
     * @return false when the target cannot have seen the command (safe to retry anything); true
     *         when it may have executed — retry only commands that are safe to repeat
     */
    public boolean mayHaveExecuted() {
        return mayHaveExecuted;
    }
}
