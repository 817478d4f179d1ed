package org.scsi4j.backstore.block;

import java.io.IOException;
import java.nio.file.Path;
import org.scsi4j.backstore.block.internal.SysBlock;

/**
 * What the Linux kernel says about a block device, read from {@code /sys/dev/block/MAJ:MIN} (the
 * kernel's directory for the device node's major:minor; for a partition, the queue limits are its
 * disk's). Sizes are in bytes.
 *
 * @param path                the device node as given
 * @param name                the kernel name ({@code loop3}, {@code dm-0}, {@code nvme0n1p2})
 * @param devNumber           {@code major:minor}
 * @param sizeBytes           capacity ({@code size} × 512, whatever the logical block size)
 * @param logicalBlockSize    {@code queue/logical_block_size}
 * @param physicalBlockSize   {@code queue/physical_block_size}
 * @param optimalIoBytes      {@code queue/optimal_io_size}, 0 when the device reports none
 * @param maxTransferBytes    {@code queue/max_sectors_kb} × 1024 (the largest request the kernel
 *                            sends down; larger ones are split), 0 if unknown
 * @param rotational          {@code queue/rotational}
 * @param discardMaxBytes     {@code queue/discard_max_bytes}, 0 when the device cannot discard
 * @param discardGranularity  {@code queue/discard_granularity}
 * @param volatileWriteCache  {@code queue/write_cache} reads "write back"
 * @param readOnly            {@code ro}: the kernel refuses writes ({@code blockdev --setro}, {@code losetup -r})
 */
public record BlockDeviceInfo(Path path, String name, String devNumber, long sizeBytes,
                              int logicalBlockSize, int physicalBlockSize, long optimalIoBytes,
                              long maxTransferBytes, boolean rotational, long discardMaxBytes,
                              long discardGranularity, boolean volatileWriteCache, boolean readOnly) {

    /**
     * Reads the facts for the block device at {@code device}.
     *
     * @throws IllegalArgumentException when {@code device} is not a block device
     * @throws IOException when it or its sysfs directory cannot be read
     */
    public static BlockDeviceInfo read(Path device) throws IOException {
        return SysBlock.of(SysBlock.SYS, SysBlock.devNumber(device)).info(device);
    }

    /** Whether the device could deallocate blocks, were there a way to ask it from Java (there is not). */
    public boolean canDiscard() {
        return discardMaxBytes > 0;
    }
}
