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

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder logicalUnit(int lun, LogicalUnitSpec spec) {
            return logicalUnit(lun, spec, false);
        }

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
                for (Object[] u : units) {
                    rt.addLogicalUnit((Integer) u[0], (LogicalUnitSpec) u[1], (Boolean) u[2]);
                }
            } catch (RuntimeException e) {
                rt.close();
                throw e;
            }
            return new ScsiTarget(rt);
        }
    }
}
