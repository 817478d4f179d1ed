package org.scsi4j.backstore.file;

import java.nio.ByteBuffer;
import org.scsi4j.backstore.file.internal.Zeroes;
import org.scsi4j.core.spi.device.BlockDevice;
import org.scsi4j.core.spi.device.DeviceGeometry;
import org.scsi4j.core.spi.device.DeviceOperation;
import org.scsi4j.core.spi.device.IoCompletion;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * A disk that stores nothing, for measuring a transport alone: reads fill the buffer with zeroes,
 * writes, WRITE SAME and UNMAP are dropped, FLUSH does nothing; every operation answers
 * {@link IoStatus#GOOD} inline, on the calling thread. Any size (1 TiB costs nothing). Every block
 * reads as zeroes and is reported deallocated by {@link #provisioningExtent} (LBPRZ=1).
 *
 * <p>Thread-safe and stateless apart from its geometry. Buffers stay owned by the caller; their
 * position and limit are left as found.
 */
public final class NullBlockDevice implements BlockDevice {

    private final DeviceGeometry geometry;

    /**
     * @param sizeBytes a positive multiple of {@code blockSize}
     * @param blockSize 512 or 4096
     */
    public NullBlockDevice(long sizeBytes, int blockSize) {
        if (blockSize != 512 && blockSize != 4096) {
            throw new IllegalArgumentException("blockSize must be 512 or 4096, was " + blockSize);
        }
        if (sizeBytes <= 0 || sizeBytes % blockSize != 0) {
            throw new IllegalArgumentException("size must be a positive multiple of blockSize " + blockSize
                    + ", was " + sizeBytes);
        }
        this.geometry = DeviceGeometry.of(blockSize, sizeBytes / blockSize);
    }

    @Override
    public DeviceGeometry geometry() {
        return geometry;
    }

    /** {@inheritDoc} Nothing is ever stored: every block is deallocated. */
    @Override
    public boolean isThinProvisioned() {
        return true;
    }

    @Override
    public boolean supports(DeviceOperation op) {
        return op != DeviceOperation.COMPARE_AND_WRITE;
    }

    @Override
    public void read(long lba, int blocks, ByteBuffer dst, IoCompletion done) {
        Zeroes.fill(dst, dst.position(), dst.remaining());
        done.complete(IoStatus.GOOD, 0);
    }

    @Override
    public void write(long lba, int blocks, ByteBuffer src, boolean fua, IoCompletion done) {
        done.complete(IoStatus.GOOD, 0);
    }

    @Override
    public void flush(IoCompletion done) {
        done.complete(IoStatus.GOOD, 0);
    }

    @Override
    public void unmap(long lba, long blocks, IoCompletion done) {
        done.complete(IoStatus.GOOD, 0);
    }

    @Override
    public void writeSame(long lba, long blocks, ByteBuffer pattern, IoCompletion done) {
        done.complete(IoStatus.GOOD, 0);
    }

    /** Nothing is ever stored: every block is deallocated. */
    @Override
    public long provisioningExtent(long lba, long maxBlocks) {
        return -Math.min(maxBlocks, geometry.blockCount() - lba);
    }

    @Override
    public void close() {
        // nothing held
    }
}
