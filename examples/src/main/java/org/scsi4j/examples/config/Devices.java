package org.scsi4j.examples.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.scsi4j.backstore.file.FileBlockDevice;
import org.scsi4j.backstore.file.FileDeviceOptions;
import org.scsi4j.backstore.file.NullBlockDevice;
import org.scsi4j.backstore.file.RamBlockDevice;
import org.scsi4j.backstore.vcdrom.VirtualCdrom;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.examples.Backstores;
import org.scsi4j.examples.config.TargetConfig.Device;

/** Opens the backstore a {@link Device} describes, as the example target's flags do. */
final class Devices {
    private Devices() {
    }

    /**
     * The unit for {@code d} of target {@code targetIqn}, its device open. A file is created sparse
     * when a size is given and it does not exist yet; a tape cartridge is created when missing.
     *
     * @throws IOException when the file, image or device cannot be opened
     */
    static LogicalUnitSpec open(Device d, String targetIqn) throws IOException {
        switch (d.kind()) {
            case FILE: {
                Path path = Path.of(d.path());
                FileDeviceOptions.Builder fb = FileDeviceOptions.builder(path).blockSize(d.blockSize())
                        .readOnly(d.readOnly()).direct(d.direct());
                if (d.sizeBytes() > 0 && !Files.exists(path)) {
                    fb.size(d.sizeBytes()).create(true);
                }
                return LogicalUnitSpec.disk(d.name(), FileBlockDevice.open(fb.build()));
            }
            case RAM:
                return LogicalUnitSpec.disk(d.name(), new RamBlockDevice(d.sizeBytes(), d.blockSize()));
            case NULL:
                return LogicalUnitSpec.disk(d.name(), new NullBlockDevice(d.sizeBytes(), d.blockSize()));
            case BLOCK:
                return Backstores.block(d.name(), d.path(), d.readOnly(), d.direct());
            case PASSTHROUGH:
                return Backstores.passthrough(d.name(), d.path(), Backstores.passthroughInitiator(targetIqn));
            case TAPE:
                return Backstores.tape(d.name(), d.path(), d.sizeBytes(), d.readOnly());
            case ISO:
            default:
                return LogicalUnitSpec.cdrom(d.name(), d.path() == null
                        ? VirtualCdrom.empty(d.name()) : VirtualCdrom.of(d.name(), Path.of(d.path())));
        }
    }

    /** The virtual CD-ROM drive behind {@code spec}, or null. */
    static VirtualCdrom drive(LogicalUnitSpec spec) {
        return spec.blockingDevice() instanceof VirtualCdrom ? (VirtualCdrom) spec.blockingDevice() : null;
    }

    /** Closes the device of a unit that was opened but never handed to a target. */
    static void close(LogicalUnitSpec spec) {
        if (spec.device() != null) {
            spec.device().close();
        } else if (spec.blockingDevice() != null) {
            spec.blockingDevice().close();
        } else {
            spec.scsiDevice().close();
        }
    }
}
