package org.scsi4j.core.spi.transport;

/** Task management service responses (SAM-5 §7.11; iSCSI response codes RFC 7143 §11.6.1). */
public enum TmfResponse {
    FUNCTION_COMPLETE(0),
    TASK_DOES_NOT_EXIST(1),
    LUN_DOES_NOT_EXIST(2),
    TASK_STILL_ALLEGIANT(3),
    REASSIGNMENT_NOT_SUPPORTED(4),
    FUNCTION_NOT_SUPPORTED(5),
    AUTHORIZATION_FAILED(6),
    FUNCTION_REJECTED(255),
    /** QUERY TASK: the task exists (SAM-5 FUNCTION SUCCEEDED; RFC 7144 response code 7). */
    FUNCTION_SUCCEEDED(7);

    private final int iscsiCode;

    TmfResponse(int iscsiCode) {
        this.iscsiCode = iscsiCode;
    }

    public int iscsiCode() {
        return iscsiCode;
    }
}
