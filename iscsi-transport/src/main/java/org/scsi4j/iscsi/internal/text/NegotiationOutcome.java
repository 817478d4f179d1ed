package org.scsi4j.iscsi.internal.text;

import org.scsi4j.iscsi.internal.pdu.PduCodes.LoginStatus;

/**
 * Result of one {@link LoginNegotiator#negotiate} call. Anything but {@link #OK} ends the
 * login with the Status-Class/Status-Detail of {@link #loginStatus()} (RFC 7143 §11.13.5);
 * during full feature phase it is answered with a Reject (reason Protocol Error) instead.
 */
public enum NegotiationOutcome {
    /** Responses computed; carry on. */
    OK(LoginStatus.SUCCESS),
    /** A key was offered twice in one negotiation (§6.2, §6.3): initiator error. */
    KEY_REPEATED(LoginStatus.INITIATOR_ERROR),
    /** A security key outside the security negotiation stage (§12): initiator error. */
    KEY_IN_WRONG_STAGE(LoginStatus.INITIATOR_ERROR),
    /** The answer to a key the target offered is not a valid outcome (§6.2): initiator error. */
    INVALID_ANSWER(LoginStatus.INITIATOR_ERROR),
    /** InitiatorName, or TargetName of a Normal session, missing in the first request (§13.4–5). */
    MISSING_PARAMETER(LoginStatus.MISSING_PARAMETER),
    /** SessionType invalid, or Discovery not offered (§13.21). */
    SESSION_TYPE_NOT_SUPPORTED(LoginStatus.SESSION_TYPE_NOT_SUPPORTED),
    /** No target of the requested TargetName. */
    TARGET_NOT_FOUND(LoginStatus.NOT_FOUND);

    private final int loginStatus;

    NegotiationOutcome(int loginStatus) {
        this.loginStatus = loginStatus;
    }

    /** @return Status-Class and Status-Detail as {@code 0xCCDD} */
    public int loginStatus() {
        return loginStatus;
    }
}
