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
    /** Largest NUMBER OF LOGICAL BLOCKS for COMPARE AND WRITE. */
    public static final int MAX_COMPARE_AND_WRITE_BLOCKS = 255;

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

    /** OPTIMAL TRANSFER LENGTH in blocks for this unit. */
    public static int optimalTransferBlocks(LogicalUnit lu) {
        DeviceGeometry g = lu.geometry();
        return g.optimalTransferBlocks() > 0 ? g.optimalTransferBlocks() : OPTIMAL_TRANSFER_BYTES / g.logicalBlockSize();
    }
}
