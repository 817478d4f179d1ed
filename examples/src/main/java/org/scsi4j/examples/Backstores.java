package org.scsi4j.examples;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.scsi4j.backstore.block.BlockDeviceDisk;
import org.scsi4j.backstore.block.BlockDeviceOptions;
import org.scsi4j.backstore.passthrough.PassthroughDevices;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.examples.tape.VirtualTapeDrive;

/**
 * Opens the units of the example target's {@code --block}, {@code --passthrough} and
 * {@code --tape} options (and of the configuration file's {@code block}, {@code passthrough} and
 * {@code tape} devices), turning what the backstores throw into messages that say what to do.
 */
public final class Backstores {
    private Backstores() {
    }

    /**
     * A disk on a Linux block device ({@code backstore-block}).
     *
     * @throws IOException              when there is no such device, it cannot be opened or is in use
     * @throws IllegalArgumentException when the path is not a block device, or one that cannot be exported
     */
    public static LogicalUnitSpec block(String name, String device, boolean readOnly, boolean direct) throws IOException {
        Path path = Path.of(device);
        if (!Files.exists(path)) {
            throw new NoSuchFileException(device, null, "no such block device");
        }
        try {
            BlockDeviceOptions options = BlockDeviceOptions.builder(path).readOnly(readOnly).direct(direct).build();
            return LogicalUnitSpec.disk(name, BlockDeviceDisk.open(options));
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(device, null, "permission denied (run as root, or as a member of the "
                    + "group owning the device, usually 'disk')");
        }
    }

    /**
     * A real SCSI device or another target's LUN passed through ({@code backstore-passthrough}):
     * {@code sg:/dev/sgN} or {@code iscsi://HOST[:PORT]/IQN/LUN}.
     *
     * @param initiatorName the iSCSI name this target logs in to another target with
     * @throws IOException              when the device cannot be opened (or the runtime cannot reach /dev/sg)
     * @throws IllegalArgumentException when the spec is malformed
     */
    public static LogicalUnitSpec passthrough(String name, String spec, String initiatorName) throws IOException {
        return LogicalUnitSpec.rawDevice(name, PassthroughDevices.open(spec, initiatorName));
    }

    /**
     * The tape drive example with the cartridge in {@code file}, created when missing.
     *
     * @param capacity the cartridge's capacity in bytes, 0 for {@link VirtualTapeDrive#DEFAULT_CAPACITY}
     * @param readOnly a write-protected cartridge (which must exist)
     */
    public static LogicalUnitSpec tape(String name, String file, long capacity, boolean readOnly) throws IOException {
        Path path = Path.of(file);
        if (readOnly && !Files.exists(path)) {
            throw new NoSuchFileException(file, null, "no such tape cartridge (a write-protected one is not created)");
        }
        VirtualTapeDrive drive = VirtualTapeDrive.open(path, capacity > 0 ? capacity : VirtualTapeDrive.DEFAULT_CAPACITY,
                readOnly);
        return LogicalUnitSpec.rawDevice(name, drive).withProduct("VIRTUAL TAPE");
    }

    /**
     * The initiator name a pass-through to another iSCSI target logs in with: this target's name
     * with {@code :passthrough} appended (an eui. or naa. name cannot take a suffix, so those use
     * {@value #PASSTHROUGH_INITIATOR}).
     */
    public static String passthroughInitiator(String targetName) {
        return targetName.startsWith("iqn.") ? targetName + ":passthrough" : PASSTHROUGH_INITIATOR;
    }

    static final String PASSTHROUGH_INITIATOR = "iqn.2026-11.org.scsi4j:passthrough";
}
