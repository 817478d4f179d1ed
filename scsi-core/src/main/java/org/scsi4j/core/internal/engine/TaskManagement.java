package org.scsi4j.core.internal.engine;

import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.transport.TmfFunction;
import org.scsi4j.core.spi.transport.TmfResponse;

/**
 * Task management functions (SAM-5 §7) arriving on one nexus. Task sets are per I_T nexus
 * (TST=001b), so ABORT TASK, ABORT TASK SET and CLEAR TASK SET act on the issuing nexus's tasks;
 * LOGICAL UNIT RESET and the target resets act on every nexus. Every response waits until the
 * device I/O of the aborted tasks has returned — once it is sent, no aborted task acts any more —
 * bounded by the target's task management timeout, after which it is sent anyway and the late I/O
 * is released silently when it returns.
 */
final class TaskManagement {
    private TaskManagement() {
    }

    static void execute(Nexus nexus, long tmfTag, TmfFunction function, long lunField, long referencedTag) {
        if (function == null) {
            respond(nexus, tmfTag, TmfResponse.FUNCTION_NOT_SUPPORTED);
            return;
        }
        int lun = LunAddress.decode(lunField);
        LogicalUnit lu = lun == LunAddress.INVALID ? null : nexus.currentMap().get(lun);
        switch (function) {
            case ABORT_TASK: {
                Task t = find(nexus, referencedTag);
                if (t == null) {
                    respond(nexus, tmfTag, TmfResponse.TASK_DOES_NOT_EXIST);
                    return;
                }
                TmfWait wait = localWait(nexus, tmfTag);
                nexus.abort(t, wait);
                boundAndRelease(nexus, wait);
                return;
            }
            case QUERY_TASK:
                respond(nexus, tmfTag, find(nexus, referencedTag) != null
                        ? TmfResponse.FUNCTION_SUCCEEDED : TmfResponse.FUNCTION_COMPLETE);
                return;
            case ABORT_TASK_SET:
            case CLEAR_TASK_SET: {
                if (lu == null) {
                    respond(nexus, tmfTag, TmfResponse.LUN_DOES_NOT_EXIST);
                    return;
                }
                TmfWait wait = localWait(nexus, tmfTag);
                nexus.abortAllFor(lu, wait);
                boundAndRelease(nexus, wait);
                return;
            }
            case LOGICAL_UNIT_RESET:
                if (lu == null) {
                    respond(nexus, tmfTag, TmfResponse.LUN_DOES_NOT_EXIST);
                    return;
                }
                lu.reservations().reset();
                if (lu.medium() != null) {
                    lu.medium().reset();
                }
                // SAM-5 §7.4: every I_T nexus, the issuer's included (libiscsi MultipathIO.Reset)
                lu.target().postUnitAttention(lu, SenseReason.BUS_DEVICE_RESET_FUNCTION_OCCURRED, null);
                lu.target().abortTasks(lu, n -> true,
                        () -> nexus.runOnOwner(() -> respond(nexus, tmfTag, TmfResponse.FUNCTION_COMPLETE)));
                lu.resetDevice();
                return;
            case TARGET_WARM_RESET:
            case TARGET_COLD_RESET:
                resetTarget(nexus, tmfTag);
                return;
            case I_T_NEXUS_RESET: {
                for (LogicalUnit u : nexus.target().allUnits()) {
                    u.reservations().nexusLost(nexus);
                    if (u.medium() != null) {
                        u.medium().nexusLost(nexus);
                    }
                }
                TmfWait wait = localWait(nexus, tmfTag);
                nexus.abortAllFor(null, wait);
                boundAndRelease(nexus, wait);
                return;
            }
            case CLEAR_ACA:
            case TASK_REASSIGN:
            case QUERY_TASK_SET:
            case QUERY_ASYNC_EVENT:
            default:
                respond(nexus, tmfTag, TmfResponse.FUNCTION_NOT_SUPPORTED);
        }
    }

    /** TARGET WARM/COLD RESET: every unit is reset, every nexus's tasks on it aborted. */
    private static void resetTarget(Nexus nexus, long tmfTag) {
        LogicalUnit[] units = nexus.target().allUnits();
        java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger(units.length + 1);
        Runnable unitDone = () -> {
            if (pending.decrementAndGet() == 0) {
                nexus.runOnOwner(() -> respond(nexus, tmfTag, TmfResponse.FUNCTION_COMPLETE));
            }
        };
        for (LogicalUnit u : units) {
            u.reservations().reset();
            if (u.medium() != null) {
                u.medium().reset();
            }
            u.target().postUnitAttention(u, SenseReason.POWER_ON_RESET_OR_BUS_DEVICE_RESET, null);
            u.target().abortTasks(u, n -> true, unitDone);
            u.resetDevice();
        }
        unitDone.run();
    }

    /** A wait on this nexus that answers the TMF with FUNCTION COMPLETE. */
    private static TmfWait localWait(Nexus nexus, long tmfTag) {
        return new TmfWait(() -> respond(nexus, tmfTag, TmfResponse.FUNCTION_COMPLETE));
    }

    /** Bounds the wait by the target's timeout when device I/O is outstanding, then drops the TMF's own hold. */
    private static void boundAndRelease(Nexus nexus, TmfWait wait) {
        if (wait.outstanding() > 0) {
            nexus.target().schedule(() -> nexus.runOnOwner(wait::fire));
        }
        wait.release();
    }

    private static void respond(Nexus nexus, long tmfTag, TmfResponse response) {
        if (!nexus.isClosed()) {
            nexus.port().taskManagementCompleted(tmfTag, response);
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
