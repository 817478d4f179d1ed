package org.scsi4j.core.internal.engine;

import org.scsi4j.core.CommandSet;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.LuIdentity;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.command.CommandTable;
import org.scsi4j.core.internal.medium.CoreRemovableMedium;
import org.scsi4j.core.internal.medium.MediumState;
import org.scsi4j.core.internal.mmc.MmcCommands;
import org.scsi4j.core.internal.reservation.Reservations;
import org.scsi4j.core.internal.sbc.DiskCommands;
import org.scsi4j.core.internal.sbc.SbcUnit;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.device.BlockDevice;
import org.scsi4j.core.spi.device.DeviceGeometry;
import org.scsi4j.core.spi.device.RemovableMedium;
import org.scsi4j.core.spi.device.ScsiDevice;

/**
 * A logical unit at run time: device, command set, identity and mode parameters, shared by every
 * nexus and transport that reaches it. Thread-safe: the immutable parts are final, the mutable
 * ones volatile or owned by {@link ModePages}.
 */
public final class LogicalUnit {
    private final String name;
    private final CommandSet commandSet;
    private final CommandTable commands;
    private final LuIdentity identity;
    private final BlockDevice device;
    /** The raw-CDB device of a {@link CommandSet#RAW} unit, else null. */
    private final ScsiDevice scsiDevice;
    private final ModePages modePages;
    private final TargetRuntime target;
    private final Reservations reservations = new Reservations();
    private final SbcUnit sbc = new SbcUnit();
    /**
     * Removable-medium state; null for a disk whose medium is fixed. A device implementing
     * {@link RemovableMedium} keeps its own state; a spec with {@code withRemovableMedium(true)}
     * over any other device gets a {@link CoreRemovableMedium}.
     */
    private final MediumState medium;
    private volatile long lastBlockCount;

    LogicalUnit(TargetRuntime target, LogicalUnitSpec spec) {
        this.target = target;
        this.name = spec.name();
        this.commandSet = spec.commandSet();
        this.identity = spec.identityIn(target.name());
        this.scsiDevice = spec.scsiDevice();
        if (scsiDevice != null) {
            this.device = RawUnitStorage.INSTANCE;
        } else {
            this.device = spec.device() != null ? spec.device() : new BlockingDeviceAdapter(spec.name(), spec.blockingDevice());
        }
        Object raw = spec.device() != null ? spec.device() : spec.blockingDevice();
        if (scsiDevice != null) {
            this.medium = null;     // the device keeps its own medium state; the core only forwards
        } else if (raw instanceof RemovableMedium) {
            this.medium = MediumState.of(spec.name(), (RemovableMedium) raw);
        } else if (spec.removableMedium()) {
            this.medium = MediumState.of(spec.name(), new CoreRemovableMedium());
        } else {
            this.medium = commandSet == CommandSet.CDROM ? MediumState.fixed(spec.name()) : null;
        }
        this.commands = switch (commandSet) {
            case DISK -> medium != null ? DiskCommands.removableTable() : DiskCommands.table();
            case CDROM -> MmcCommands.table();
            case RAW -> RawDeviceCommands.table();
        };
        DeviceGeometry g = device.geometry();
        this.modePages = new ModePages(g.volatileWriteCache(), spec.descriptorSense());
        this.lastBlockCount = g.blockCount();
    }

    public String name() {
        return name;
    }

    public CommandSet commandSet() {
        return commandSet;
    }

    /** INQUIRY peripheral device type. */
    public int peripheralDeviceType() {
        return scsiDevice != null ? scsiDevice.peripheralDeviceType() : commandSet.peripheralDeviceType();
    }

    /** Whether commands go to a raw-CDB {@link ScsiDevice} ({@link CommandSet#RAW}). */
    public boolean isRaw() {
        return scsiDevice != null;
    }

    /** The raw-CDB device, or null for a unit over a block device. */
    public ScsiDevice scsiDevice() {
        return scsiDevice;
    }

    static IllegalArgumentException readOnlyRawRefused(String unitName) {
        return new IllegalArgumentException("unit " + unitName + " is a raw (pass-through) device: it cannot be mapped"
                + " read-only, because the core does not know which of its commands write; use the device's own"
                + " write protection");
    }

