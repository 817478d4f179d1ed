package org.scsi4j.core.internal.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.device.IoStatus;
import org.scsi4j.core.spi.transport.DataDirection;
import org.scsi4j.core.spi.transport.InitiatorPortId;
import org.scsi4j.core.spi.transport.ItNexus;
import org.scsi4j.core.spi.transport.NexusPort;
import org.scsi4j.core.spi.transport.ScsiStatus;
import org.scsi4j.core.spi.transport.ScsiTask;
import org.scsi4j.core.spi.transport.TaskAttribute;
import org.scsi4j.core.spi.transport.TmfFunction;
import org.scsi4j.core.spi.transport.TmfResponse;

/**
 * One I_T nexus: its pooled tasks, its task sets (one per logical unit), its unit-attention
 * queues, and the hand-over of device completions to its owner thread.
 *
 * <p>Re-entrancy: every {@link ItNexus} entry point runs inside {@link #enter()}/{@link #exit()}.
 * Work that becomes ready during a call (a device that completed inline, a task the task set
 * released) is queued locally and run when the outermost call exits, so stacks stay flat and a
 * RAM device costs no thread hand-off.
 */
final class Nexus implements ItNexus, NexusView {
    private final TargetRuntime target;
    private final TargetPortImpl targetPort;
    private final InitiatorPortId initiator;
    private final NexusPort port;
    private final Task[] tasks;
    private final int[] freeStack;
    private int freeCount;
    private final int windowSize;
    private int active;
    private final MpscAtomicArrayQueue<Task> crossThread;
    private final MpscAtomicArrayQueue<Runnable> control = new MpscAtomicArrayQueue<>(1024);
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final ArrayDeque<Task> ready;
    private final Map<LogicalUnit, TaskSet> taskSets = new IdentityHashMap<>();
    private final ConcurrentHashMap<LogicalUnit, UnitAttentionQueue> unitAttentions = new ConcurrentHashMap<>();
    private volatile Thread owner;
    /** The LUN map this initiator sees (its group's); replaced live by the target. */
    private volatile LunMap map;
    private int depth;
    private volatile boolean closed;

    Nexus(TargetRuntime target, TargetPortImpl targetPort, InitiatorPortId initiator, NexusPort port, int windowSize) {
        this.target = target;
        this.targetPort = targetPort;
        this.initiator = initiator;
        this.port = port;
        this.windowSize = windowSize;
        int poolSize = windowSize + Math.max(16, windowSize / 4);
        this.tasks = new Task[poolSize];
        this.freeStack = new int[poolSize];
        for (int i = 0; i < poolSize; i++) {
            tasks[i] = new Task(this, i);
            freeStack[i] = poolSize - 1 - i;
        }
        this.freeCount = poolSize;
        this.crossThread = new MpscAtomicArrayQueue<>(Integer.highestOneBit(poolSize * 2 - 1) * 2);
        this.ready = new ArrayDeque<>(poolSize);
        this.owner = Thread.currentThread();
        this.map = target.mapFor(initiator.initiatorName());
    }

    /** The LUN map this nexus sees now. */
    LunMap currentMap() {
        return map;
    }

    /**
     * The target changed access: keep the new map; if this nexus's LUN inventory changed, every
     * unit it now sees reports REPORTED LUNS DATA HAS CHANGED (SPC-4 §5.14). Any thread.
     */
    void mapChanged(LunMap newMap) {
        LunMap old = map;
        map = newMap;
        if (!old.sameAs(newMap)) {
            for (LogicalUnit u : newMap.units()) {
                postUnitAttention(u, SenseReason.REPORTED_LUNS_DATA_HAS_CHANGED);
            }
        }
    }

    BufferPool pool() {
        return target.pool();
    }

    // ---------------------------------------------------------------- re-entrancy

    private void enter() {
        if (depth == 0) {
            owner = Thread.currentThread();
        }
        depth++;
    }

    private void exit() {
        if (depth == 1) {
            runReady();
        }
        depth--;
    }

