package org.scsi4j.iscsi.initiator;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;
import org.scsi4j.iscsi.internal.pdu.HeaderFlyweight;
import org.scsi4j.iscsi.internal.pdu.PduCodes;

/**
 * Full feature phase on the I/O loop (RFC 7143 §4.2, §11): the CmdSN window, the queue of
 * commands waiting for it, the Data-Out sequences (immediate, unsolicited, solicited by R2T),
 * completion of tasks and their deadlines. {@link Receiver} handles what the target sends.
 *
 * <p>Single-threaded: only the session's I/O loop calls in. Commands are numbered in the
 * order they leave ({@link #sendWork}), so CmdSN order is submission order. Non-immediate
 * commands wait while the window is closed ({@code CmdSN > MaxCmdSN}, §4.2.2.1); task management,
 * pings, text and logout go as immediate PDUs, which the window does not hold back.
 */
final class FullFeature {
    /** ITT of the loop's keep-alive NOP-Out; low 16 bits above any task slot. */
    static final int KEEPALIVE_ITT = 0x7FFE_FFFE;

    final SessionLoop loop;
    final TaskTable table;
    SessionParameters params;
    int sendSegment;

    int cmdSn = 1;
    int expCmdSn = 1;
    int maxCmdSn = 1;
    int expStatSn;

    private Task pendingHead;
    private Task pendingTail;
    private Task immediateHead;
    private Task immediateTail;
    private final ArrayDeque<Burst> bursts = new ArrayDeque<>();
    private final ArrayDeque<Burst> freeBursts = new ArrayDeque<>();
    /** No deadline. */
    static final long NONE = Long.MAX_VALUE;
    private long nextDeadline = NONE;
    /** What went over the wire (loop-written; read for diagnostics and tests). */
    final Counters counters = new Counters();

    private final PduWriter writer = new PduWriter();

    /** One Data-Out sequence: unsolicited (TTT 0xffffffff) or the answer to one R2T. */
    static final class Burst {
        Task task;
        int itt;
        int ttt;
        int offset;
        int end;
        int dataSn;
    }

    FullFeature(SessionLoop loop, TaskTable table) {
        this.loop = loop;
        this.table = table;
    }

    /** Enters full feature phase on {@code ch} with the final Login Response's numbers. */
    void attach(PduChannel ch, SessionParameters params, int maxSendSegment, int expCmdSn, int maxCmdSn,
                int expStatSn) {
        this.writer.attach(ch);
        this.params = params;
        this.sendSegment = Math.min(params.targetMaxRecvDataSegmentLength(), maxSendSegment);
        this.cmdSn = expCmdSn;
        this.expCmdSn = expCmdSn;
        this.maxCmdSn = maxCmdSn;
        this.expStatSn = expStatSn;
    }

    /** Leaves the connection: drops Data-Out sequences; tasks are the caller's to fail. */
    void detach() {
        writer.attach(null);
        while (!bursts.isEmpty()) {
            recycle(bursts.pollFirst());
        }
    }

    // ---------------------------------------------------------------- sequence numbers

    /** Applies ExpCmdSN/MaxCmdSN from a target PDU, ignoring stale or invalid windows (§4.2.2.1). */
    void window(int exp, int max) {
        if (max - (exp - 1) < 0) {
            return;
        }
        if (exp - expCmdSn > 0) {
            expCmdSn = exp;
        }
        if (max - maxCmdSn > 0) {
            maxCmdSn = max;
        }
    }

    /** Acknowledges a status-bearing PDU's StatSN. */
    void statSn(int statSn) {
        if (statSn + 1 - expStatSn > 0) {
            expStatSn = statSn + 1;
        }
    }

    boolean windowOpen() {
        return maxCmdSn - cmdSn >= 0;
    }

    // ---------------------------------------------------------------- accepting work

    /** A task handed over by a submitter; waits until it can be sent. */
    void accept(Task t) {
        t.resetWire();
        if (t.deadline != 0) {
            nextDeadline = earlier(nextDeadline, t.deadline);
        }
        if (t.kind == Task.Kind.TMF && t.function == PduCodes.TaskManagementFunction.ABORT_TASK) {
            acceptAbort(t);
            return;
        }
        t.wire = Task.Wire.PENDING;
        if (t.kind == Task.Kind.SCSI) {
            if (pendingTail == null) {
                pendingHead = t;
            } else {
                pendingTail.nextPending = t;
            }
            pendingTail = t;
        } else {
            if (immediateTail == null) {
                immediateHead = t;
            } else {
                immediateTail.nextPending = t;
            }
            immediateTail = t;
        }
        t.nextPending = null;
    }

