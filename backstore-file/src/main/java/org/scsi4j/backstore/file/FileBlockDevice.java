package org.scsi4j.backstore.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.scsi4j.backstore.file.internal.AlignedBufferPool;
import org.scsi4j.backstore.file.internal.BackingFile;
import org.scsi4j.backstore.file.internal.PositionalIo;
import org.scsi4j.core.spi.device.BlockingBlockDevice;
import org.scsi4j.core.spi.device.DeviceGeometry;
import org.scsi4j.core.spi.device.DeviceIoException;
import org.scsi4j.core.spi.device.DeviceOperation;
import org.scsi4j.core.spi.device.IoStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A disk backed by a regular file, on {@link FileChannel} positional I/O (no shared file position),
 * buffered or O_DIRECT. Opened by {@link #open(FileDeviceOptions)}.
 *
 * <p><b>Threading.</b> The core calls every I/O method from its worker pool of
 * {@link #workerThreads()} threads, concurrently for disjoint ranges; {@link #close()} once, after
 * the last call returned. A worker must never be interrupted inside a call: {@code FileChannel}
 * closes itself on interrupt, and every later I/O would then fail. Buffers stay owned by the
 * caller; their position and limit are left as found.
 *
 * <p><b>Size.</b> A created file is made sparse ({@code setLength}, no zero filling) and must be a
 * whole number of blocks. An existing file gives the size; trailing bytes past the last whole block
 * are ignored (logged once at open). A read that meets the end of the file anyway (the file was
 * truncated underneath) throws {@link java.io.EOFException}, so the core answers MEDIUM ERROR, never
 * stale or garbage data. The geometry gives the file system block as the physical block (physical
 * block exponent 3 for 512-byte blocks on a 4 KiB file system).
 *
 * <p><b>Write cache.</b> Write-back (default): writes complete once in the page cache, with
 * {@code force(false)} on {@link #flush()} and on writes with FUA; geometry reports a volatile
 * write cache (WCE=1). Write-through: every write, unmap and write same is forced before returning;
 * no volatile cache is reported. O_DIRECT bypasses the page cache but not the disk's own cache, so
 * the same rules apply.
 *
 * <p><b>Thin provisioning, as the core should report it.</b> Java cannot punch holes, so UNMAP
 * writes zeroes over the range, {@value #CHUNK_BYTES} bytes per write call from one zero buffer,
 * after reading each chunk and skipping it when it already reads as zeroes (so unmapping a sparse
 * file's holes, as mkfs does over a whole disk, allocates nothing). Hence
 * {@link #unmappedReadsZero()} is true (LBPRZ=1), but space is <em>not</em> released:
 * {@link #provisioningExtent} reports every block as mapped (GET LBA STATUS: mapped), and VPD 0xB2
 * should not claim the device is thin provisioned. WRITE SAME writes the pattern in chunks of up to
 * {@value #CHUNK_BYTES} bytes, built once per call from the one-block pattern.
 *
 * <p><b>O_DIRECT.</b> File offsets, lengths and buffer addresses must be aligned to the file
 * system's block size ({@link java.nio.file.FileStore#getBlockSize()}), so {@code blockSize} must be
 * a multiple of it (4096 on common file systems). A buffer that is not an aligned direct buffer is
 * copied through an aligned bounce buffer from a cache of one per worker. A file system that refuses
 * O_DIRECT fails {@code open} with a message saying so.
 *
 * <p><b>Read-only.</b> The file is opened for reading only; {@link #isReadOnly()} is true and
 * {@link #supports} denies WRITE, UNMAP and WRITE_SAME, so the core answers DATA PROTECT itself.
 * Should a write arrive anyway it throws {@link DeviceIoException} with
 * {@link IoStatus#WRITE_PROTECTED}; flush is a no-op.
 */
public final class FileBlockDevice implements BlockingBlockDevice {

    private static final Logger LOG = LoggerFactory.getLogger(FileBlockDevice.class);

    /** Bytes per write call for UNMAP zeroing and WRITE SAME, and the O_DIRECT bounce buffer size. */
    public static final int CHUNK_BYTES = 256 * 1024;

    private final FileDeviceOptions options;
    private final FileChannel channel;
    private final DeviceGeometry geometry;
    private final AlignedBufferPool chunks;
    private final PositionalIo io;
    private final ByteBuffer zeroes;

    private FileBlockDevice(FileDeviceOptions options, FileChannel channel, long blockCount, int fsBlockSize) {
        int bs = options.blockSize();
        int physicalExponent = fsBlockSize > bs && fsBlockSize <= (bs << 15) && Integer.bitCount(fsBlockSize) == 1
                ? Integer.numberOfTrailingZeros(fsBlockSize / bs) : 0;
        this.options = options;
        this.channel = channel;
        this.geometry = new DeviceGeometry(bs, blockCount, physicalExponent, 0, 0,
                !options.writeThrough() && !options.readOnly());
        // Under O_DIRECT, bs is a multiple of fsBlockSize (checked by open), so bs-aligned buffers serve.
        this.chunks = new AlignedBufferPool(CHUNK_BYTES, bs, options.workerThreads());
        this.io = new PositionalIo(channel, options.path(), options.direct() ? fsBlockSize : 0, chunks);
        this.zeroes = options.readOnly() ? null : AlignedBufferPool.allocate(CHUNK_BYTES, bs).asReadOnlyBuffer();
    }

    /**
     * Opens (and with {@link FileDeviceOptions#create()} creates) the backing file. A file created
     * here is deleted again if opening then fails.
     *
     * @throws java.nio.file.NoSuchFileException when the file is missing and {@code create} is not set
     * @throws IllegalArgumentException when the size or block size do not fit the file or its file system
     * @throws IOException when the file cannot be opened, including a file system refusing O_DIRECT
     */
    public static FileBlockDevice open(FileDeviceOptions options) throws IOException {
        Path path = options.path();
        boolean created = BackingFile.createSparseIfMissing(path, options.sizeBytes(), options.create());
        FileChannel channel = null;
        try {
            int fsBlockSize = BackingFile.fileSystemBlockSize(path);
            if (options.direct() && options.blockSize() % fsBlockSize != 0) {
                throw new IllegalArgumentException("direct needs blockSize to be a multiple of the " + fsBlockSize
                        + "-byte block of the file system of " + path + ", was " + options.blockSize());
            }
            channel = BackingFile.open(path, options.readOnly(), options.direct());
            FileBlockDevice device = new FileBlockDevice(options, channel, blockCount(options, channel.size()), fsBlockSize);
            LOG.info("opened {}{}: {}", path, created ? " (created sparse)" : "", device.describe());
            return device;
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            if (created) {
                Files.deleteIfExists(path);
            }
            throw e;
        }
    }

    private static long blockCount(FileDeviceOptions options, long length) {
        int bs = options.blockSize();
        if (options.sizeBytes() != FileDeviceOptions.SIZE_FROM_FILE && options.sizeBytes() != length) {
            throw new IllegalArgumentException("size " + options.sizeBytes() + " does not match the length "
                    + length + " of existing file " + options.path() + "; omit size to use the file's");
        }
        if (length < bs) {
            throw new IllegalArgumentException(options.path() + " (" + length + " bytes) is smaller than blockSize " + bs);
        }
        if (length % bs != 0) {
            LOG.warn("{} is {} bytes, not a multiple of blockSize {}: its last {} bytes are not part of the device",
                    options.path(), length, bs, length % bs);
        }
        return length / bs;
    }

    @Override
    public DeviceGeometry geometry() {
        return geometry;
    }

    @Override
    public boolean supports(DeviceOperation op) {
        return switch (op) {
            case READ, FLUSH -> true;
            case WRITE, UNMAP, WRITE_SAME -> !options.readOnly();
            case COMPARE_AND_WRITE -> false;
        };
    }

    @Override
    public boolean isReadOnly() {
        return options.readOnly();
    }

    /** True: unmapped blocks have been overwritten with zeroes. */
    @Override
    public boolean unmappedReadsZero() {
        return true;
    }

    @Override
    public int workerThreads() {
        return options.workerThreads();
    }

    @Override
    public void read(long lba, int blocks, ByteBuffer dst) throws IOException {
        io.readFully(dst, lba * geometry.logicalBlockSize());
    }

    @Override
    public void write(long lba, int blocks, ByteBuffer src, boolean fua) throws IOException {
        checkWritable();
        io.writeFully(src, lba * geometry.logicalBlockSize());
        if (fua) {
            channel.force(false);
        } else {
            forceIfWriteThrough();
        }
    }

    @Override
    public void flush() throws IOException {
        if (!options.readOnly()) {
            channel.force(false);
        }
    }

    /**
     * Writes zeroes over the range, a chunk at a time, skipping chunks that already read as zeroes
     * so that the holes of a sparse file stay holes (see the class comment: nothing is released).
     */
    @Override
    public void unmap(long lba, long blocks) throws IOException {
        checkWritable();
        int bs = geometry.logicalBlockSize();
        ByteBuffer current = chunks.acquire();
        try {
            for (long done = 0; done < blocks; ) {
                int length = (int) Math.min(CHUNK_BYTES / bs, blocks - done) * bs;
                long offset = (lba + done) * bs;
                ByteBuffer zero = zeroes.slice(0, length);
                io.readFully(current.clear().limit(length), offset);
                if (current.mismatch(zero) != -1) {
                    io.writeFully(zero, offset);
                }
                done += length / bs;
            }
        } finally {
            chunks.release(current);
        }
        forceIfWriteThrough();
    }

    /** Writes the one-block pattern over the range from a chunk built once per call. */
    @Override
    public void writeSame(long lba, long blocks, ByteBuffer pattern) throws IOException {
        checkWritable();
        int bs = geometry.logicalBlockSize();
        ByteBuffer chunk = chunks.acquire();
        try {
            int chunkBlocks = (int) Math.min(blocks, CHUNK_BYTES / bs);
            for (int i = 0; i < chunkBlocks; i++) {
                chunk.put(i * bs, pattern, pattern.position(), bs);
            }
            for (long done = 0; done < blocks; ) {
                int n = (int) Math.min(chunkBlocks, blocks - done);
                io.writeFully(chunk.limit(n * bs), (lba + done) * bs);
                done += n;
            }
        } finally {
            chunks.release(chunk);
        }
        forceIfWriteThrough();
    }

    private void forceIfWriteThrough() throws IOException {
        if (options.writeThrough()) {
            channel.force(false);
        }
    }

    private void checkWritable() throws DeviceIoException {
        if (options.readOnly()) {
            throw new DeviceIoException(IoStatus.WRITE_PROTECTED, 0, options.path() + " is opened read-only");
        }
    }

    @Override
    public void close() {
        chunks.clear();
        try {
            channel.close();
            LOG.info("closed {}", options.path());
        } catch (IOException e) {
            LOG.warn("closing {} failed", options.path(), e);
        }
    }

    private String describe() {
        return geometry.blockCount() + " blocks of " + geometry.logicalBlockSize() + " bytes, "
                + (options.readOnly() ? "read-only" : "read-write") + ", " + (options.direct() ? "O_DIRECT" : "buffered")
                + ", " + (options.writeThrough() ? "write-through" : "write-back");
    }

    @Override
    public String toString() {
        return "FileBlockDevice[" + options.path() + ": " + describe() + "]";
    }
}
