package org.scsi4j.iscsi.initiator;

import org.scsi4j.iscsi.internal.pdu.PduCodes;

/** The Response field of a Task Management Function Response, RFC 7143 §11.6.1. */
public enum TaskManagementResponse {
    FUNCTION_COMPLETE(PduCodes.TaskManagementResponse.FUNCTION_COMPLETE),
    TASK_DOES_NOT_EXIST(PduCodes.TaskManagementResponse.TASK_DOES_NOT_EXIST),
    LUN_DOES_NOT_EXIST(PduCodes.TaskManagementResponse.LUN_DOES_NOT_EXIST),
    TASK_STILL_ALLEGIANT(PduCodes.TaskManagementResponse.TASK_STILL_ALLEGIANT),
    TASK_ALLEGIANCE_REASSIGNMENT_NOT_SUPPORTED(PduCodes.TaskManagementResponse.TASK_ALLEGIANCE_REASSIGNMENT_NOT_SUPPORTED),
    FUNCTION_NOT_SUPPORTED(PduCodes.TaskManagementResponse.FUNCTION_NOT_SUPPORTED),
    FUNCTION_AUTHORIZATION_FAILED(PduCodes.TaskManagementResponse.FUNCTION_AUTHORIZATION_FAILED),
    FUNCTION_SUCCEEDED(PduCodes.TaskManagementResponse.FUNCTION_SUCCEEDED),
    FUNCTION_REJECTED(PduCodes.TaskManagementResponse.FUNCTION_REJECTED),
    /** A value RFC 7143 reserves. */
    UNKNOWN(-1);

    private final int code;

    TaskManagementResponse(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @return true for Function complete and Function succeeded */
    public boolean succeeded() {
        return this == FUNCTION_COMPLETE || this == FUNCTION_SUCCEEDED;
    }

    static TaskManagementResponse of(int code) {
        for (TaskManagementResponse r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return UNKNOWN;
    }
}
