package org.scsi4j.core.internal.engine;

import java.nio.ByteBuffer;
import org.scsi4j.core.spi.device.BlockDevice;
import org.scsi4j.core.spi.device.DeviceGeometry;
import org.scsi4j.core.spi.device.DeviceOperation;
import org.scsi4j.core.spi.device.IoCompletion;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * The block storage of a raw-CDB unit: none. A {@link LogicalUnit} always has a block device
 * because the generic SPC code reads its geometry (mode pages, write cache); a raw unit's commands
 * never reach these methods (its command table has no block commands), so every one of them
 * answers {@link IoStatus#DEVICE_FAILURE} should the core ever call it by mistake.
 */
final class RawUnitStorage implements BlockDevice {
    static final RawUnitStorage INSTANCE = new RawUnitStorage();

    private static final DeviceGeometry NONE = DeviceGeometry.of(512, 0);

    private RawUnitStorage() {
    }

    @Override
    public DeviceGeometry geometry() {
        return NONE;
    }

    @Override
    public boolean supports(DeviceOperation op) {
        return false;
    }

    @Override
    public void read(long lba, int blocks, ByteBuffer dst, IoCompletion done) {
        done.complete(IoStatus.DEVICE_FAILURE, 0);
    }

    @Override
    public void write(long lba, int blocks, ByteBuffer src, boolean fua, IoCompletion done) {
        done.complete(IoStatus.DEVICE_FAILURE, 0);
    }

    @Override
    public void flush(IoCompletion done) {
        done.complete(IoStatus.DEVICE_FAILURE, 0);
    }

    @Override
    public void close() {
    }
}
