package org.scsi4j.core;

import java.util.Objects;
import org.scsi4j.core.spi.device.BlockDevice;
import org.scsi4j.core.spi.device.BlockingBlockDevice;
import org.scsi4j.core.spi.device.ScsiDevice;

/**
 * A logical unit as the host application declares it: a device, the command set it speaks and
 * its identity. Immutable; build with {@link #disk(String, BlockDevice)},
 * {@link #disk(String, BlockingBlockDevice)}, {@link #cdrom(String, BlockDevice)} or
 * {@link #cdrom(String, BlockingBlockDevice)} and the {@code with*} methods.
 *
 * <p>The {@code name} is what the identity is derived from (with the target's name): keep it the
 * same across restarts and the unit keeps its serial number and NAA designator.
 */
public final class LogicalUnitSpec {
    private final String name;
    private final CommandSet commandSet;
    private final BlockDevice device;
    private final BlockingBlockDevice blockingDevice;
    private final String vendor;
    private final String product;
    private final String revision;
    private final String serial;
    private final Long naa;
    private final boolean descriptorSense;
    private final boolean removableMedium;
    private final ScsiDevice scsiDevice;

    private LogicalUnitSpec(String name, CommandSet commandSet, BlockDevice device,
                            BlockingBlockDevice blockingDevice, String vendor, String product,
                            String revision, String serial, Long naa, boolean descriptorSense) {
        this(name, commandSet, device, blockingDevice, vendor, product, revision, serial, naa, descriptorSense, false, null);
    }