    private void runReady() {
        Task t;
        while ((t = ready.pollFirst()) != null) {
            Task.Pending p = t.pending;
            t.pending = Task.Pending.NONE;
            if (p == Task.Pending.START) {
                start(t);
            } else if (p == Task.Pending.RESUME_IO) {
                resume(t);
            }
        }
    }

    // ---------------------------------------------------------------- submission

    @Override
    public void submit(long tag, long lun, ByteBuffer cdbBuffer, TaskAttribute attribute,
                           DataDirection direction, int expectedDataTransferLength) {
        if (closed) {
            throw new IllegalStateException("nexus is closed");
        }
        enter();
        try {
            Task t = allocate();
            t.tag = tag;
            t.lunField = lun;
            t.attribute = attribute == null ? TaskAttribute.SIMPLE : attribute;
            t.direction = direction;
            t.expectedLength = Math.max(0, expectedDataTransferLength);
            int n = Math.min(cdbBuffer.remaining(), Task.MAX_CDB);
            cdbBuffer.get(cdbBuffer.position(), t.cdb, 0, n);
            java.util.Arrays.fill(t.cdb, n, Math.min(Task.MAX_CDB, 32), (byte) 0);
            t.cdbLength = n;
            t.state = Task.State.QUEUED;
            if (active > windowSize) {
                t.completeStatus(ScsiStatus.TASK_SET_FULL);
            } else {
                CommandAdmission.admit(this, t);
            }
        } finally {
            exit();
        }
    }

    private Task allocate() {
        if (freeCount == 0) {
            throw new IllegalStateException("nexus " + initiator.portName() + ": more than " + tasks.length
                    + " tasks outstanding; the transport must honour availableTaskSlots()");
        }
        Task t = tasks[freeStack[--freeCount]];
        active++;
        return t;
    }


    @Override
    public void dataOutReceived(ScsiTask task) {
        enter();
        try {
            Task t = (Task) task;
            if (t.state != Task.State.WAITING_DATA_OUT) {
                return;
            }
            t.state = Task.State.QUEUED;
            if (t.abortRequested) {
                abortNow(t);
                return;
            }
            if (t.taskSet == null || t.taskSet.canStart(t)) {
                start(t);
            }
        } finally {
            exit();
        }
    }

    void start(Task t) {
        if (t.state != Task.State.QUEUED) {
            return;
        }
        t.state = Task.State.RUNNING;
        try {
            t.descriptor.handler().execute(t);
        } catch (RuntimeException e) {
            handlerFailed(t, e);
        }
    }

    private void resume(Task t) {
        IoStatus s = t.ioStatus;
        long info = t.ioInformation;
        t.ioInFlight = false;
        if (t.abortRequested) {
            abortNow(t);
            return;
        }
        try {
            t.continuation.resume(t, s, info);
        } catch (RuntimeException e) {
            handlerFailed(t, e);
        }
    }

    private void handlerFailed(Task t, RuntimeException e) {
        target.logHandlerFailure(t.descriptor, e);
        if (t.state == Task.State.RUNNING && !t.ioInFlight) {
            t.checkCondition(SenseReason.INTERNAL_TARGET_FAILURE);
        }
    }

    // ---------------------------------------------------------------- completion

    /** Called by {@link Task} on any thread when its device operation finished. */
    void ioCompleted(Task t) {
        if (closed) {
            orphanCompleted(t);
            return;
        }
        if (depth > 0 && Thread.currentThread() == owner) {
            t.pending = Task.Pending.RESUME_IO;
            ready.addLast(t);
            return;
        }
        if (!crossThread.offer(t)) {
            // cannot happen: the queue holds more slots than there are tasks
            throw new IllegalStateException("completion queue overflow");
        }
        if (wakeupPending.compareAndSet(false, true)) {
            port.wakeup();
        }
        if (closed) {
            // close() may have run between the check and the offer: drain what we can
            drainOrphans();
        }
    }

    @Override
    public void processCompletions() {
        enter();
        try {
            wakeupPending.set(false);
            Runnable r;
            while ((r = control.poll()) != null) {
                r.run();
            }
            Task t;
            while ((t = crossThread.poll()) != null) {
                t.pending = Task.Pending.RESUME_IO;
                ready.addLast(t);
            }
        } finally {
            exit();
        }
    }

