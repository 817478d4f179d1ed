package org.scsi4j.core.spi.device;

import java.nio.ByteBuffer;

/**
 * An asynchronous block device: the storage half of a logical unit.
 *
 * <p><b>Threading.</b> The core calls the I/O methods from the thread that owns the task (a
 * transport event loop, or a loopback dispatcher); they must not block that thread for I/O:
 * start the work and return. Each call finishes with exactly one {@link IoCompletion#complete}
 * from any thread. Calls for disjoint ranges may be outstanding at once; the core never issues
 * two overlapping writes concurrently unless the initiator's task attributes allow it.
 * A device that can only block implements {@link BlockingBlockDevice} instead.
 *
 * <p><b>Buffers.</b> The core owns every buffer it passes; the buffer's position..limit is the
 * data (exactly {@code blocks * logicalBlockSize} bytes). It stays valid and unchanged until the
 * completion call; the device must not keep it afterwards.
 *
 * <p><b>Ranges.</b> The core has already checked every LBA range against {@link #geometry()}, so
 * an out-of-range call is a core bug; a device may still answer it with {@link IoStatus#DEVICE_FAILURE}.
 */
public interface BlockDevice extends AutoCloseable {

    /** Current geometry. Called often: return a cached value. */
    DeviceGeometry geometry();

    /** Whether an optional primitive is implemented natively (see {@link DeviceOperation}). */
    boolean supports(DeviceOperation op);

    /** Whether the backing storage itself refuses writes (e.g. opened read-only). */
    default boolean isReadOnly() {
        return false;
    }

    /** Whether unmapped (deallocated) blocks read back as zeroes (LBPRZ in VPD 0xB2). */
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

    /** Reads {@code blocks} blocks at {@code lba} into {@code dst}'s position..limit. */
    void read(long lba, int blocks, ByteBuffer dst, IoCompletion done);

    /**
     * Writes {@code src}'s position..limit at {@code lba}. With {@code fua} the data must be on
     * stable storage before the completion is called (SBC-3 force unit access).
     */
    void write(long lba, int blocks, ByteBuffer src, boolean fua, IoCompletion done);

    /** Makes every completed write durable (SYNCHRONIZE CACHE). */
    void flush(IoCompletion done);

    /** Deallocates blocks. Only called when {@link #supports} says {@link DeviceOperation#UNMAP}. */
    default void unmap(long lba, long blocks, IoCompletion done) {
        done.complete(IoStatus.UNSUPPORTED, 0);
    }

    /**
     * Writes the one-block {@code pattern} to every block of the range. Only called when
     * {@link #supports} says {@link DeviceOperation#WRITE_SAME}; otherwise the core writes the
     * pattern itself in chunks.
     */
    default void writeSame(long lba, long blocks, ByteBuffer pattern, IoCompletion done) {
        done.complete(IoStatus.UNSUPPORTED, 0);
    }

    /**
     * Atomically compares {@code compare} with the blocks at {@code lba} and, when equal, writes
     * {@code data}; on a difference answers {@link IoStatus#MISCOMPARE} with the byte offset.
     * Only called when {@link #supports} says {@link DeviceOperation#COMPARE_AND_WRITE};
     * otherwise the core emulates it under a range lock.
     */
    default void compareAndWrite(long lba, int blocks, ByteBuffer compare, ByteBuffer data, IoCompletion done) {
        done.complete(IoStatus.UNSUPPORTED, 0);
    }

    /**
     * Whether the block at {@code lba} is mapped (holds written data) and how many following
     * blocks share that state, for GET LBA STATUS. The default says everything is mapped.
     *
     * @return a positive count when mapped, a negative count when deallocated; never 0 for a
     *         valid lba. May block briefly (called on the owner thread, so keep it cheap).
     */
    default long provisioningExtent(long lba, long maxBlocks) {
        return maxBlocks;
    }

    /** Releases the device's resources. Called once, after every outstanding operation completed. */
    @Override
    void close();
}
