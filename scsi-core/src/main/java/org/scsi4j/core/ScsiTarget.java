package org.scsi4j.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.scsi4j.core.internal.engine.TargetRuntime;
import org.scsi4j.core.spi.transport.ScsiTargetPort;

/**
 * A SCSI target device: a name, logical units at LUN numbers, and the ports transports export it
 * through. Built in a few lines:
 *
 * <pre>{@code
 * ScsiTarget target = ScsiTarget.builder("iqn.2026-11.org.example:disks")
 *         .logicalUnit(0, LogicalUnitSpec.disk("boot", new RamBlockDevice(512, 1 << 30)))
 *         .build();
 * ScsiTargetPort port = target.port(1);   // hand this to a transport
 * }</pre>
 *
 * Units may be added and removed while the target runs; every I_T nexus then gets REPORTED LUNS
 * DATA HAS CHANGED. Thread-safe. Close the transports first, then the target (which closes the
 * devices).
 */
public final class ScsiTarget implements AutoCloseable {
    private final TargetRuntime runtime;

    private ScsiTarget(TargetRuntime runtime) {
        this.runtime = runtime;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return runtime.name();
    }

    /**
     * The target port with this relative port identifier, created on first use. Each transport
     * endpoint (an iSCSI portal group, a loopback instance) uses its own.
     */
    public ScsiTargetPort port(int relativePortId) {
        return runtime.port(relativePortId);
    }

    /** Maps a new logical unit at {@code lun} while the target runs. */
    public void addLogicalUnit(int lun, LogicalUnitSpec spec) {
        runtime.addLogicalUnit(lun, spec, false);
    }

    /** Maps a new logical unit at {@code lun}, read-only for every initiator when {@code readOnly}. */
    public void addLogicalUnit(int lun, LogicalUnitSpec spec, boolean readOnly) {
        runtime.addLogicalUnit(lun, spec, readOnly);
    }

    /** Unmaps the unit at {@code lun}; its device is closed with the target. */
    public void removeLogicalUnit(int lun) {
        runtime.removeLogicalUnit(lun);
    }

    /**
     * Opens the tray of the removable-medium unit at {@code lun}, as an operator pressing the
     * drive's eject button: the medium stops being readable, initiators see NOT READY, MEDIUM NOT
     * PRESENT and a MEDIA REMOVAL event. Refused while an initiator prevents removal (PREVENT
     * ALLOW MEDIUM REMOVAL); the initiators then get an EJECT REQUEST event, which lets an initiator
     * that agrees allow removal and eject. To put a new medium in, use the device's own calls
     * (e.g. the virtual CD-ROM's {@code insert}); they respect the same prevent state. A disk
     * declared {@code LogicalUnitSpec.withRemovableMedium(true)} keeps its data while ejected;
     * {@link #loadMedium(int)} puts the same medium back.
     *
     * @throws MediumRemovalPreventedException while an initiator prevents removal; the message
     *         names the initiator ports
     * @throws IllegalArgumentException when no unit is mapped at {@code lun}
     * @throws IllegalStateException when the unit's medium is not removable
     */
    public void ejectMedium(int lun) {
        ejectMedium(lun, false);
    }

    /**
     * {@link #ejectMedium(int)}, or with {@code force} regardless of the initiators' prevent state
     * (their prevent stays recorded; it just did not stop this eject).
     */
    public void ejectMedium(int lun, boolean force) {
        var lu = runtime.logicalUnit(lun);
        if (lu == null) {
            throw new IllegalArgumentException("LUN " + lun + " is not mapped in target " + name());
        }
        if (lu.medium() == null || !lu.medium().isRemovable()) {
            throw new IllegalStateException("LUN " + lun + " (" + lu.name() + ") has no removable medium");
        }
        lu.medium().hostEject(force);
        lu.checkMedium();
    }

    /**
     * Loads the medium of the removable-medium unit at {@code lun} again (closes the tray), as an
     * operator pushing it in: a disk declared {@code LogicalUnitSpec.withRemovableMedium(true)}
     * shows the data it had when ejected; a drive whose device implements
     * {@link org.scsi4j.core.spi.device.RemovableMedium} loads whatever is in its tray. When a
     * medium is then present, every I_T nexus gets the unit attention NOT READY TO READY CHANGE,
     * MEDIUM MAY HAVE CHANGED. Idempotent; the initiators' prevent state does not stop it.
     *
     * @throws IllegalArgumentException when no unit is mapped at {@code lun}
     * @throws IllegalStateException when the unit's medium is not removable
     */
    public void loadMedium(int lun) {
        var lu = runtime.logicalUnit(lun);
        if (lu == null) {
            throw new IllegalArgumentException("LUN " + lun + " is not mapped in target " + name());
        }
        if (lu.medium() == null || !lu.medium().isRemovable()) {
            throw new IllegalStateException("LUN " + lun + " (" + lu.name() + ") has no removable medium");
        }
        lu.medium().hostLoad();
        lu.checkMedium();
    }

    // ------------------------------------------------------------------ LUN visibility

    /** The initiator group every initiator falls into when it matches no declared group. */
    public static final String DEFAULT_GROUP = TargetRuntime.DEFAULT_GROUP;

    /** Adds a unit without mapping it; {@link #map} makes it visible to a group. */
    public void addUnit(LogicalUnitSpec spec) {
        runtime.addUnit(spec);
    }

    /** Removes an unmapped unit (its device is closed with the target). */
    public void removeUnit(String unitName) {
        runtime.removeUnit(unitName);
    }

