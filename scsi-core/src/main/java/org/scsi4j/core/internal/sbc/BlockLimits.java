package org.scsi4j.core.internal.sbc;

import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.engine.BufferPool;
import org.scsi4j.core.spi.device.DeviceGeometry;

/**
 * The limits a disk advertises in the Block Limits VPD page (SBC-3 §6.5.3) and enforces on every
 * command: one place, so what is reported is what is checked.
 */
public final class BlockLimits {
    /**
     * Largest single READ/WRITE transfer, bytes (bounded by the buffer pool's largest buffer).
     * 32 MiB: libiscsi writes 65,536 blocks of 512 bytes in one WRITE(16).
     */
    public static final int MAX_TRANSFER_BYTES = 32 << 20;
    /** Optimal transfer, bytes. */
    public static final int OPTIMAL_TRANSFER_BYTES = 256 << 10;
    /** Largest number of blocks one UNMAP may deallocate in total. */
    public static final long MAX_UNMAP_LBA_COUNT = 1L << 20;
    /** Largest number of block descriptors in one UNMAP parameter list. */
    public static final int MAX_UNMAP_DESCRIPTORS = 256;
    /** Largest NUMBER OF LOGICAL BLOCKS for WRITE SAME. */
    public static final long MAX_WRITE_SAME_BLOCKS = 1L << 20;
    /**
     * Size of the pattern buffer with which WRITE SAME is emulated on a device without a native
     * write-same: one device write per chunk of this many bytes (not reported in any VPD page).
     */
    public static final int WRITE_SAME_CHUNK_BYTES = 1 << 20;
    /** Largest NUMBER OF LOGICAL BLOCKS for COMPARE AND WRITE (the VPD field is one byte). */
    public static final int MAX_COMPARE_AND_WRITE_BLOCKS = 255;
    /**
     * Largest WRITE ATOMIC transfer, bytes: 2048 blocks of 512 bytes, 256 of 4096 (libiscsi's
     * WriteAtomic16.Simple writes up to 256 blocks and does not consult the limit). The whole
     * transfer is one device write while the range lock holds the range exclusively.
     */
    public static final int MAX_ATOMIC_TRANSFER_BYTES = 1 << 20;

    static {
        if (MAX_TRANSFER_BYTES * 2 > BufferPool.MAX_BUFFER) {
            throw new AssertionError("transfer limit must leave room for compare buffers");
        }
    }

    private BlockLimits() {
    }

    /** MAXIMUM TRANSFER LENGTH in blocks for this unit (device limit if smaller). */
    public static int maxTransferBlocks(LogicalUnit lu) {
        DeviceGeometry g = lu.geometry();
        int ours = MAX_TRANSFER_BYTES / g.logicalBlockSize();
        return g.maxTransferBlocks() > 0 ? Math.min(ours, g.maxTransferBlocks()) : ours;
    }

    /** MAXIMUM COMPARE AND WRITE LENGTH (VPD 0xB0 byte 5) for this unit: one device transfer at most. */
    public static int maxCompareAndWriteBlocks(LogicalUnit lu) {
        return Math.min(MAX_COMPARE_AND_WRITE_BLOCKS, maxTransferBlocks(lu));
    }

    /**
     * ATOMIC ALIGNMENT and ATOMIC TRANSFER LENGTH GRANULARITY (SBC-4 Block Limits VPD page): the
     * physical block, when larger than the logical block, so that an atomic write never covers
     * part of a physical block; 0 (no requirement) otherwise.
     */
    public static int atomicAlignment(LogicalUnit lu) {
        int e = lu.geometry().physicalBlockExponent();
        return e == 0 ? 0 : 1 << e;
    }

    /** MAXIMUM ATOMIC TRANSFER LENGTH in blocks: within the maximum transfer, a multiple of the granularity. */
    public static int maxAtomicTransferBlocks(LogicalUnit lu) {
        int max = Math.min(MAX_ATOMIC_TRANSFER_BYTES / lu.geometry().logicalBlockSize(), maxTransferBlocks(lu));
        int granularity = Math.max(1, atomicAlignment(lu));
        return max - max % granularity;
    }

    /** OPTIMAL TRANSFER LENGTH in blocks for this unit. */
    public static int optimalTransferBlocks(LogicalUnit lu) {
        DeviceGeometry g = lu.geometry();
        return g.optimalTransferBlocks() > 0 ? g.optimalTransferBlocks() : OPTIMAL_TRANSFER_BYTES / g.logicalBlockSize();
    }
}
