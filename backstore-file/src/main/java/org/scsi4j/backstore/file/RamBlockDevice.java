package org.scsi4j.backstore.file;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.scsi4j.backstore.file.internal.Zeroes;
import org.scsi4j.core.spi.device.BlockDevice;
import org.scsi4j.core.spi.device.DeviceGeometry;
import org.scsi4j.core.spi.device.DeviceOperation;
import org.scsi4j.core.spi.device.IoCompletion;
import org.scsi4j.core.spi.device.IoStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thin-provisioned disk in off-heap memory. Memory is taken lazily in chunks of
 * {@value #CHUNK_BYTES} bytes, on the first write into a chunk; reading a chunk never written
 * returns zeroes without allocating, so a large, sparsely used disk costs only what was written
 * ({@link #allocatedBytes()}).
 *
 * <p><b>Operations</b> complete inline, on the calling thread (they are memory copies). UNMAP
 * releases every chunk the range covers whole and zeroes the parts of chunks it covers partly;
 * {@link #provisioningExtent} is exact at chunk granularity (a block is mapped when its chunk is
 * allocated). WRITE SAME is native. FLUSH does nothing and answers GOOD; there is no volatile cache.
 * An out-of-range call or a buffer of the wrong length answers {@link IoStatus#DEVICE_FAILURE};
 * failing to allocate a chunk (direct memory exhausted) answers {@link IoStatus#WRITE_ERROR}.
 *
 * <p><b>Threading.</b> Calls for disjoint ranges may run concurrently from any threads. Chunks are
 * installed by compare-and-set, so two writers racing to allocate one chunk agree on a single
 * buffer; data is copied with absolute bulk operations that touch no shared buffer state.
 * Visibility of written data to a later reader on another thread relies on the happens-before
 * edge the core's completion hand-off already provides. Buffers stay owned by the caller; their
 * position and limit are left as found.
 */
public final class RamBlockDevice implements BlockDevice {

    private static final Logger LOG = LoggerFactory.getLogger(RamBlockDevice.class);

    /** Allocation unit in bytes (a multiple of every block size). */
    public static final int CHUNK_BYTES = 1 << 20;
    private static final int CHUNK_SHIFT = 20;

    private final DeviceGeometry geometry;
    private final long sizeBytes;
    private final AtomicReferenceArray<ByteBuffer> chunks;
    private final AtomicLong allocatedBytes = new AtomicLong();
    private final AtomicLong allocationFailures = new AtomicLong();

    /**
     * @param sizeBytes declared size: the most memory the disk can take; a positive multiple of
     *                  {@code blockSize}
     * @param blockSize 512 or 4096
     */
    public RamBlockDevice(long sizeBytes, int blockSize) {
        this(sizeBytes, blockSize, blockSize);
    }

    /**
     * A RAM disk that reports physical blocks larger than its logical blocks (a "512e" disk with
     * {@code physicalBlockSize} 4096), as READ CAPACITY(16) and the Block Limits page then say;
     * initiators align their I/O to it.
     *
     * @param physicalBlockSize a power-of-two multiple of {@code blockSize}, at most 32768 logical blocks
     */
    public RamBlockDevice(long sizeBytes, int blockSize, int physicalBlockSize) {
        if (blockSize != 512 && blockSize != 4096) {
            throw new IllegalArgumentException("blockSize must be 512 or 4096, was " + blockSize);
        }
        if (sizeBytes <= 0 || sizeBytes % blockSize != 0) {
            throw new IllegalArgumentException("size must be a positive multiple of blockSize " + blockSize
                    + ", was " + sizeBytes);
        }
        long chunkCount = (sizeBytes + CHUNK_BYTES - 1) >>> CHUNK_SHIFT;
        if (chunkCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("size too large for a RAM disk, was " + sizeBytes);
        }
        int ratio = physicalBlockSize / blockSize;
        if (physicalBlockSize % blockSize != 0 || Integer.bitCount(ratio) != 1) {
            throw new IllegalArgumentException("physical block size must be a power-of-two multiple of the block size "
                    + blockSize + ", was " + physicalBlockSize);
        }
        this.geometry = new DeviceGeometry(blockSize, sizeBytes / blockSize, Integer.numberOfTrailingZeros(ratio), 0, 0, false);
        this.sizeBytes = sizeBytes;
        this.chunks = new AtomicReferenceArray<>((int) chunkCount);
    }

    /** How many chunk allocations failed for lack of direct memory (the first one is logged). */
    public long allocationFailures() {
        return allocationFailures.get();
    }

    /** Bytes of memory currently allocated for data (a multiple of the chunk size, except a short last chunk). */
    public long allocatedBytes() {
        return allocatedBytes.get();
    }

    @Override
    public DeviceGeometry geometry() {
        return geometry;
    }

    /** {@inheritDoc} UNMAP frees whole chunks, so deallocated extents are real. */
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
        if (!valid(lba, blocks, dst)) {
            done.complete(IoStatus.DEVICE_FAILURE, 0);
            return;
        }
        long offset = lba * geometry.logicalBlockSize();
        for (int index = dst.position(); index < dst.limit(); ) {
            int chunk = (int) (offset >>> CHUNK_SHIFT);
            int within = (int) (offset & (CHUNK_BYTES - 1));
            int n = Math.min(dst.limit() - index, chunkLength(chunk) - within);
            ByteBuffer data = chunks.get(chunk);
            if (data == null) {
                Zeroes.fill(dst, index, n);
            } else {
                dst.put(index, data, within, n);
            }
            index += n;
            offset += n;
        }
        done.complete(IoStatus.GOOD, 0);
    }

    @Override
    public void write(long lba, int blocks, ByteBuffer src, boolean fua, IoCompletion done) {
        if (!valid(lba, blocks, src)) {
            done.complete(IoStatus.DEVICE_FAILURE, 0);
            return;
        }
        long offset = lba * geometry.logicalBlockSize();
        for (int index = src.position(); index < src.limit(); ) {
            int chunk = (int) (offset >>> CHUNK_SHIFT);
            int within = (int) (offset & (CHUNK_BYTES - 1));
            int n = Math.min(src.limit() - index, chunkLength(chunk) - within);
            ByteBuffer data = allocatedChunk(chunk);
            if (data == null) {
                done.complete(IoStatus.WRITE_ERROR, 0);
                return;
            }
            data.put(within, src, index, n);
            index += n;
            offset += n;
        }
        done.complete(IoStatus.GOOD, 0);
    }

    @Override
    public void flush(IoCompletion done) {
        done.complete(IoStatus.GOOD, 0);
    }

    @Override
    public void unmap(long lba, long blocks, IoCompletion done) {
        if (lba < 0 || blocks < 0 || lba + blocks > geometry.blockCount()) {
            done.complete(IoStatus.DEVICE_FAILURE, 0);
            return;
        }
        int bs = geometry.logicalBlockSize();
        long offset = lba * bs;
        long end = offset + blocks * bs;
        while (offset < end) {
            int chunk = (int) (offset >>> CHUNK_SHIFT);
            int within = (int) (offset & (CHUNK_BYTES - 1));
            int length = chunkLength(chunk);
            int n = (int) Math.min(end - offset, length - within);
            if (n == length) {
                ByteBuffer released = chunks.getAndSet(chunk, null);
                if (released != null) {
                    allocatedBytes.addAndGet(-released.capacity());
                }
            } else {
                ByteBuffer data = chunks.get(chunk);
                if (data != null) {
                    Zeroes.fill(data, within, n);
                }
            }
            offset += n;
        }
        done.complete(IoStatus.GOOD, 0);
    }

    @Override
    public void writeSame(long lba, long blocks, ByteBuffer pattern, IoCompletion done) {
        int bs = geometry.logicalBlockSize();
        if (pattern.remaining() != bs || lba < 0 || blocks < 0 || lba + blocks > geometry.blockCount()) {
            done.complete(IoStatus.DEVICE_FAILURE, 0);
            return;
        }
        for (long block = lba; block < lba + blocks; block++) {
            long offset = block * bs;
            ByteBuffer data = allocatedChunk((int) (offset >>> CHUNK_SHIFT));
            if (data == null) {
                done.complete(IoStatus.WRITE_ERROR, 0);
                return;
            }
            data.put((int) (offset & (CHUNK_BYTES - 1)), pattern, pattern.position(), bs);
        }
        done.complete(IoStatus.GOOD, 0);
    }

    /** Exact at chunk granularity: positive while chunks are allocated, negative while they are not. */
    @Override
    public long provisioningExtent(long lba, long maxBlocks) {
        int bs = geometry.logicalBlockSize();
        long end = Math.min(geometry.blockCount(), lba + maxBlocks);
        if (lba < 0 || lba >= end) {
            throw new IllegalArgumentException("lba " + lba + " / maxBlocks " + maxBlocks + " out of range");
        }
        int chunk = (int) ((lba * bs) >>> CHUNK_SHIFT);
        boolean mapped = chunks.get(chunk) != null;
        long next;
        while ((next = Math.min(end, ((long) (chunk + 1) << CHUNK_SHIFT) / bs)) < end
                && (chunks.get(chunk + 1) != null) == mapped) {
            chunk++;
        }
        return mapped ? next - lba : lba - next;
    }

    /** Releases all memory. The core calls it once, after the last operation completed. */
    @Override
    public void close() {
        for (int i = 0; i < chunks.length(); i++) {
            chunks.set(i, null);
        }
        allocatedBytes.set(0);
        LOG.info("closed RAM disk of {} bytes", sizeBytes);
    }

    private boolean valid(long lba, int blocks, ByteBuffer buffer) {
        return lba >= 0 && blocks >= 0 && lba + blocks <= geometry.blockCount()
                && buffer.remaining() == (long) blocks * geometry.logicalBlockSize();
    }

    private int chunkLength(int chunk) {
        return (int) Math.min(CHUNK_BYTES, sizeBytes - ((long) chunk << CHUNK_SHIFT));
    }

    /** The chunk's buffer, allocating and installing it first if needed; null when memory ran out. */
    private ByteBuffer allocatedChunk(int chunk) {
        ByteBuffer data = chunks.get(chunk);
        if (data != null) {
            return data;
        }
        try {
            data = ByteBuffer.allocateDirect(chunkLength(chunk));
        } catch (OutOfMemoryError e) {
            if (allocationFailures.incrementAndGet() == 1) {
                LOG.error("RAM disk out of direct memory at {} allocated bytes (writes now fail; "
                        + "raise -XX:MaxDirectMemorySize or shrink the disk)", allocatedBytes.get(), e);
            }
            return null;
        }
        if (chunks.compareAndSet(chunk, null, data)) {
            allocatedBytes.addAndGet(data.capacity());
            return data;
        }
        ByteBuffer winner = chunks.get(chunk); // another writer won the race: use its buffer
        return winner != null ? winner : allocatedChunk(chunk);
    }
}