    /**
     * Runs {@code r} on this nexus's owner thread: at once when called there inside a nexus call,
     * else at the owner's next {@link #processCompletions()} (or at close). Any thread.
     */
    void runOnOwner(Runnable r) {
        if (depth > 0 && Thread.currentThread() == owner) {
            r.run();
            return;
        }
        while (!control.offer(r)) {
            Thread.onSpinWait();
        }
        if (wakeupPending.compareAndSet(false, true)) {
            port.wakeup();
        }
        if (closed) {
            drainControlAfterClose();
        }
    }

    private synchronized void drainControlAfterClose() {
        Runnable r;
        while ((r = control.poll()) != null) {
            r.run();
        }
    }

    /**
     * Aborts every task of this nexus addressed to {@code lu}; {@code wait} is released as each
     * one's device I/O returns. Owner thread.
     */
    void abortAllFor(LogicalUnit lu, TmfWait wait) {
        for (Task t : tasks) {
            if (t.state != Task.State.FREE && (lu == null || t.lu == lu)) {
                abort(t, wait);
            }
        }
    }

    /** Called by {@link Task} once it has its status: leaves the task set, tells the transport. */
    void finish(Task t) {
        t.state = Task.State.DONE;
        TaskSet set = t.taskSet;
        if (set != null && set.remove(t)) {
            scheduleStartable(set);
        }
        if (t.abortRequested) {
            abortNow(t);
            return;
        }
        port.taskCompleted(t);
    }

    private void scheduleStartable(TaskSet set) {
        for (Task w = set.head(); w != null; w = w.next) {
            if (w.state == Task.State.QUEUED && w.pending == Task.Pending.NONE && set.canStart(w)) {
                w.pending = Task.Pending.START;
                ready.addLast(w);
            }
        }
    }

    @Override
    public void release(ScsiTask task) {
        enter();
        try {
            Task t = (Task) task;
            if (t.state == Task.State.FREE) {
                return;
            }
            if (t.ioInFlight) {
                // the transport gave up on it (connection lost) while the device still works on it
                t.abortRequested = true;
                t.orphaned = true;
                abortOnDevice(t);
                return;
            }
            free(t);
        } finally {
            exit();
        }
    }

    private void free(Task t) {
        TaskSet set = t.taskSet;
        if (set != null && set.remove(t)) {
            scheduleStartable(set);
        }
        t.releaseBuffers();
        t.reset();
        freeStack[freeCount++] = t.index;
        active--;
    }

    // ---------------------------------------------------------------- task management

    @Override
    public void submitTaskManagement(long tmfTag, TmfFunction function, long lun, long referencedTag) {
        enter();
        try {
            TaskManagement.execute(this, tmfTag, function, lun, referencedTag);
        } finally {
            exit();
        }
    }

    NexusPort port() {
        return port;
    }

    TargetRuntime target() {
        return target;
    }

    Task[] tasks() {
        return tasks;
    }

    /**
     * Aborts a task for task management: at once when no device I/O is in flight, otherwise when
     * it returns. The TMF in {@code wait} answers once its last task is gone.
     */
    void abort(Task t, TmfWait wait) {
        if (t.state == Task.State.FREE || t.abortRequested) {
            return;
        }
        t.abortRequested = true;
        if (t.ioInFlight) {
            abortOnDevice(t);
            t.tmfWait = wait;
            if (wait != null) {
                wait.add();
            }
            return;
        }
        if (t.state == Task.State.DONE) {
            // status already handed to the transport: it goes out; nothing left to stop
            return;
        }
        abortNow(t);
    }

    /**
     * Tells a raw device that the core no longer wants a command it holds; the device completes
     * it in any case and the completion is discarded. A device that throws is logged: the abort
     * still waits for its completion (bounded by the task management timeout).
     */
    private void abortOnDevice(Task t) {
        DeviceCommand command = t.heldDeviceCommand();
        if (command == null || t.lu == null || t.lu.scsiDevice() == null) {
            return;
        }
        command.markAborted();
        try {
            t.lu.scsiDevice().abort(command);
        } catch (RuntimeException e) {
            target.logDeviceFailure(t.lu, "abort", e);
        }
    }