    /**
     * Declares an initiator group, or replaces its member patterns: initiator names, exact or with
     * {@code *} and {@code ?} wildcards (case-insensitive). Groups are tried in declaration order,
     * first match wins. Once any group exists, initiators that match none see only the default
     * group's map, and cannot log in at all when it is empty. Applies live: sessions whose LUN
     * inventory changes get REPORTED LUNS DATA HAS CHANGED.
     */
    public void defineInitiatorGroup(String group, String... initiatorPatterns) {
        runtime.defineInitiatorGroup(group, java.util.List.of(initiatorPatterns));
    }

    public void removeInitiatorGroup(String group) {
        runtime.removeInitiatorGroup(group);
    }

    /**
     * Maps a unit at {@code lun} for {@code group} ({@link #DEFAULT_GROUP} for initiators in no
     * group), read-only if asked; replaces what was at that LUN. Applies live: a mapping turned
     * read-only answers writes with DATA PROTECT from the next command on.
     */
    public void map(String group, int lun, String unitName, boolean readOnly) {
        runtime.map(group, lun, unitName, readOnly);
    }

    /** Removes {@code lun} from {@code group}'s map; sessions of that group then get LOGICAL UNIT NOT SUPPORTED there. */
    public void unmap(String group, int lun) {
        runtime.unmap(group, lun);
    }

    /** The mapped LUN numbers, ascending. */
    public int[] luns() {
        return runtime.luns();
    }

    /** Identity of the unit at {@code lun} (serial, NAA), or null. */
    public LuIdentity identity(int lun) {
        var lu = runtime.logicalUnit(lun);
        return lu == null ? null : lu.identity();
    }

    /** I_T nexuses currently open (diagnostics, leak checks). */
    public int openNexusCount() {
        return runtime.openNexusCount();
    }

    /** Data buffers currently handed out (diagnostics, leak checks: 0 when idle). */
    public int outstandingBuffers() {
        return runtime.outstandingBuffers();
    }

    /** The engine behind this target; for transports and tests in this project, not API. */
    public TargetRuntime runtime() {
        return runtime;
    }

    @Override
    public void close() {
        runtime.close();
    }

    /** Builds a {@link ScsiTarget}; settings are validated once in {@link #build()}. */
    public static final class Builder {
        private final String name;
        private final List<Object[]> units = new ArrayList<>();
        private long bufferPoolBytes = 256L << 20;
        private int tasksPerNexus = 128;
        private Duration taskManagementTimeout = Duration.ofSeconds(30);
        private java.nio.file.Path persistenceDirectory;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder logicalUnit(int lun, LogicalUnitSpec spec) {
            return logicalUnit(lun, spec, false);
        }

        /** Declares a unit without mapping it (see {@link #map}). */
        public Builder unit(LogicalUnitSpec spec) {
            java.util.Objects.requireNonNull(spec, "spec");
            steps.add(rt -> rt.addUnit(spec));
            return this;
        }

        /** Declares an initiator group (see {@link ScsiTarget#defineInitiatorGroup}). */
        public Builder initiatorGroup(String group, String... initiatorPatterns) {
            java.util.List<String> patterns = java.util.List.of(initiatorPatterns);
            steps.add(rt -> rt.defineInitiatorGroup(group, patterns));
            return this;
        }

        /** Maps a declared unit for a group (see {@link ScsiTarget#map}). */
        public Builder map(String group, int lun, String unitName, boolean readOnly) {
            steps.add(rt -> rt.map(group, lun, unitName, readOnly));
            return this;
        }

        private final java.util.List<java.util.function.Consumer<TargetRuntime>> steps = new java.util.ArrayList<>();

        public Builder logicalUnit(int lun, LogicalUnitSpec spec, boolean readOnly) {
            units.add(new Object[] {lun, Objects.requireNonNull(spec, "spec"), readOnly});
            return this;
        }

        /** Bytes of data buffers the target may hold at once (default 256 MiB). */
        public Builder bufferPoolBytes(long bytes) {
            this.bufferPoolBytes = bytes;
            return this;
        }

        /** Commands one I_T nexus may have outstanding (default 128); transports derive their window from it. */
        public Builder tasksPerNexus(int n) {
            this.tasksPerNexus = n;
            return this;
        }

        /** How long a task management function waits for aborted device I/O (default 30 s). */
        public Builder taskManagementTimeout(Duration timeout) {
            this.taskManagementTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * Where persistent reservations made with APTPL=1 are kept across restarts (SPC-4 §5.13):
         * one file per unit, named after its NAA designator, so keep unit names (or explicit NAAs)
         * stable. Created if missing. Without it (the default) APTPL is not supported (PTPL_C=0).
         */
        public Builder persistenceDirectory(java.nio.file.Path dir) {
            this.persistenceDirectory = Objects.requireNonNull(dir, "dir");
            return this;
        }

        public ScsiTarget build() {
            if (name.isBlank()) {
                throw new IllegalArgumentException("target name must not be blank");
            }
            if (tasksPerNexus < 1 || tasksPerNexus > 4096) {
                throw new IllegalArgumentException("tasksPerNexus must be 1..4096, was " + tasksPerNexus);
            }
            if (taskManagementTimeout.isNegative() || taskManagementTimeout.isZero()) {
                throw new IllegalArgumentException("taskManagementTimeout must be positive");
            }
            TargetRuntime rt = new TargetRuntime(name, bufferPoolBytes, tasksPerNexus, taskManagementTimeout);
            try {
                if (persistenceDirectory != null) {
                    rt.persistenceDirectory(persistenceDirectory);
                }
                for (Object[] u : units) {
                    rt.addLogicalUnit((Integer) u[0], (LogicalUnitSpec) u[1], (Boolean) u[2]);
                }
                for (java.util.function.Consumer<TargetRuntime> step : steps) {
                    step.accept(rt);
                }
            } catch (RuntimeException e) {
                rt.close();
                throw e;
            }
            return new ScsiTarget(rt);
        }
    }
}
