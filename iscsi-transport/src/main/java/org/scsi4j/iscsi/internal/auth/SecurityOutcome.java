package org.scsi4j.iscsi.internal.auth;

import org.scsi4j.iscsi.internal.pdu.PduCodes.LoginStatus;

/**
 * Result of one {@link SecurityNegotiation#process} step. The failures end the login with
 * {@link #loginStatus()} (RFC 7143 §11.13.5).
 */
public enum SecurityOutcome {
    /** Answer with the response keys and T=0; the exchange goes on. */
    CONTINUE(LoginStatus.SUCCESS),
    /** The initiator is authenticated (or AuthMethod=None): the stage may be left. */
    AUTHENTICATED(LoginStatus.SUCCESS),
    /** Unknown user, wrong response, reflected challenge, nothing acceptable offered. */
    AUTHENTICATION_FAILED(LoginStatus.AUTHENTICATION_FAILURE),
    /** A required key (CHAP_N, CHAP_R, or one of CHAP_I/CHAP_C) is missing. */
    MISSING_PARAMETER(LoginStatus.MISSING_PARAMETER),
    /** Security keys out of sequence, or for a method not chosen. */
    INITIATOR_ERROR(LoginStatus.INITIATOR_ERROR),
    /** The target's own configuration is unusable (mutual secret equal to the initiator's). */
    TARGET_ERROR(LoginStatus.TARGET_ERROR);

    private final int loginStatus;

    SecurityOutcome(int loginStatus) {
        this.loginStatus = loginStatus;
    }

    /** @return Status-Class and Status-Detail as {@code 0xCCDD} */
    public int loginStatus() {
        return loginStatus;
    }

    /** @return true for the outcomes that end the login */
    public boolean failed() {
        return this != CONTINUE && this != AUTHENTICATED;
    }
}
