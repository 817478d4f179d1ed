package org.scsi4j.core.internal.engine;

import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.transport.TmfFunction;
import org.scsi4j.core.spi.transport.TmfResponse;

/**
 * Task management functions (SAM-5 §7) for one nexus. The response waits for the device I/O of
 * every aborted task to return, so that once it is sent no aborted task acts any more.
 */
final class TaskManagement {
    private TaskManagement() {
    }

    static void execute(Nexus nexus, long tmfTag, TmfFunction function, long lunField, long referencedTag) {
        if (function == null) {
            nexus.port().taskManagementCompleted(tmfTag, TmfResponse.FUNCTION_NOT_SUPPORTED);
            return;
        }
        int lun = LunAddress.decode(lunField);
        LogicalUnit lu = lun == LunAddress.INVALID ? null : nexus.target().lunMap().get(lun);
        switch (function) {
            case ABORT_TASK:
                abortTask(nexus, tmfTag, referencedTag);
                return;
            case QUERY_TASK:
                nexus.port().taskManagementCompleted(tmfTag,
                        find(nexus, referencedTag) != null ? TmfResponse.FUNCTION_SUCCEEDED : TmfResponse.FUNCTION_COMPLETE);
                return;
            case ABORT_TASK_SET:
            case CLEAR_TASK_SET:
            case LOGICAL_UNIT_RESET:
                if (lu == null) {
                    nexus.port().taskManagementCompleted(tmfTag, TmfResponse.LUN_DOES_NOT_EXIST);
                    return;
                }
                TmfWait wait = new TmfWait(tmfTag, TmfResponse.FUNCTION_COMPLETE);
                wait.remaining = 1;
                for (Task t : nexus.tasks()) {
                    if (t.lu == lu && t.state != Task.State.FREE) {
                        nexus.abort(t, wait);
                    }
                }
                if (function == TmfFunction.LOGICAL_UNIT_RESET) {
                    lu.reservations().reset();
                    nexus.target().postUnitAttention(lu, SenseReason.BUS_DEVICE_RESET_FUNCTION_OCCURRED, nexus);
                }
                answerWhenDone(nexus, wait);
                return;
            case TARGET_WARM_RESET:
            case TARGET_COLD_RESET:
            case I_T_NEXUS_RESET: {
                TmfWait all = new TmfWait(tmfTag, TmfResponse.FUNCTION_COMPLETE);
                all.remaining = 1;
                for (Task t : nexus.tasks()) {
                    if (t.state != Task.State.FREE) {
                        nexus.abort(t, all);
                    }
                }
                if (function != TmfFunction.I_T_NEXUS_RESET) {
                    for (LogicalUnit u : nexus.target().lunMap().units()) {
                        u.reservations().reset();
                        nexus.target().postUnitAttention(u, SenseReason.POWER_ON_RESET_OR_BUS_DEVICE_RESET, nexus);
                    }
                }
                answerWhenDone(nexus, all);
                return;
            }
            case CLEAR_ACA:
            case TASK_REASSIGN:
            case QUERY_TASK_SET:
            case QUERY_ASYNC_EVENT:
            default:
                nexus.port().taskManagementCompleted(tmfTag, TmfResponse.FUNCTION_NOT_SUPPORTED);
        }
    }

    private static void abortTask(Nexus nexus, long tmfTag, long referencedTag) {
        Task t = find(nexus, referencedTag);
        if (t == null) {
            nexus.port().taskManagementCompleted(tmfTag, TmfResponse.TASK_DOES_NOT_EXIST);
            return;
        }
        TmfWait wait = new TmfWait(tmfTag, TmfResponse.FUNCTION_COMPLETE);
        wait.remaining = 1;
        nexus.abort(t, wait);
        answerWhenDone(nexus, wait);
    }

    /** Drops the TMF's own hold on the wait; answers now if no aborted I/O is outstanding. */
    private static void answerWhenDone(Nexus nexus, TmfWait wait) {
        if (--wait.remaining == 0) {
            nexus.port().taskManagementCompleted(wait.tmfTag, wait.response);
        }
    }

    private static Task find(Nexus nexus, long tag) {
        for (Task t : nexus.tasks()) {
            if (t.state != Task.State.FREE && t.state != Task.State.DONE && t.tag == tag && !t.abortRequested) {
                return t;
            }
        }
        return null;
    }
}