    private void abortNow(Task t) {
        TaskSet set = t.taskSet;
        if (set != null && set.remove(t)) {
            scheduleStartable(set);
        }
        t.state = Task.State.DONE;
        TmfWait wait = t.tmfWait;
        t.tmfWait = null;
        if (t.orphaned) {
            free(t);
        } else {
            port.taskAborted(t);
        }
        if (wait != null) {
            wait.release();
        }
    }

    // ---------------------------------------------------------------- unit attentions & LUNs

    TaskSet taskSetOf(LogicalUnit lu) {
        return taskSets.computeIfAbsent(lu, k -> new TaskSet());
    }

    UnitAttentionQueue unitAttentionsOf(LogicalUnit lu) {
        UnitAttentionQueue q = unitAttentions.get(lu);
        if (q == null) {
            q = unitAttentions.computeIfAbsent(lu, k -> {
                UnitAttentionQueue n = new UnitAttentionQueue();
                n.post(SenseReason.POWER_ON_RESET_OR_BUS_DEVICE_RESET);
                return n;
            });
        }
        return q;
    }

    /** Posts a unit attention for {@code lu} to this nexus (any thread). */
    void postUnitAttention(LogicalUnit lu, SenseReason reason) {
        unitAttentionsOf(lu).post(reason);
    }

    void forgetLogicalUnit(LogicalUnit lu) {
        unitAttentions.remove(lu);
    }

    @Override
    public InitiatorPortId initiator() {
        return initiator;
    }

    @Override
    public int relativeTargetPortId() {
        return targetPort.relativePortId();
    }

    @Override
    public String targetName() {
        return target.name();
    }

    @Override
    public int[] visibleLuns() {
        return map.luns();
    }

    @Override
    public boolean isMappedReadOnly(LogicalUnit lu) {
        return map.isReadOnly(lu);
    }

    @Override
    public LogicalUnit logicalUnitAt(int lun) {
        return map.get(lun);
    }

    @Override
    public SenseReason takeUnitAttention(LogicalUnit lu) {
        UnitAttentionQueue q = unitAttentionsOf(lu);
        return q.isEmpty() ? null : q.take();
    }

    @Override
    public void clearReportedLunsDataChanged() {
        for (UnitAttentionQueue q : unitAttentions.values()) {
            q.remove(SenseReason.REPORTED_LUNS_DATA_HAS_CHANGED);
        }
    }

    // ---------------------------------------------------------------- state & close

    @Override
    public int availableTaskSlots() {
        return Math.max(0, windowSize - active);
    }

    @Override
    public int outstandingTasks() {
        return active;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        enter();
        try {
            for (Task t : tasks) {
                if (t.state == Task.State.FREE) {
                    continue;
                }
                t.orphaned = true;
                t.abortRequested = true;
                if (!t.ioInFlight) {
                    free(t);
                } else {
                    abortOnDevice(t);
                }
            }
            ready.clear();
            closed = true;
            for (LogicalUnit lu : target.allUnits()) {
                lu.reservations().nexusLost(this);
                if (lu.medium() != null) {
                    lu.medium().nexusLost(this);
                }
            }
        } finally {
            depth--;
        }
        drainOrphans();
        drainControlAfterClose();
        target.nexusClosed(this);
    }

    private void orphanCompleted(Task t) {
        synchronized (this) {
            t.ioInFlight = false;
            TmfWait wait = t.tmfWait;
            t.tmfWait = null;
            free(t);
            if (wait != null) {
                wait.release();
            }
        }
    }

    private void drainOrphans() {
        Task t;
        while ((t = crossThread.poll()) != null) {
            orphanCompleted(t);
        }
    }

    @Override
    public String toString() {
        return "Nexus[" + initiator.portName() + " -> " + target.name() + "," + targetPort.relativePortId() + "]";
    }

}
