package org.scsi4j.iscsi.initiator;

import org.scsi4j.iscsi.internal.pdu.PduCodes;

/**
 * Task management functions an {@link IscsiSession} can request for a whole LUN or target
 * (RFC 7143 §11.5.1). ABORT TASK is {@link ScsiTask#abort}.
 */
public enum TaskManagementFunction {
    /** Aborts every task of this session on the LUN. */
    ABORT_TASK_SET(PduCodes.TaskManagementFunction.ABORT_TASK_SET, true),
    /** Aborts every task on the LUN, from every initiator (SAM-5). */
    CLEAR_TASK_SET(PduCodes.TaskManagementFunction.CLEAR_TASK_SET, true),
    /** Clears an ACA condition on the LUN. */
    CLEAR_ACA(PduCodes.TaskManagementFunction.CLEAR_ACA, false),
    /** LOGICAL UNIT RESET: aborts every task on the LUN and resets it. */
    LOGICAL_UNIT_RESET(PduCodes.TaskManagementFunction.LOGICAL_UNIT_RESET, true),
    /** TARGET WARM RESET: every LUN of the target. */
    TARGET_WARM_RESET(PduCodes.TaskManagementFunction.TARGET_WARM_RESET, true),
    /** TARGET COLD RESET: like a warm reset, and the target drops every connection. */
    TARGET_COLD_RESET(PduCodes.TaskManagementFunction.TARGET_COLD_RESET, true);

    private final int code;
    private final boolean abortsTasks;

    TaskManagementFunction(int code, boolean abortsTasks) {
        this.code = code;
        this.abortsTasks = abortsTasks;
    }

    /** @return the Function field value, §11.5.1 */
    public int code() {
        return code;
    }

    /** @return true when a successful response means this session's tasks on the LUN ended */
    boolean abortsTasks() {
        return abortsTasks;
    }

    /** @return true when the function applies to every LUN (the LUN field is ignored) */
    boolean targetWide() {
        return this == TARGET_WARM_RESET || this == TARGET_COLD_RESET;
    }
}