    /**
     * LOGICAL UNIT RESET or a target reset reached this unit: a raw device resets its own state.
     * Errors are logged, never thrown: the reset of the core's state has happened regardless.
     */
    void resetDevice() {
        if (scsiDevice != null) {
            try {
                scsiDevice.reset();
            } catch (RuntimeException e) {
                target.logDeviceFailure(this, "reset", e);
            }
        }
    }

    public CommandTable commands() {
        return commands;
    }

    /** Whether this unit implements a row of its command table (see {@link CommandDescriptor#requiring}). */
    public boolean implementsCommand(CommandDescriptor d) {
        return d.requiredOperation() == null || device.supports(d.requiredOperation());
    }

    public LuIdentity identity() {
        return identity;
    }

    public BlockDevice device() {
        return device;
    }

    /** The device's current geometry. */
    public DeviceGeometry geometry() {
        return device.geometry();
    }

    public ModePages modePages() {
        return modePages;
    }

    /** SPC-2 and persistent reservations of this unit, shared by every nexus and transport. */
    public Reservations reservations() {
        return reservations;
    }

    /** SBC per-unit state: the LBA range lock of the atomic commands, the sanitize state. */
    public SbcUnit sbc() {
        return sbc;
    }

    /** The target this unit belongs to (its name, its ports). */
    public TargetRuntime target() {
        return target;
    }

    /**
     * Checks whether the device's capacity changed since last seen and, if so, posts CAPACITY
     * DATA HAS CHANGED to every nexus (SBC-3 §4.10). Called at every command's dispatch, so a
     * device that resizes itself needs no notification call; cheap when nothing changed.
     */
    public void checkCapacity() {
        if (medium != null) {
            return;     // a removable medium's size changes with the medium: MEDIUM MAY HAVE CHANGED says it
        }
        long now = device.geometry().blockCount();
        if (now != lastBlockCount) {
            synchronized (this) {
                if (now == lastBlockCount) {
                    return;
                }
                lastBlockCount = now;
            }
            target.postUnitAttention(this, SenseReason.CAPACITY_DATA_HAS_CHANGED, null);
        }
    }

    /**
     * Whether the unit's medium is present (always, for a fixed disk). Commands whose row says
     * NEEDS_MEDIUM answer NOT READY, MEDIUM NOT PRESENT while it is not.
     */
    public boolean mediumPresent() {
        return medium == null || medium.present();
    }

    /**
     * Notices a medium change since last seen and posts NOT READY TO READY CHANGE, MEDIUM MAY HAVE
     * CHANGED to every nexus (SPC-4 §5.14, MMC-6 §4.1.6.4). Called at every dispatch; a no-op for
     * fixed disks.
     */
    public void checkMedium() {
        checkMedium(null);
    }

    /**
     * {@link #checkMedium()}, but the unit attention spares {@code loader}: the nexus whose own
     * START STOP UNIT (LOEJ=1, START=1) just loaded the medium knows it changed (libiscsi's
     * StartStopUnit.Simple expects GOOD from its next TEST UNIT READY); every other nexus is told.
     */
    public void checkMedium(NexusView loader) {
        if (medium != null && medium.poll()) {
            target.postUnitAttention(this, SenseReason.MEDIUM_MAY_HAVE_CHANGED, loader);
        }
    }

    /**
     * The unit's removable-medium state (prevent state, media events), or null when the medium is
     * fixed. Every CD/DVD unit has one. The engine calls its {@code nexusLost} and {@code reset}
     * as it does the reservations'.
     */
    public MediumState medium() {
        return medium;
    }

    /**
     * INQUIRY RMB: whether the medium is removable (every CD/DVD unit, devices that say so and
     * disks declared {@code withRemovableMedium(true)}).
     */
    public boolean removableMedium() {
        return scsiDevice != null ? scsiDevice.removableMedium() : medium != null;
    }

    /** Posts MODE PARAMETERS CHANGED to every nexus but the one that changed them (SPC-4 §7.5). */
    public void modeParametersChangedBy(NexusView changer) {
        target.postUnitAttention(this, SenseReason.MODE_PARAMETERS_CHANGED, changer);
    }

    void close() {
        if (scsiDevice != null) {
            scsiDevice.close();
        } else {
            device.close();
        }
    }

    @Override
    public String toString() {
        return "LU[" + name + "]";
    }
}