    private LogicalUnitSpec(String name, CommandSet commandSet, BlockDevice device,
                            BlockingBlockDevice blockingDevice, String vendor, String product,
                            String revision, String serial, Long naa, boolean descriptorSense,
                            boolean removableMedium, ScsiDevice scsiDevice) {
        this.name = Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("logical unit name must not be blank");
        }
        this.commandSet = Objects.requireNonNull(commandSet, "commandSet");
        this.device = device;
        this.blockingDevice = blockingDevice;
        this.vendor = vendor;
        this.product = product;
        this.revision = revision;
        this.serial = serial;
        this.naa = naa;
        this.descriptorSense = descriptorSense;
        this.removableMedium = removableMedium;
        this.scsiDevice = scsiDevice;
    }

    /** A disk (SBC-3) over an asynchronous device. */
    public static LogicalUnitSpec disk(String name, BlockDevice device) {
        return new LogicalUnitSpec(name, CommandSet.DISK, Objects.requireNonNull(device, "device"), null,
                null, null, null, null, null, false);
    }

    /** A disk (SBC-3) over a blocking device, run on the core's worker pool. */
    public static LogicalUnitSpec disk(String name, BlockingBlockDevice device) {
        return new LogicalUnitSpec(name, CommandSet.DISK, null, Objects.requireNonNull(device, "device"),
                null, null, null, null, null, false);
    }

    /**
     * A CD/DVD-ROM drive (MMC-6, peripheral device type 5) over an asynchronous device with
     * 2048-byte blocks. When the device also implements
     * {@link org.scsi4j.core.spi.device.RemovableMedium} its medium can be ejected, swapped and
     * locked; otherwise the disc is fixed in the drive.
     *
     * @throws IllegalArgumentException when the device's blocks are not 2048 bytes
     */
    public static LogicalUnitSpec cdrom(String name, BlockDevice device) {
        checkCdBlockSize(name, Objects.requireNonNull(device, "device").geometry().logicalBlockSize());
        return new LogicalUnitSpec(name, CommandSet.CDROM, device, null, null, null, null, null, null, false);
    }

    /** A CD/DVD-ROM drive over a blocking device (see {@link #cdrom(String, BlockDevice)}). */
    public static LogicalUnitSpec cdrom(String name, BlockingBlockDevice device) {
        checkCdBlockSize(name, Objects.requireNonNull(device, "device").geometry().logicalBlockSize());
        return new LogicalUnitSpec(name, CommandSet.CDROM, null, device, null, null, null, null, null, false);
    }

    /**
     * A unit whose commands go to {@code device} as raw CDBs: a pass-through to a real SCSI device
     * or an emulator of a device type the core does not ship (see {@link ScsiDevice} for what the
     * core keeps: REPORT LUNS, reservations, unit attentions, task management). Such a unit cannot
     * be mapped read-only: the core does not know which of the device's commands write.
     */
    public static LogicalUnitSpec rawDevice(String name, ScsiDevice device) {
        return new LogicalUnitSpec(name, CommandSet.RAW, null, null, null, null, null, null, null, false, false,
                Objects.requireNonNull(device, "device"));
    }

    private static void checkCdBlockSize(String name, int blockSize) {
        if (blockSize != 2048) {
            throw new IllegalArgumentException("CD/DVD unit " + name + " needs 2048-byte blocks, its device has " + blockSize);
        }
    }

    public LogicalUnitSpec withVendor(String v) {
        return new LogicalUnitSpec(name, commandSet, device, blockingDevice, v, product, revision, serial, naa, descriptorSense, removableMedium, scsiDevice);
    }

    public LogicalUnitSpec withProduct(String p) {
        return new LogicalUnitSpec(name, commandSet, device, blockingDevice, vendor, p, revision, serial, naa, descriptorSense, removableMedium, scsiDevice);
    }

    public LogicalUnitSpec withRevision(String r) {
        return new LogicalUnitSpec(name, commandSet, device, blockingDevice, vendor, product, r, serial, naa, descriptorSense, removableMedium, scsiDevice);
    }

    public LogicalUnitSpec withSerial(String s) {
        return new LogicalUnitSpec(name, commandSet, device, blockingDevice, vendor, product, revision, s, naa, descriptorSense, removableMedium, scsiDevice);
    }

    /** An explicit 8-byte NAA designator (type 3 or 5) instead of the derived one. */
    public LogicalUnitSpec withNaa(long n) {
        return new LogicalUnitSpec(name, commandSet, device, blockingDevice, vendor, product, revision, serial, n, descriptorSense, removableMedium, scsiDevice);
    }

    /** Start with descriptor-format sense data (control mode page D_SENSE=1); default fixed format. */
    public LogicalUnitSpec withDescriptorSense(boolean dSense) {
        return new LogicalUnitSpec(name, commandSet, device, blockingDevice, vendor, product, revision, serial, naa, dSense, removableMedium, scsiDevice);
    }

    /**
     * Makes the unit's medium removable (INQUIRY RMB=1) although its device does not implement
     * {@link org.scsi4j.core.spi.device.RemovableMedium}: the core keeps the medium state itself.
     * Initiators can then lock it (PREVENT ALLOW MEDIUM REMOVAL) and eject and load it (START STOP
     * UNIT with LOEJ), the host with {@link ScsiTarget#ejectMedium(int, boolean)} and
     * {@link ScsiTarget#loadMedium(int)}. An ejected medium keeps its data: the device is only
     * hidden (NOT READY, MEDIUM NOT PRESENT) until it is loaded again. A device that implements
     * {@code RemovableMedium} itself is removable regardless of this setting and keeps its own
     * state. Default false.
     */
    public LogicalUnitSpec withRemovableMedium(boolean removable) {
        return new LogicalUnitSpec(name, commandSet, device, blockingDevice, vendor, product, revision, serial, naa,
                descriptorSense, removable, scsiDevice);
    }

    public String name() {
        return name;
    }

    public CommandSet commandSet() {
        return commandSet;
    }

    /** The asynchronous device, or null when {@link #blockingDevice()} is set. */
    public BlockDevice device() {
        return device;
    }

    /** The raw-CDB device of a {@link CommandSet#RAW} unit, else null. */
    public ScsiDevice scsiDevice() {
        return scsiDevice;
    }

    /** The blocking device, or null when {@link #device()} or {@link #scsiDevice()} is set. */
    public BlockingBlockDevice blockingDevice() {
        return blockingDevice;
    }

    public boolean descriptorSense() {
        return descriptorSense;
    }

    /** Whether the core gives the unit a removable medium (see {@link #withRemovableMedium}). */
    public boolean removableMedium() {
        return removableMedium;
    }

    /** The identity this unit gets in a target of that name. */
    public LuIdentity identityIn(String targetName) {
        String defaultProduct = switch (commandSet) {
            case DISK -> "DISK";
            case RAW -> "DEVICE";
            default -> commandSet.name();
        };
        LuIdentity id = LuIdentity.derived(targetName, name, defaultProduct);
        if (vendor != null) {
            id = id.withVendor(vendor);
        }
        if (product != null) {
            id = id.withProduct(product);
        }
        if (revision != null) {
            id = id.withRevision(revision);
        }
        if (serial != null) {
            id = id.withSerial(serial);
        }
        if (naa != null) {
            id = id.withNaa(naa);
        }
        return id;
    }

    @Override
    public String toString() {
        return "LogicalUnitSpec[" + name + ", " + commandSet + "]";
    }
}