    private void acceptAbort(Task abort) {
        Task ref = table.byItt(abort.refItt);
        if (ref == null || ref.kind != Task.Kind.SCSI) {
            abort.tmfResponse = PduCodes.TaskManagementResponse.TASK_DOES_NOT_EXIST;
            complete(abort);
        } else if (ref.wire == Task.Wire.PENDING) {
            unlink(ref);
            fail(ref, new IscsiException(IscsiException.Reason.ABORTED, false, ref.describe()
                    + " aborted before it was sent"));
            abort.tmfResponse = PduCodes.TaskManagementResponse.FUNCTION_COMPLETE;
            complete(abort);
        } else {
            abort.refTask = ref;
            if (ref.abortReason == null) {
                ref.abortReason = IscsiException.Reason.ABORTED;
            }
            ref.abortTmf = abort;
            abort.wire = Task.Wire.PENDING;
            abort.nextPending = immediateHead;
            immediateHead = abort; // ahead of anything else immediate
            if (immediateTail == null) {
                immediateTail = abort;
            }
        }
    }

    /**
     * Starts ABORT TASK for a sent command whose deadline passed or whose waiter was
     * interrupted; a task not sent yet is simply failed.
     */
    void abortInternally(Task t, IscsiException.Reason reason, long now) {
        if (t.wire == Task.Wire.PENDING) {
            unlink(t);
            fail(t, new IscsiException(reason, false, describeReason(t, reason) + " before it was sent"));
            return;
        }
        if (t.wire != Task.Wire.SENT || t.abortTmf != null) {
            return;
        }
        t.abortReason = reason;
        Task abort = table.tryAcquire(true);
        if (abort == null) {
            t.failure = new IscsiException(reason, true, describeReason(t, reason) + "; no slot to abort it");
            loop.lifecycle.drop("no task slot free for ABORT TASK", null);
            return;
        }
        abort.begin(Task.Kind.TMF, Task.Owner.INTERNAL);
        abort.function = PduCodes.TaskManagementFunction.ABORT_TASK;
        abort.lun = t.lun;
        abort.refItt = t.itt;
        abort.deadline = now + loop.config.taskManagementTimeout().toNanos();
        abort.deadline |= 1;
        accept(abort);
    }

    static String describeReason(Task t, IscsiException.Reason reason) {
        if (reason == IscsiException.Reason.INTERRUPTED) {
            return t.describe() + " interrupted";
        }
        return t.describe() + (reason == IscsiException.Reason.TIMED_OUT ? " timed out" : " aborted");
    }

    private void unlink(Task t) {
        Task prev = null;
        boolean scsi = t.kind == Task.Kind.SCSI;
        for (Task p = scsi ? pendingHead : immediateHead; p != null; prev = p, p = p.nextPending) {
            if (p == t) {
                if (prev == null) {
                    if (scsi) {
                        pendingHead = p.nextPending;
                    } else {
                        immediateHead = p.nextPending;
                    }
                } else {
                    prev.nextPending = p.nextPending;
                }
                if (scsi && pendingTail == p) {
                    pendingTail = prev;
                } else if (!scsi && immediateTail == p) {
                    immediateTail = prev;
                }
                p.nextPending = null;
                return;
            }
        }
    }

    // ---------------------------------------------------------------- sending

    /**
     * Encodes what may leave now: immediate PDUs, then commands while the window is open
     * (unless {@code newCommands} is false, as while logging out), then Data-Out.
     */
    void sendWork(boolean newCommands) {
        while (immediateHead != null) {
            Task t = immediateHead;
            if (!sendImmediate(t)) {
                break;
            }
        }
        while (newCommands && pendingHead != null && windowOpen()) {
            Task t = pendingHead;
            if (!sendCommand(t)) {
                break;
            }
            pendingHead = t.nextPending;
            if (pendingHead == null) {
                pendingTail = null;
            }
            t.nextPending = null;
        }
        while (!bursts.isEmpty()) {
            Burst b = bursts.peekFirst();
            if (b.task.wire != Task.Wire.SENT || b.task.itt != b.itt || b.offset >= b.end) {
                recycle(bursts.pollFirst());
                continue;
            }
            if (!sendDataOut(b)) {
                break;
            }
        }
    }

