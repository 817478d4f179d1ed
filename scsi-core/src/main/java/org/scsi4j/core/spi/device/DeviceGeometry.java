package org.scsi4j.core.spi.device;

/**
 * Shape of a block device, as reported in READ CAPACITY and VPD page 0xB0.
 *
 * @param logicalBlockSize        bytes per logical block: 512 or 4096 for disks, 2048 for CD/DVD
 *                                media (MMC-6: the user data of a CD-ROM Mode 1 or DVD sector)
 * @param blockCount              number of logical blocks (capacity = blockCount * logicalBlockSize)
 * @param physicalBlockExponent   log2(physical blocks per logical block), 0 when equal (SBC-3 §5.16.2)
 * @param optimalTransferBlocks   optimal transfer length in logical blocks, 0 if not reported
 * @param maxTransferBlocks       largest transfer the device accepts in one command, 0 for no limit
 *                                beyond the core's own
 * @param volatileWriteCache      true when writes may sit in a volatile cache until FLUSH (the
 *                                caching mode page then shows WCE=1)
 */
public record DeviceGeometry(int logicalBlockSize,
                             long blockCount,
                             int physicalBlockExponent,
                             int optimalTransferBlocks,
                             int maxTransferBlocks,
                             boolean volatileWriteCache) {

    public DeviceGeometry {
        if (logicalBlockSize != 512 && logicalBlockSize != 2048 && logicalBlockSize != 4096) {
            throw new IllegalArgumentException("logicalBlockSize must be 512, 2048 or 4096, was " + logicalBlockSize);
        }
        if (blockCount < 0) {
            throw new IllegalArgumentException("blockCount must be >= 0, was " + blockCount);
        }
        if (physicalBlockExponent < 0 || physicalBlockExponent > 15) {
            throw new IllegalArgumentException("physicalBlockExponent must be 0..15, was " + physicalBlockExponent);
        }
        if (optimalTransferBlocks < 0 || maxTransferBlocks < 0) {
            throw new IllegalArgumentException("transfer lengths must be >= 0");
        }
    }

    /** A geometry with no physical-block, transfer or cache hints. */
    public static DeviceGeometry of(int logicalBlockSize, long blockCount) {
        return new DeviceGeometry(logicalBlockSize, blockCount, 0, 0, 0, false);
    }

    /** Capacity in bytes. */
    public long capacityBytes() {
        return blockCount * logicalBlockSize;
    }

    /** The same geometry with another block count (a resized device). */
    public DeviceGeometry withBlockCount(long newBlockCount) {
        return new DeviceGeometry(logicalBlockSize, newBlockCount, physicalBlockExponent,
                optimalTransferBlocks, maxTransferBlocks, volatileWriteCache);
    }
}
