package org.scsi4j.backstore.block;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import org.scsi4j.backstore.block.internal.AlignedIo;
import org.scsi4j.backstore.block.internal.InUse;
import org.scsi4j.backstore.block.internal.SysBlock;
import org.scsi4j.core.spi.device.BlockingBlockDevice;
import org.scsi4j.core.spi.device.DeviceGeometry;
import org.scsi4j.core.spi.device.DeviceIoException;
import org.scsi4j.core.spi.device.DeviceOperation;
import org.scsi4j.core.spi.device.IoStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A disk backed by a Linux block device ({@code /dev/sdX}, {@code /dev/nvmeXnY}, {@code /dev/loopN},
 * {@code /dev/mapper/...}), on {@link FileChannel} positional I/O, O_DIRECT by default. Opened by
 * {@link #open(BlockDeviceOptions)}.
 *
 * <p><b>Geometry</b> comes from the kernel ({@link BlockDeviceInfo}, read from sysfs): capacity of
 * the open channel; logical block size (512 or 4096; any other is refused); physical block exponent
 * log2(physical / logical); optimal transfer from {@code optimal_io_size}; maximum transfer from
 * {@code max_sectors_kb}; a volatile write cache (WCE=1) when {@code queue/write_cache} says "write
 * back". Geometry is read once at open; a resized device needs reopening.
 *
 * <p><b>Durability.</b> {@link #flush()} is {@code force(false)} on the device: the kernel writes
 * back any page-cache data (buffered mode) and sends the device a cache flush. A write with FUA is
 * the write followed by the same {@code force} (Java has no {@code RWF_DSYNC}/{@code O_DSYNC} per
 * call), so it is durable when it completes but flushes the whole device cache, not just its blocks.
 *
 * <p><b>Not offered natively</b>, so the core handles them: UNMAP is unsupported ({@code BLKDISCARD}
 * is an ioctl Java cannot issue; VPD 0xB2 then shows LBPU=0 and the LU is not thin provisioned);
 * WRITE SAME is left to the core, which writes the pattern in chunks through {@link #write} (what
 * this class could do too; it would gain nothing). A native helper ({@code ioctl BLKDISCARD},
 * {@code BLKZEROOUT}, or {@code fallocate(PUNCH_HOLE|ZERO_RANGE)} on the node) would add real UNMAP
 * (with LBPRZ when {@code BLKZEROOUT}/write-zeroes unmaps) and an offloaded WRITE SAME of zeroes.
 * COMPARE AND WRITE is emulated by the core under its range lock.
 *
 * <p><b>Exclusive use.</b> {@code open} refuses a device that is mounted (or has a mounted
 * partition), is active swap, or has holders (device-mapper, md, bcache), with a message saying
 * which. The kernel's own guard, {@code open(O_EXCL)} on a block device, is out of reach:
 * {@code FileChannel} passes {@code O_EXCL} only with {@code O_CREAT}. So the check is made once at
 * open, in this process's mount namespace, and does not stop anyone mounting the device later.
 *
 * <p><b>O_DIRECT.</b> The JDK demands that every DIRECT transfer (offset, length, buffer address)
 * be aligned to the block size of the file system holding the node ({@code /dev}: the page size),
 * not the device's logical block size. So transfers are aligned to the larger of the two: heap,
 * unaligned or partial-unit buffers go through aligned bounce buffers (one cached per worker); on a
 * 512-byte-sector device a write not aligned to 4 KiB is a read-modify-write of its edge 4 KiB units
 * under a striped lock (concurrent writes to neighbouring sectors are kept); and a capacity that is
 * not a multiple of the alignment cannot be reached, so it is refused ({@code direct(false)} serves it).
 *
 * <p><b>Errors.</b> An I/O error is an {@link IOException} (the core answers MEDIUM ERROR); a read
 * that meets the end of the device (it shrank underneath) throws {@link java.io.EOFException},
 * never returns garbage. A write on a read-only device throws {@link DeviceIoException} with
 * {@link IoStatus#WRITE_PROTECTED}.
 *
 * <p><b>Threading.</b> The core calls the I/O methods from its pool of {@link #workerThreads()}
 * workers, concurrently for disjoint ranges, and {@link #close()} once after the last returned. A
 * worker must not be interrupted in a call: {@code FileChannel} closes itself on interrupt.
 */
public final class BlockDeviceDisk implements BlockingBlockDevice {

    private static final Logger LOG = LoggerFactory.getLogger(BlockDeviceDisk.class);

    private final BlockDeviceOptions options;
    private final BlockDeviceInfo info;
    private final FileChannel channel;
    private final DeviceGeometry geometry;
    private final AlignedIo io;

    private BlockDeviceDisk(BlockDeviceOptions options, BlockDeviceInfo info, FileChannel channel, long capacity,
                            int alignment) {
        int lbs = info.logicalBlockSize();
        int pbs = info.physicalBlockSize();
        int exponent = pbs > lbs && Integer.bitCount(pbs) == 1 ? Math.min(15, Integer.numberOfTrailingZeros(pbs / lbs)) : 0;
        this.options = options;
        this.info = info;
        this.channel = channel;
        this.geometry = new DeviceGeometry(lbs, capacity / lbs, exponent, blocks(info.optimalIoBytes(), lbs),
                blocks(info.maxTransferBytes(), lbs), info.volatileWriteCache());
        this.io = new AlignedIo(channel, options.path().toString(), alignment, options.workerThreads());
    }

    /**
     * Opens the block device.
     *
     * @throws IllegalArgumentException when the path is not a block device (a regular file is pointed
     *         to backstore-file), has a logical block size other than 512 or 4096, is read-only in the
     *         kernel while {@code readOnly} is not set, or has a capacity O_DIRECT cannot reach
     * @throws DeviceInUseException when the host mounts it, swaps on it or has built a device on it
     * @throws NoSuchFileException when there is no such node
     * @throws IOException when it cannot be opened (e.g. {@link AccessDeniedException} without rights)
     */
    public static BlockDeviceDisk open(BlockDeviceOptions options) throws IOException {
        Path path = options.path();
        SysBlock sys = SysBlock.of(SysBlock.SYS, SysBlock.devNumber(path));
        BlockDeviceInfo info = sys.info(path);
        int lbs = info.logicalBlockSize();
        if (lbs != 512 && lbs != 4096) {
            throw new IllegalArgumentException(path + " has a logical block size of " + lbs
                    + " bytes; only 512 and 4096 can be exported");
        }
        if (info.readOnly() && !options.readOnly()) {
            throw new IllegalArgumentException(path + " is read-only in the kernel (blockdev --getro: 1); set readOnly");
        }
        String busy = InUse.reason(path, sys);
        if (busy != null) {
            throw new DeviceInUseException(busy);
        }
        FileChannel channel = openChannel(path, options);
        try {
            long capacity = channel.size() > 0 ? channel.size() : info.sizeBytes();
            if (capacity < lbs) {
                throw new IllegalArgumentException(path + " has no capacity (no medium?)");
            }
            int alignment = options.direct() ? Math.max(lbs, nodeFileSystemBlock(path)) : 0;
            if (alignment != 0 && capacity % alignment != 0) {
                throw new IllegalArgumentException(path + " has " + capacity + " bytes, not a multiple of " + alignment
                        + ", the alignment Java demands for O_DIRECT, so its last blocks are unreachable; open it without direct");
            }
            BlockDeviceDisk disk = new BlockDeviceDisk(options, info, channel, capacity, alignment);
            LOG.info("opened {}", disk);
            if (info.canDiscard() && !options.readOnly()) {
                LOG.info("{} can discard, but UNMAP is not offered: Java cannot issue BLKDISCARD", path);
            }
            return disk;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static FileChannel openChannel(Path path, BlockDeviceOptions options) throws IOException {
        Set<OpenOption> open = new HashSet<>();
        open.add(StandardOpenOption.READ);
        if (!options.readOnly()) {
            open.add(StandardOpenOption.WRITE);
        }
        if (options.direct()) {
            open.add(ExtendedOpenOption.DIRECT);
        }
        try {
            return FileChannel.open(path, open);
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot open " + path + (options.direct() ? " with O_DIRECT" : "") + ": " + e.getMessage()
                    + (options.direct() ? "; try without direct" : ""), e);
        }
    }

    /** The f_frsize of the file system holding the node: the JDK's O_DIRECT alignment. */
    private static int nodeFileSystemBlock(Path path) {
        try {
            long size = Files.getFileStore(path).getBlockSize();
            return size > 0 && size <= AlignedIo.CHUNK_BYTES && Long.bitCount(size) == 1 ? (int) size : 4096;
        } catch (IOException | RuntimeException e) {
            return 4096;
        }
    }

    private static int blocks(long bytes, int lbs) {
        return (int) Math.min(Integer.MAX_VALUE, bytes / lbs);
    }

    /** What the kernel reported at open. */
    public BlockDeviceInfo info() {
        return info;
    }

    @Override
    public DeviceGeometry geometry() {
        return geometry;
    }

    @Override
    public boolean supports(DeviceOperation op) {
        return switch (op) {
            case READ, FLUSH -> true;
            case WRITE -> !options.readOnly();
            case UNMAP, WRITE_SAME, COMPARE_AND_WRITE -> false;
        };
    }

    @Override
    public boolean isReadOnly() {
        return options.readOnly();
    }

    @Override
    public int workerThreads() {
        return options.workerThreads();
    }

    @Override
    public void read(long lba, int blocks, ByteBuffer dst) throws IOException {
        io.read(dst, lba * geometry.logicalBlockSize());
    }

    @Override
    public void write(long lba, int blocks, ByteBuffer src, boolean fua) throws IOException {
        if (options.readOnly()) {
            throw new DeviceIoException(IoStatus.WRITE_PROTECTED, 0, options.path() + " is opened read-only");
        }
        io.write(src, lba * geometry.logicalBlockSize());
        if (fua) {
            channel.force(false);
        }
    }

    @Override
    public void flush() throws IOException {
        if (!options.readOnly()) {
            channel.force(false);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
            LOG.info("closed {}", options.path());
        } catch (IOException e) {
            LOG.warn("closing {} failed", options.path(), e);
        }
    }

    @Override
    public String toString() {
        return "BlockDeviceDisk[" + options.path() + " (" + info.name() + ", " + info.devNumber() + "): "
                + geometry.blockCount() + " blocks of " + geometry.logicalBlockSize() + " bytes, "
                + (options.readOnly() ? "read-only" : "read-write") + ", " + (options.direct() ? "O_DIRECT" : "buffered")
                + (geometry.volatileWriteCache() ? ", volatile write cache" : "") + "]";
    }
}