    private boolean sendCommand(Task t) {
        boolean write = t.isWrite();
        int firstBurst = params.firstBurstLength();
        int immediate = write && params.immediateData() ? Math.min(t.dataOutLength, Math.min(firstBurst, sendSegment)) : 0;
        int unsolicited = write && !params.initialR2T() ? Math.min(t.dataOutLength, firstBurst) : 0;
        unsolicited = Math.max(unsolicited, immediate);
        if (!writer.command(t, cmdSn, expStatSn, immediate, unsolicited <= immediate)) {
            return false;
        }
        t.cmdSn = cmdSn++;
        t.wire = Task.Wire.SENT;
        t.bytesSent = immediate;
        counters.commands++;
        counters.immediateBytes += immediate;
        if (unsolicited > immediate) {
            burst(t, HeaderFlyweight.RESERVED_TAG, immediate, unsolicited);
        }
        return true;
    }

    /** Queues the Data-Out sequence for an R2T (or the unsolicited one). */
    void burst(Task t, int ttt, int offset, int end) {
        Burst b = freeBursts.isEmpty() ? new Burst() : freeBursts.pollFirst();
        b.task = t;
        b.itt = t.itt;
        b.ttt = ttt;
        b.offset = offset;
        b.end = end;
        b.dataSn = 0;
        bursts.addLast(b);
    }

    private void recycle(Burst b) {
        b.task = null;
        freeBursts.addLast(b);
    }

    private boolean sendDataOut(Burst b) {
        Task t = b.task;
        int length = Math.min(sendSegment, b.end - b.offset);
        if (!writer.dataOut(t, b.ttt, b.dataSn, b.offset, length, b.offset + length == b.end, expStatSn)) {
            return false;
        }
        b.dataSn++;
        b.offset += length;
        t.bytesSent += length;
        counters.dataOutPdus++;
        if (b.ttt == HeaderFlyweight.RESERVED_TAG) {
            counters.unsolicitedBytes += length;
        }
        return true;
    }

    private boolean sendImmediate(Task t) {
        boolean sent;
        switch (t.kind) {
            case TMF:
                boolean abort = t.function == PduCodes.TaskManagementFunction.ABORT_TASK;
                Task ref = t.refTask;
                if (abort && (ref == null || ref.itt != t.refItt || ref.wire != Task.Wire.SENT)) {
                    popImmediate(t); // the command ended meanwhile: nothing left to abort
                    t.tmfResponse = PduCodes.TaskManagementResponse.TASK_DOES_NOT_EXIST;
                    complete(t);
                    return true;
                }
                sent = writer.taskManagement(t, cmdSn, expStatSn, abort ? ref.cmdSn : 0);
                break;
            case NOP:
                sent = writer.nopOut(t.itt, HeaderFlyweight.RESERVED_TAG, t.lun, cmdSn, expStatSn, null, 0, 0);
                break;
            default: // TEXT
                sent = writer.text(t.itt, HeaderFlyweight.RESERVED_TAG, cmdSn, expStatSn, t.text);
                break;
        }
        if (!sent) {
            return false;
        }
        popImmediate(t);
        t.cmdSn = cmdSn; // immediate: not advanced; TMFs affect the tasks numbered before
        t.wire = Task.Wire.SENT;
        return true;
    }

    private void popImmediate(Task t) {
        immediateHead = t.nextPending;
        if (immediateHead == null) {
            immediateTail = null;
        }
        t.nextPending = null;
    }

    /** Answers a target's NOP-In ping (§11.18): ITT 0xffffffff, its TTT and LUN, its data. */
    boolean sendPingAnswer(int ttt, long lun, ByteBuffer src, int dataOffset, int length) {
        return writer.nopOut(HeaderFlyweight.RESERVED_TAG, ttt, lun, cmdSn, expStatSn, src, dataOffset,
                Math.min(length, sendSegment));
    }

    /** A keep-alive NOP-Out that wants an answer (ITT {@link #KEEPALIVE_ITT}). */
    boolean sendKeepAlive() {
        return writer.nopOut(KEEPALIVE_ITT, HeaderFlyweight.RESERVED_TAG, 0, cmdSn, expStatSn, null, 0, 0);
    }

    /** Continues a Text Response that had C=1 or F=0 (§11.10.2): same ITT, the target's TTT. */
    boolean sendTextContinue(Task t, int ttt) {
        return writer.text(t.itt, ttt, cmdSn, expStatSn, null);
    }

    /** Logout Request, reason 0 (close the session), immediate (§11.14). */
    boolean sendLogout(int itt) {
        return writer.logout(itt, cmdSn, expStatSn);
    }

