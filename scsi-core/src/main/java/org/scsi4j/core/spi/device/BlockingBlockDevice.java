package org.scsi4j.core.spi.device;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The simple, blocking shape of a block device. The core runs these methods on a worker pool
 * of {@link #workerThreads()} threads that it names, owns and stops, and turns their results
 * into {@link IoStatus} values: normal return is {@link IoStatus#GOOD}; a
 * {@link DeviceIoException} carries its own status; any other {@link IOException} from a read is
 * {@link IoStatus#READ_ERROR}, from anything else {@link IoStatus#WRITE_ERROR}; a
 * {@link RuntimeException} is {@link IoStatus#DEVICE_FAILURE} (and logged once).
 *
 * <p>Methods may be called concurrently from several workers for disjoint ranges. Buffer rules
 * are those of {@link BlockDevice}: position..limit is the data, valid until the method returns.
 */
public interface BlockingBlockDevice extends AutoCloseable {

    DeviceGeometry geometry();

    boolean supports(DeviceOperation op);

    default boolean isReadOnly() {
        return false;
    }

    /**
     * Whether UNMAP really releases space, so blocks can be deallocated (VPD 0xB2 PROVISIONING
     * TYPE thin, GET LBA STATUS reporting deallocated extents). A device that implements UNMAP by
     * writing zeroes is not thin: it says false and stays "fully provisioned" with LBPU set.
     */
    default boolean isThinProvisioned() {
        return false;
    }

    default boolean unmappedReadsZero() {
        return supports(DeviceOperation.UNMAP);
    }

    /** How many worker threads the core should run for this device (at least 1). */
    default int workerThreads() {
        return 2;
    }

    void read(long lba, int blocks, ByteBuffer dst) throws IOException;

    void write(long lba, int blocks, ByteBuffer src, boolean fua) throws IOException;

    void flush() throws IOException;

    default void unmap(long lba, long blocks) throws IOException {
        throw new DeviceIoException(IoStatus.UNSUPPORTED, 0, "unmap not supported");
    }

    default void writeSame(long lba, long blocks, ByteBuffer pattern) throws IOException {
        throw new DeviceIoException(IoStatus.UNSUPPORTED, 0, "write same not supported");
    }

    default void compareAndWrite(long lba, int blocks, ByteBuffer compare, ByteBuffer data) throws IOException {
        throw new DeviceIoException(IoStatus.UNSUPPORTED, 0, "compare and write not supported");
    }

    /** See {@link BlockDevice#provisioningExtent(long, long)}. */
    default long provisioningExtent(long lba, long maxBlocks) {
        return maxBlocks;
    }

    @Override
    void close();
}
