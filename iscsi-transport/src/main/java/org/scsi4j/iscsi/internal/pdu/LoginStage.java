package org.scsi4j.iscsi.internal.pdu;

/**
 * Login stages, the CSG and NSG codes of Login Request/Response, RFC 7143 §11.12.3 and §6.3.
 */
public enum LoginStage {
    /** 0: SecurityNegotiation. */
    SECURITY_NEGOTIATION(0),
    /** 1: LoginOperationalNegotiation. */
    OPERATIONAL_NEGOTIATION(1),
    /** 3: FullFeaturePhase. */
    FULL_FEATURE_PHASE(3);

    private final int code;

    LoginStage(int code) {
        this.code = code;
    }

    /** @return the two-bit wire code */
    public int code() {
        return code;
    }

    /** @return the stage for a CSG/NSG code, or null for the reserved value 2 */
    public static LoginStage fromCode(int code) {
        switch (code) {
            case 0: return SECURITY_NEGOTIATION;
            case 1: return OPERATIONAL_NEGOTIATION;
            case 3: return FULL_FEATURE_PHASE;
            default: return null;
        }
    }
}
