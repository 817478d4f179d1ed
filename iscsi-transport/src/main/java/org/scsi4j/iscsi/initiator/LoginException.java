package org.scsi4j.iscsi.initiator;

import org.scsi4j.iscsi.internal.pdu.PduCodes.LoginStatus;

/**
 * A login the target refused (Login Response Status-Class not 0, RFC 7143 §11.13.5) or one that
 * failed on the initiator's side (a target that fails mutual CHAP, an unacceptable negotiation
 * answer, no answer in time). {@link #status()} is {@code 0xCCDD} (class, detail) for refusals
 * and -1 otherwise.
 */
public final class LoginException extends IscsiException {
    private static final long serialVersionUID = 1L;

    /** Status-Class 2: the initiator's fault (authentication, authorization, not found, ...). */
    public static final int CLASS_INITIATOR_ERROR = LoginStatus.CLASS_INITIATOR_ERROR;
    /** Status-Class 3: the target's fault (service unavailable, out of resources); may pass. */
    public static final int CLASS_TARGET_ERROR = LoginStatus.CLASS_TARGET_ERROR;

    private final int status;

    LoginException(int status, String message) {
        super(Reason.LOGIN_FAILED, false, message);
        this.status = status;
    }

    LoginException(String message, Throwable cause) {
        super(Reason.LOGIN_FAILED, false, message, cause);
        this.status = -1;
    }

    /** Builds the exception for a Login Response with a non-zero status. */
    static LoginException refused(int status, String target, String detail) {
        return new LoginException(status, String.format("login to %s refused: %s (status 0x%04x)%s", target,
                LoginStatus.describe(status), status, detail == null ? "" : "; " + detail));
    }

    /** @return Status-Class and Status-Detail as {@code 0xCCDD}, or -1 when the target did not refuse */
    public int status() {
        return status;
    }

    /** @return Status-Class (1 redirection, 2 initiator error, 3 target error), or -1 */
    public int statusClass() {
        return status < 0 ? -1 : LoginStatus.statusClass(status);
    }

    /** @return true for Status 0x0201, authentication failure (wrong CHAP name or secret) */
    public boolean isAuthenticationFailure() {
        return status == LoginStatus.AUTHENTICATION_FAILURE;
    }
}
