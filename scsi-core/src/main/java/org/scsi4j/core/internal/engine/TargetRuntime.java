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
import org.scsi4j.core.internal.reservation.AptplPersistence;
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
    /** The default group's LUN map: what initiators that match no group see. */
    private volatile LunMap lunMap = LunMap.EMPTY;
    /** Declared initiator groups, first match wins; replaced as a whole on change. */
    private volatile List<InitiatorGroup> groups = List.of();
    /** Every unit of the target, mapped or not, by name. Guarded by this. */
    private final Map<String, LogicalUnit> units = new java.util.LinkedHashMap<>();
    /** Fires task management timeouts; the target's only thread, stopped by close(). */
    private final java.util.concurrent.ScheduledThreadPoolExecutor timer;
    private volatile boolean closed;
    /** APTPL state of the units (SPC-4 §5.13), or null; owns the "scsi4j-pr-persist" thread. */
    private AptplPersistence aptpl;

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

    /**
     * Keeps APTPL reservation state in {@code dir} (SPC-4 §5.13); set before the first unit is
     * added ({@link org.scsi4j.core.ScsiTarget.Builder#persistenceDirectory} does). Without it
     * PTPL_C=0 and APTPL=1 is refused.
     *
     * @throws IllegalArgumentException when {@code dir} is not a usable directory
     */
    public synchronized void persistenceDirectory(java.nio.file.Path dir) {
        if (aptpl != null || !units.isEmpty()) {
            throw new IllegalStateException("the persistence directory is set once, before any logical unit");
        }
        aptpl = new AptplPersistence(dir);
    }

    /** The APTPL state store, or null when the target has no persistence directory. */
    public synchronized AptplPersistence aptplPersistence() {
        return aptpl;
    }

    BufferPool pool() {
        return pool;
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
        if (readOnly && spec.scsiDevice() != null) {
            throw LogicalUnit.readOnlyRawRefused(spec.name());
        }
        LogicalUnit unit = createUnit(spec);
        lunMap = lunMap.with(lun, unit, readOnly);
        if (unit.isRaw()) {
            LOG.info("target {}: LUN {} is {} (raw device, peripheral device type 0x{})", name, lun, spec.name(),
                    Integer.toHexString(unit.peripheralDeviceType()));
        } else {
            LOG.info("target {}: LUN {} is {} ({} blocks of {} bytes{})", name, lun, spec.name(),
                    unit.geometry().blockCount(), unit.geometry().logicalBlockSize(), readOnly ? ", read-only" : "");
        }
        accessChanged();
    }

    public synchronized void removeLogicalUnit(int lun) {
        checkOpen();
        LogicalUnit unit = lunMap.get(lun);
        if (unit == null) {
            throw new IllegalArgumentException("LUN " + lun + " is not mapped in target " + name);
        }
        lunMap = lunMap.without(lun);
        LOG.info("target {}: LUN {} ({}) removed", name, lun, unit.name());
        accessChanged();
        if (!isMapped(unit)) {
            retire(unit);
        }
    }

    /** Unregisters an unmapped unit; tasks still running on it finish, it is closed with the target. */
    private void retire(LogicalUnit unit) {
        units.remove(unit.name());
        for (Nexus n : nexuses) {
            n.forgetLogicalUnit(unit);
        }
        retired.add(unit);
    }

    /** Creates and registers a unit, restoring its persisted reservations. Caller holds this. */
    private LogicalUnit createUnit(LogicalUnitSpec spec) {
        if (units.containsKey(spec.name())) {
            throw new IllegalArgumentException("target " + name + " already has a logical unit named " + spec.name());
        }
        // Restored before the unit exists: a corrupt APTPL file fails here, holding nothing.
        AptplPersistence.Unit persisted = aptpl == null ? null : aptpl.open(spec.identityIn(name).naa(), spec.name());
        LogicalUnit unit = new LogicalUnit(this, spec);
        if (persisted != null) {
            unit.reservations().attach(persisted);
        }
        units.put(spec.name(), unit);
        return unit;
    }

    /** Adds a unit without mapping it anywhere (map it with {@link #map}). */
    public synchronized void addUnit(LogicalUnitSpec spec) {
        checkOpen();
        createUnit(spec);
        LOG.info("target {}: logical unit {} added (not mapped)", name, spec.name());
    }

    /** Removes an unmapped unit; its device is closed with the target. */
    public synchronized void removeUnit(String unitName) {
        checkOpen();
        LogicalUnit unit = unitNamed(unitName);
        if (isMapped(unit)) {
            throw new IllegalStateException("logical unit " + unitName + " is still mapped; unmap it first");
        }
        retire(unit);
    }

    /** The group name that stands for initiators matching no declared group. */
    public static final String DEFAULT_GROUP = "default";

    /**
     * Declares (or replaces the patterns of) an initiator group: initiator names, exact or with
     * {@code *} / {@code ?} wildcards, matched case-insensitively; groups are tried in the order
     * declared and the first match wins. A replaced group keeps its LUN map.
     */
    public synchronized void defineInitiatorGroup(String group, List<String> patterns) {
        checkOpen();
        if (group == null || group.isBlank() || DEFAULT_GROUP.equals(group)) {
            throw new IllegalArgumentException("initiator group name must be non-blank and not '" + DEFAULT_GROUP + "'");
        }
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("initiator group " + group + " needs at least one initiator name or pattern");
        }
        List<InitiatorGroup> next = new ArrayList<>(groups);
        int i = indexOfGroup(group);
        if (i >= 0) {
            next.set(i, new InitiatorGroup(group, patterns, next.get(i).map));
        } else {
            next.add(new InitiatorGroup(group, patterns, LunMap.EMPTY));
        }
        groups = List.copyOf(next);
        accessChanged();
    }

    public synchronized void removeInitiatorGroup(String group) {
        checkOpen();
        int i = indexOfGroup(group);
        if (i < 0) {
            throw new IllegalArgumentException("no initiator group " + group + " in target " + name);
        }
        List<InitiatorGroup> next = new ArrayList<>(groups);
        next.remove(i);
        groups = List.copyOf(next);
        accessChanged();
    }

    /** Maps unit {@code unitName} at {@code lun} for {@code group} ({@link #DEFAULT_GROUP} for the default group). */
    public synchronized void map(String group, int lun, String unitName, boolean readOnly) {
        checkOpen();
        LunAddress.encode(lun);
        LogicalUnit unit = unitNamed(unitName);
        if (readOnly && unit.isRaw()) {
            throw LogicalUnit.readOnlyRawRefused(unitName);
        }
        LunMap current = mapOfGroup(group);
        if (current.get(lun) != null) {
            current = current.without(lun);
        }
        setMapOfGroup(group, current.with(lun, unit, readOnly));
        accessChanged();
    }

    /** Removes LUN {@code lun} from {@code group}'s map (the unit stays in the target). */
    public synchronized void unmap(String group, int lun) {
        checkOpen();
        LunMap current = mapOfGroup(group);
        if (current.get(lun) == null) {
            throw new IllegalArgumentException("LUN " + lun + " is not mapped for group " + group);
        }
        setMapOfGroup(group, current.without(lun));
        accessChanged();
    }

    private int indexOfGroup(String group) {
        List<InitiatorGroup> g = groups;
        for (int i = 0; i < g.size(); i++) {
            if (g.get(i).name.equals(group)) {
                return i;
            }
        }
        return -1;
    }

    private LunMap mapOfGroup(String group) {
        if (group == null || DEFAULT_GROUP.equals(group)) {
            return lunMap;
        }
        int i = indexOfGroup(group);
        if (i < 0) {
            throw new IllegalArgumentException("no initiator group " + group + " in target " + name);
        }
        return groups.get(i).map;
    }

    private void setMapOfGroup(String group, LunMap m) {
        if (group == null || DEFAULT_GROUP.equals(group)) {
            lunMap = m;
            return;
        }
        List<InitiatorGroup> next = new ArrayList<>(groups);
        int i = indexOfGroup(group);
        next.set(i, next.get(i).withMap(m));
        groups = List.copyOf(next);
    }

    private LogicalUnit unitNamed(String unitName) {
        LogicalUnit u = units.get(unitName);
        if (u == null) {
            throw new IllegalArgumentException("target " + name + " has no logical unit named " + unitName);
        }
        return u;
    }

    private boolean isMapped(LogicalUnit unit) {
        if (lunMap.contains(unit)) {
            return true;
        }
        for (InitiatorGroup g : groups) {
            if (g.map.contains(unit)) {
                return true;
            }
        }
        return false;
    }

    /** The LUN map an initiator of that name sees: its group's, else the default group's. */
    LunMap mapFor(String initiatorName) {
        for (InitiatorGroup g : groups) {
            if (g.matches(initiatorName)) {
                return g.map;
            }
        }
        return lunMap;
    }

    /**
     * Whether an initiator may reach the target at all: always when no groups are declared;
     * otherwise when it belongs to a group or the default group maps something.
     */
    boolean accessAllowed(String initiatorName) {
        List<InitiatorGroup> g = groups;
        if (g.isEmpty()) {
            return true;
        }
        for (InitiatorGroup x : g) {
            if (x.matches(initiatorName)) {
                return true;
            }
        }
        return lunMap.size() > 0;
    }

    /** Every unit of the target, mapped or not. */
    synchronized LogicalUnit[] allUnits() {
        return units.values().toArray(new LogicalUnit[0]);
    }

    /** Gives every nexus the map it now sees; those whose LUN inventory changed get the unit attention. */
    private void accessChanged() {
        for (Nexus n : nexuses) {
            n.mapChanged(mapFor(n.initiator().initiatorName()));
        }
    }

    private final List<LogicalUnit> retired = new ArrayList<>();

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

    /** A raw device's call threw; the command path has already answered for it. */
    void logDeviceFailure(LogicalUnit lu, String call, RuntimeException e) {
        LOG.error("target {}: device of unit {} threw from {}", name, lu.name(), call, e);
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

    /** How long close() lets a sanitize that runs in the background (IMMED=1) finish. */
    private static final long SANITIZE_CLOSE_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    /**
     * A SANITIZE sent with IMMED=1 goes on writing after its status was sent; closing its device
     * under it would leave the medium half sanitized without a word. Give it a bounded time to
     * finish, then say which units are interrupted (they enter sanitize failure mode on the write
     * errors that follow, as after a power loss).
     */
    private void awaitSanitizeRuns() {
        long deadline = System.nanoTime() + SANITIZE_CLOSE_WAIT_NANOS;
        for (LogicalUnit u : units.values()) {
            if (!u.sbc().sanitize().inProgress()) {
                continue;
            }
            LOG.info("target {}: unit {} is sanitizing; waiting up to {} s for it before closing", name, u.name(),
                    java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(SANITIZE_CLOSE_WAIT_NANOS));
            while (u.sbc().sanitize().inProgress() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (u.sbc().sanitize().inProgress()) {
                LOG.warn("target {}: closing unit {} interrupts its sanitize ({}% done): the medium is only partly"
                        + " sanitized", name, u.name(), u.sbc().sanitize().progressIndication() * 100 / 65536);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (aptpl != null) {
            aptpl.close();
        }
        awaitSanitizeRuns();
        for (LogicalUnit u : units.values()) {
            u.close();
        }
        units.clear();
        for (LogicalUnit u : retired) {
            u.close();
        }
        retired.clear();
        lunMap = LunMap.EMPTY;
        groups = List.of();
        timer.shutdownNow();
        pool.close();
        LOG.info("target {} closed", name);
    }
}
