package org.scsi4j.core.spi.transport;

/** Task management functions (SAM-5 §7; iSCSI function codes RFC 7143 §11.5.1). */
public enum TmfFunction {
    ABORT_TASK(1),
    ABORT_TASK_SET(2),
    CLEAR_ACA(3),
    CLEAR_TASK_SET(4),
    LOGICAL_UNIT_RESET(5),
    TARGET_WARM_RESET(6),
    TARGET_COLD_RESET(7),
    TASK_REASSIGN(8),
    QUERY_TASK(9),
    QUERY_TASK_SET(10),
    I_T_NEXUS_RESET(11),
    QUERY_ASYNC_EVENT(12);

    private final int iscsiCode;

    TmfFunction(int iscsiCode) {
        this.iscsiCode = iscsiCode;
    }

    public int iscsiCode() {
        return iscsiCode;
    }

    private static final TmfFunction[] BY_CODE = new TmfFunction[16];

    static {
        for (TmfFunction f : values()) {
            BY_CODE[f.iscsiCode] = f;
        }
    }

    /** @return the function for an iSCSI function code, or null when the code is unknown */
    public static TmfFunction fromIscsiCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