    // ---------------------------------------------------------------- completion

    /** Ends a task with an error, unless it already carries one (a timeout, say). */
    void fail(Task t, IscsiException e) {
        if (t.failure == null) {
            t.failure = e;
        }
        complete(t);
    }

    /** Publishes the outcome to the task's owner. The loop never touches the task afterwards. */
    void complete(Task t) {
        if (t.kind == Task.Kind.SCSI && t.abortTmf != null) {
            t.abortTmf.refTask = null; // ended while an abort was on its way
            t.abortTmf = null;
        } else if (t.kind == Task.Kind.TMF && t.refTask != null) {
            if (t.refTask.abortTmf == t) {
                t.refTask.abortTmf = null;
            }
            t.refTask = null;
        }
        t.wire = Task.Wire.IDLE;
        t.nextPending = null;
        switch (t.owner) {
            case WAITER:
                Thread w = t.waiter;
                t.done = true;
                LockSupport.unpark(w);
                break;
            case FUTURE:
                loop.completeFuture(t);
                break;
            default: // INTERNAL: an abort the loop started
                t.done = true;
                table.release(t);
                break;
        }
    }

    /** Fails every task sent on the connection (it dropped). Pending ones wait for a new one. */
    void failSent(IscsiException cause) {
        for (int i = 0; i < table.size(); i++) {
            Task t = table.at(i);
            if (t.wire == Task.Wire.SENT) {
                fail(t, cause);
            }
        }
    }

    /** Fails every task not sent yet. */
    void failPending(IscsiException cause) {
        while (pendingHead != null) {
            Task t = pendingHead;
            pendingHead = t.nextPending;
            fail(t, cause);
        }
        pendingTail = null;
        while (immediateHead != null) {
            Task t = immediateHead;
            immediateHead = t.nextPending;
            fail(t, cause);
        }
        immediateTail = null;
    }

    /** @return SCSI commands sent and not completed */
    int inFlight() {
        int n = 0;
        for (int i = 0; i < table.size(); i++) {
            Task t = table.at(i);
            if (t.wire == Task.Wire.SENT && t.kind == Task.Kind.SCSI) {
                n++;
            }
        }
        return n;
    }

    /**
     * Handles deadlines that passed: a task not sent fails, a sent command is aborted, a
     * control request without an answer drops the connection (RFC 7143 §7.1 escalation).
     *
     * @return the next deadline, or {@link Long#MAX_VALUE}
     */
    long deadlines(long now) {
        if (nextDeadline == NONE || now - nextDeadline < 0) {
            return nextDeadline;
        }
        nextDeadline = NONE; // tasks accepted during the scan (aborts) lower it again
        long next = NONE;
        for (int i = 0; i < table.size(); i++) {
            Task t = table.at(i);
            if (t.wire == Task.Wire.IDLE || t.deadline == 0 || t.deadlineHandled) {
                continue;
            }
            if (now - t.deadline < 0) {
                next = earlier(next, t.deadline);
                continue;
            }
            t.deadlineHandled = true;
            if (t.kind == Task.Kind.SCSI || t.wire == Task.Wire.PENDING) {
                abortInternally(t, IscsiException.Reason.TIMED_OUT, now);
            } else {
                String what = "no answer to " + t.describe() + " in time";
                t.failure = new IscsiException(IscsiException.Reason.TIMED_OUT, true, what);
                Task ref = t.refTask;
                if (ref != null && ref.failure == null && ref.itt == t.refItt && ref.wire == Task.Wire.SENT) {
                    ref.failure = new IscsiException(ref.abortReason != null ? ref.abortReason
                            : IscsiException.Reason.ABORTED, true, describeReason(ref, ref.abortReason)
                            + "; ABORT TASK went unanswered, so the connection was dropped");
                }
                loop.lifecycle.drop(what, null);
                nextDeadline = earlier(nextDeadline, next);
                return now; // the drop failed what was sent; scan again next round
            }
        }
        nextDeadline = earlier(nextDeadline, next);
        return nextDeadline;
    }

    /** @return the earliest task deadline known, or {@link #NONE} */
    long nextDeadline() {
        return nextDeadline;
    }

    /** @return the earlier of two System.nanoTime() deadlines, {@link #NONE} meaning none */
    static long earlier(long a, long b) {
        if (a == NONE) {
            return b;
        }
        if (b == NONE) {
            return a;
        }
        return a - b <= 0 ? a : b;
    }
}
