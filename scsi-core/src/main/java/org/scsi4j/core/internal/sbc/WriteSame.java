package org.scsi4j.core.internal.sbc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.device.BlockDevice;
import org.scsi4j.core.spi.device.DeviceOperation;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * WRITE SAME (10) and (16), SBC-3 §5.44–5.45 (NDOB from SBC-4): one block of data-out
 * written to every block of a range, or the range unmapped.
 *
 * <p><b>Range.</b> NUMBER OF LOGICAL BLOCKS 0 names every block from the LBA to the end of the
 * medium (we report WSNZ=0); that count, like an explicit one, must not exceed
 * {@link BlockLimits#MAX_WRITE_SAME_BLOCKS} (MAXIMUM WRITE SAME LENGTH, INVALID FIELD IN CDB).
 * An LBA beyond the capacity is LOGICAL BLOCK ADDRESS OUT OF RANGE, checked first.
 *
 * <p><b>UNMAP=1.</b> Accepted only when the device supports UNMAP (LBPWS/LBPWS10=1 in VPD 0xB2);
 * otherwise INVALID FIELD IN CDB, so the command's behaviour matches what the VPD page reports.
 * The range is then unmapped whatever the pattern (SBC-3 §5.44 lets the device server deallocate
 * each block; afterwards the blocks read as LBPRZ says, zeroes here). This is what initiators
 * that use WRITE SAME with UNMAP as a discard expect, libiscsi's UnmapUntilEnd among them.
 * ANCHOR is not accepted (ANC_SUP=0): the usage map rejects it.
 *
 * <p><b>Writing.</b> Natively through {@code BlockDevice.writeSame} when supported (followed by a
 * flush when the unit is write-through, since that primitive has no FUA); otherwise emulated with
 * plain writes of a scratch buffer filled with the pattern, one chunk of at most
 * {@link BlockLimits#WRITE_SAME_CHUNK_BYTES} per device call, each continuation issuing the next
 * (the engine runs continuations from a flat loop, so a device completing inline does not grow the
 * stack). Progress lives in the context's lba/blocks/progress fields. Every device write, write
 * same and unmap goes through the unit's {@link RangeLock} (one registration per call, so a
 * COMPARE AND WRITE may run between two chunks: WRITE SAME is not atomic).
 *
 * <p><b>Data-out.</b> Exactly one logical block (none with NDOB=1). An initiator that announces
 * more than that has built the command wrongly; it gets ILLEGAL REQUEST, INVALID FIELD IN COMMAND
 * INFORMATION UNIT rather than a silently shortened transfer (libiscsi's
 * WriteSame*InvalidDataOutSize expects a failure).
 */
final class WriteSame {
    static final CommandHandler HANDLER = new Handler();

    static final int UNMAP = 0x08;
    static final int NDOB = 0x01;

    private WriteSame() {
    }

    static boolean ndob(byte[] cdb, int cdbLength) {
        return cdbLength == 16 && (cdb[1] & NDOB) != 0;
    }

    /** Data-out bytes: one block, or none with NDOB=1. */
    static long dataOut(byte[] cdb, int cdbLength, int blockSize) {
        return ndob(cdb, cdbLength) ? 0 : blockSize;
    }

    /** The number of blocks to process: the field, or the rest of the medium when it is 0. */
    private static long count(byte[] cdb, int cdbLength, long lba, long capacity) {
        long n = DiskIo.lengthField(cdb, cdbLength);
        return n == 0 ? capacity - lba : n;
    }

    private static final class Handler implements CommandHandler {
        @Override
        public boolean validate(CommandContext ctx) {
            byte[] cdb = ctx.cdb();
            int n = ctx.descriptor().cdbLength();
            LogicalUnit lu = ctx.lu();
            long capacity = lu.geometry().blockCount();
            long lba = DiskIo.lba(cdb, n);
            if (Long.compareUnsigned(lba, capacity) > 0) {
                ctx.checkCondition(SenseReason.LBA_OUT_OF_RANGE);
                return false;
            }
            long count = count(cdb, n, lba, capacity);
            if (count > BlockLimits.MAX_WRITE_SAME_BLOCKS) {
                ctx.invalidFieldInCdb(DiskIo.lengthByte(n), -1);
                return false;
            }
            if (!DiskIo.checkRange(ctx, lba, count)) {
                return false;
            }
            if ((cdb[1] & UNMAP) != 0 && !lu.device().supports(DeviceOperation.UNMAP)) {
                ctx.invalidFieldInCdb(1, 3);
                return false;
            }
            if (!ndob(cdb, n) && ctx.expectedDataTransferLength() > lu.geometry().logicalBlockSize()) {
                ctx.checkCondition(SenseReason.INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT);
                return false;
            }
            return true;
        }

        @Override
        public void execute(CommandContext ctx) {
            byte[] cdb = ctx.cdb();
            int n = ctx.descriptor().cdbLength();
            LogicalUnit lu = ctx.lu();
            BlockDevice device = lu.device();
            int blockSize = lu.geometry().logicalBlockSize();
            long lba = DiskIo.lba(cdb, n);
            long count = count(cdb, n, lba, lu.geometry().blockCount());
            if (count == 0) {
                ctx.completeGood();
                return;
            }
            boolean ndob = ndob(cdb, n);
            ByteBuffer pattern = ndob ? null : ctx.dataOut();
            if (pattern != null && pattern.remaining() < blockSize) {
                // cannot happen: the engine delivers the one block or rejects the command
                ctx.checkCondition(SenseReason.INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT);
                return;
            }
            if ((cdb[1] & UNMAP) != 0) {
                lu.sbc().rangeLock().unmap(device, lba, count, ctx.io(WriteSame::done));
                return;
            }
            if (device.supports(DeviceOperation.WRITE_SAME)) {
                if (ndob) {
                    pattern = ctx.scratchBuffer(blockSize);
                    if (pattern == null) {
                        ctx.completeBusy();
                        return;
                    }
                    DiskIo.zero(pattern, blockSize);
                }
                pattern.limit(blockSize);
                lu.sbc().rangeLock().writeSame(device, lba, count, pattern,
                        ctx.io(DiskIo.writeThrough(lu) ? WriteSame::flushAfterNative : WriteSame::done));
                return;
            }
            emulate(ctx, pattern, lba, count, blockSize);
        }
    }

    /** Blocks per emulated write for a run of {@code count} blocks. */
    private static int chunkBlocks(long count, int blockSize) {
        return (int) Math.min(count, Math.max(1, BlockLimits.WRITE_SAME_CHUNK_BYTES / blockSize));
    }

    private static void emulate(CommandContext ctx, ByteBuffer pattern, long lba, long count, int blockSize) {
        int chunk = chunkBlocks(count, blockSize);
        ByteBuffer buf = ctx.scratchBuffer(chunk * blockSize);
        if (buf == null) {
            ctx.completeBusy();
            return;
        }
        if (pattern == null) {
            DiskIo.zero(buf, chunk * blockSize);
        } else {
            for (int i = 0; i < chunk; i++) {
                buf.put(i * blockSize, pattern, 0, blockSize);
            }
        }
        ctx.lba(lba);
        ctx.blocks(count);
        ctx.progress(0);
        writeNextChunk(ctx);
    }

    private static void writeNextChunk(CommandContext ctx) {
        LogicalUnit lu = ctx.lu();
        int blockSize = lu.geometry().logicalBlockSize();
        long done = ctx.progress();
        int k = (int) Math.min(ctx.blocks() - done, chunkBlocks(ctx.blocks(), blockSize));
        ByteBuffer buf = ctx.scratchBuffer(k * blockSize);
        lu.sbc().rangeLock().write(lu.device(), ctx.lba() + done, k, buf, DiskIo.writeThrough(lu),
                ctx.io(WriteSame::chunkWritten));
    }

    private static void chunkWritten(CommandContext ctx, IoStatus status, long information) {
        if (status != IoStatus.GOOD) {
            ctx.deviceFailed(status, information, true);
            return;
        }
        int blockSize = ctx.lu().geometry().logicalBlockSize();
        long done = ctx.progress() + Math.min(ctx.blocks() - ctx.progress(), chunkBlocks(ctx.blocks(), blockSize));
        ctx.progress(done);
        if (done >= ctx.blocks()) {
            ctx.completeGood();
        } else {
            writeNextChunk(ctx);
        }
    }

    private static void flushAfterNative(CommandContext ctx, IoStatus status, long information) {
        if (status != IoStatus.GOOD) {
            ctx.deviceFailed(status, information, true);
            return;
        }
        ctx.lu().device().flush(ctx.io(WriteSame::done));
    }

    private static void done(CommandContext ctx, IoStatus status, long information) {
        if (status != IoStatus.GOOD) {
            ctx.deviceFailed(status, information, true);
            return;
        }
        ctx.completeGood();
    }
}
