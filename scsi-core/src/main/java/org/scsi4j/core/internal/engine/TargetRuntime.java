package org.scsi4j.core.internal.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.transport.InitiatorPortId;
import org.scsi4j.core.spi.transport.ItNexus;
import org.scsi4j.core.spi.transport.NexusPort;
import org.scsi4j.core.spi.transport.ScsiTargetPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running target behind {@link org.scsi4j.core.ScsiTarget}: LUN map, ports, open nexuses and
 * the shared buffer pool. Thread-safe; structural changes are rare and synchronized, the hot path
 * reads volatile snapshots.
 */
public final class TargetRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TargetRuntime.class);

    private final String name;
    private final BufferPool pool;
    private final int tasksPerNexus;
    private final Duration taskManagementTimeout;
    private final Map<Integer, TargetPortImpl> ports = new ConcurrentHashMap<>();
    private final CopyOnWriteArraySet<Nexus> nexuses = new CopyOnWriteArraySet<>();
    private final AtomicLong handlerFailures = new AtomicLong();
    private volatile LunMap lunMap = LunMap.EMPTY;
    /** Fires task management timeouts; the target's only thread, stopped by close(). */
    private final java.util.concurrent.ScheduledThreadPoolExecutor timer;
    private volatile boolean closed;

    public TargetRuntime(String name, long bufferPoolBytes, int tasksPerNexus, Duration taskManagementTimeout) {
        this.name = name;
        this.pool = new BufferPool(bufferPoolBytes);
        this.tasksPerNexus = tasksPerNexus;
        this.taskManagementTimeout = taskManagementTimeout;
        this.timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "scsi4j-" + name + "-timer");
            t.setDaemon(true);
            return t;
        });
        this.timer.setRemoveOnCancelPolicy(true);
        this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    public String name() {
        return name;
    }

    BufferPool pool() {
        return pool;
    }

    LunMap lunMap() {
        return lunMap;
    }

    boolean isClosed() {
        return closed;
    }

    public Duration taskManagementTimeout() {
        return taskManagementTimeout;
    }

    public synchronized ScsiTargetPort port(int relativePortId) {
        if (relativePortId < 1 || relativePortId > 0xFFFF) {
            throw new IllegalArgumentException("relative target port id must be 1..65535, was " + relativePortId);
        }
        return ports.computeIfAbsent(relativePortId, id -> new TargetPortImpl(this, id));
    }

    /** Every target port created so far, for VPD and REPORT TARGET PORT GROUPS. */
    public List<Integer> relativePortIds() {
        List<Integer> ids = new ArrayList<>(ports.keySet());
        ids.sort(null);
        return ids;
    }

    public synchronized void addLogicalUnit(int lun, LogicalUnitSpec spec, boolean readOnly) {
        checkOpen();
        if (lunMap.get(lun) != null) {
            throw new IllegalArgumentException("LUN " + lun + " is already mapped in target " + name);
        }
        LunAddress.encode(lun);
        LogicalUnit unit = new LogicalUnit(this, spec);
        lunMap = lunMap.with(lun, unit, readOnly);
        LOG.info("target {}: LUN {} is {} ({} blocks of {} bytes{})", name, lun, spec.name(),
                unit.geometry().blockCount(), unit.geometry().logicalBlockSize(), readOnly ? ", read-only" : "");
        reportedLunsChanged();
    }

    public synchronized void removeLogicalUnit(int lun) {
        checkOpen();
        LogicalUnit unit = lunMap.get(lun);
        if (unit == null) {
            throw new IllegalArgumentException("LUN " + lun + " is not mapped in target " + name);
        }
        lunMap = lunMap.without(lun);
        for (Nexus n : nexuses) {
            n.forgetLogicalUnit(unit);
        }
        LOG.info("target {}: LUN {} ({}) removed", name, lun, unit.name());
        reportedLunsChanged();
        // Tasks still running on it finish against the device; it is closed with the target.
        retired.add(unit);
    }

    private final List<LogicalUnit> retired = new ArrayList<>();

    private void reportedLunsChanged() {
        LogicalUnit[] units = lunMap.units();
        for (Nexus n : nexuses) {
            for (LogicalUnit u : units) {
                n.postUnitAttention(u, SenseReason.REPORTED_LUNS_DATA_HAS_CHANGED);
            }
        }
    }

    /** The logical unit at a LUN, or null. */
    public LogicalUnit logicalUnit(int lun) {
        return lunMap.get(lun);
    }

    public int[] luns() {
        return lunMap.luns();
    }

    ItNexus openNexus(TargetPortImpl port, InitiatorPortId initiator, NexusPort transport) {
        checkOpen();
        Nexus n = new Nexus(this, port, initiator, transport, tasksPerNexus);
        nexuses.add(n);
        LOG.debug("I_T nexus opened: {}", n);
        return n;
    }

    void nexusClosed(Nexus n) {
        nexuses.remove(n);
        LOG.debug("I_T nexus closed: {}", n);
    }

    /** Posts a unit attention for {@code lu} to every nexus except {@code except} (may be null). */
    void postUnitAttention(LogicalUnit lu, SenseReason reason, NexusView except) {
        for (Nexus n : nexuses) {
            if (n != except) {
                n.postUnitAttention(lu, reason);
            }
        }
    }

    /**
     * Aborts every task addressed to {@code lu} on every open nexus that {@code which} selects
     * (SAM-5 §7.3 semantics: aborted tasks produce nothing more), waits for their device I/O to
     * return (at most the task management timeout), then runs {@code done} once, on an arbitrary
     * thread. Used by LOGICAL UNIT RESET, CLEAR TASK SET and PREEMPT AND ABORT. A handler that
     * must finish after the aborts passes {@code () -> ioCompletion.complete(GOOD, 0)} from
     * {@code ctx.io(...)}, which brings it back to its own owner thread.
     */
    public void abortTasks(LogicalUnit lu, java.util.function.Predicate<NexusView> which, Runnable done) {
        java.util.List<Nexus> selected = new ArrayList<>();
        for (Nexus n : nexuses) {
            if (which.test(n)) {
                selected.add(n);
            }
        }
        java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger(selected.size() + 1);
        java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable answer = () -> {
            if (answered.compareAndSet(false, true)) {
                done.run();
            }
        };
        Runnable countDown = () -> {
            if (pending.decrementAndGet() == 0) {
                answer.run();
            }
        };
        for (Nexus n : selected) {
            n.runOnOwner(() -> {
                TmfWait share = new TmfWait(countDown);
                n.abortAllFor(lu, share);
                share.release();
            });
        }
        if (pending.get() > 1) {
            schedule(() -> {
                if (!answered.get()) {
                    LOG.warn("target {}: aborted tasks of {} still wait for their device after {}; answering anyway,"
                            + " their I/O is accounted for when it returns", name, lu, taskManagementTimeout);
                    answer.run();
                }
            });
        }
        countDown.run();
    }

    /** Runs {@code r} on the target's timer thread after the task management timeout. */
    void schedule(Runnable r) {
        try {
            timer.schedule(r, taskManagementTimeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            r.run();
        }
    }

    /** Posts a unit attention for {@code lu} to every open nexus that {@code which} selects. */
    public void postUnitAttentionWhere(LogicalUnit lu, SenseReason reason, java.util.function.Predicate<NexusView> which) {
        for (Nexus n : nexuses) {
            if (which.test(n)) {
                n.postUnitAttention(lu, reason);
            }
        }
    }

    void logHandlerFailure(CommandDescriptor d, RuntimeException e) {
        long n = handlerFailures.incrementAndGet();
        if (n == 1 || Long.bitCount(n) == 1) {
            LOG.error("target {}: handler for {} failed ({} failures so far); answered INTERNAL TARGET FAILURE",
                    name, d, n, e);
        }
    }

    public int openNexusCount() {
        return nexuses.size();
    }

    public int outstandingBuffers() {
        return pool.outstanding();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("target " + name + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (LogicalUnit u : lunMap.units()) {
            u.close();
        }
        for (LogicalUnit u : retired) {
            u.close();
        }
        retired.clear();
        lunMap = LunMap.EMPTY;
        timer.shutdownNow();
        pool.close();
        LOG.info("target {} closed", name);
    }
}
