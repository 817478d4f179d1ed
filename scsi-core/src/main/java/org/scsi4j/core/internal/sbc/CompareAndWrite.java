package org.scsi4j.core.internal.sbc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.device.BlockDevice;
import org.scsi4j.core.spi.device.DeviceOperation;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * COMPARE AND WRITE, SBC-3 §5.2: as one uninterrupted series of actions, read NUMBER OF LOGICAL
 * BLOCKS blocks at the LBA, compare them with the first half of the data-out (the verify data)
 * and, only if every byte matches, write the second half (the write data).
 *
 * <p><b>CDB</b> (16 bytes): WRPROTECT (not accepted: no protection information), DPO (ignored),
 * FUA (honoured on the write), FUA_NV (ignored), LBA, NUMBER OF LOGICAL BLOCKS (byte 13), GROUP
 * NUMBER. The data-out is 2 × NUMBER OF LOGICAL BLOCKS blocks.
 * <ul>
 *   <li>NUMBER OF LOGICAL BLOCKS above {@link BlockLimits#maxCompareAndWriteBlocks} (MAXIMUM
 *       COMPARE AND WRITE LENGTH, VPD 0xB0): INVALID FIELD IN CDB at byte 13.</li>
 *   <li>A range past the capacity: LOGICAL BLOCK ADDRESS OUT OF RANGE.</li>
 *   <li>An expected data transfer length other than 2 × NUMBER OF LOGICAL BLOCKS blocks: INVALID
 *       FIELD IN CDB at byte 13. The command is atomic, so it cannot run on the blocks that
 *       happen to arrive (the FCP-4 "option a" the plain writes use), and an initiator sending a
 *       different amount does not mean the number in the CDB (libiscsi's
 *       CompareAndWrite.InvalidDataOutSize, and its 256-block case where the one-byte field wraps
 *       to 0, expect the command refused; LIO refuses it the same way).</li>
 *   <li>NUMBER OF LOGICAL BLOCKS 0 (with no data-out): GOOD, nothing read, compared or written
 *       (§5.2: "not an error").</li>
 * </ul>
 *
 * <p><b>Miscompare</b>: MISCOMPARE, MISCOMPARE DURING VERIFY OPERATION, the INFORMATION field
 * (VALID=1) the offset of the first differing byte from the start of the verify data; nothing is
 * written.
 *
 * <p><b>Atomicity</b>: through the unit's {@link RangeLock}. A device that offers
 * {@code COMPARE_AND_WRITE} gets the whole operation in one call (registered as a shared writer:
 * the device makes it atomic, the lock keeps the emulated read-modify-write commands off its
 * range); otherwise the core reads, compares and writes while holding the range exclusively, so
 * no write from any nexus lands in between.
 */
final class CompareAndWrite implements CommandHandler {
    static final CommandHandler HANDLER = new CompareAndWrite();

    static final int NUMBER_OF_BLOCKS_BYTE = 13;

    private CompareAndWrite() {
    }

    static int numberOfBlocks(byte[] cdb) {
        return Cdb.u8(cdb, NUMBER_OF_BLOCKS_BYTE);
    }

    /** Data-out bytes: verify data and write data, NUMBER OF LOGICAL BLOCKS blocks each. */
    static long dataOut(byte[] cdb, int blockSize) {
        return 2L * numberOfBlocks(cdb) * blockSize;
    }

    @Override
    public boolean validate(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        int blocks = numberOfBlocks(cdb);
        if (blocks > BlockLimits.maxCompareAndWriteBlocks(ctx.lu())) {
            ctx.invalidFieldInCdb(NUMBER_OF_BLOCKS_BYTE, -1);
            return false;
        }
        if (!DiskIo.checkRange(ctx, Cdb.u64(cdb, 2), blocks)) {
            return false;
        }
        if (ctx.expectedDataTransferLength() != dataOut(cdb, ctx.lu().geometry().logicalBlockSize())) {
            ctx.invalidFieldInCdb(NUMBER_OF_BLOCKS_BYTE, -1);
            return false;
        }
        return true;
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        int blocks = numberOfBlocks(cdb);
        if (blocks == 0) {
            ctx.completeGood();
            return;
        }
        LogicalUnit lu = ctx.lu();
        BlockDevice device = lu.device();
        int length = blocks * lu.geometry().logicalBlockSize();
        ByteBuffer data = ctx.dataOut();
        if (data.remaining() < 2 * length) {
            // cannot happen: validate() matched the expected length to the CDB
            ctx.checkCondition(SenseReason.INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT);
            return;
        }
        RangeLock lock = lu.sbc().rangeLock();
        long lba = Cdb.u64(cdb, 2);
        Lease l;
        if (device.supports(DeviceOperation.COMPARE_AND_WRITE)) {
            l = lock.lease(LockedOps.NATIVE_COMPARE_AND_WRITE, device, lba, blocks, ctx.io(CompareAndWrite::done));
            l.data = data.slice(0, length);
            l.other = data.slice(length, length);
            lock.submit(l, false);
            return;
        }
        ByteBuffer medium = ctx.scratchBuffer(length);
        if (medium == null) {
            ctx.completeBusy();
            return;
        }
        l = lock.lease(LockedOps.COMPARE_AND_WRITE, device, lba, blocks, ctx.io(CompareAndWrite::done));
        l.data = data;
        l.other = medium;
        l.length = length;
        l.fua = DiskIo.fua(ctx);
        lock.submit(l, true);
    }

    private static void done(CommandContext ctx, IoStatus status, long information) {
        if (status == IoStatus.GOOD) {
            if (ctx.lu().device().supports(DeviceOperation.COMPARE_AND_WRITE) && DiskIo.fua(ctx)) {
                // the native primitive has no FUA: make the written blocks durable as asked
                ctx.lu().device().flush(ctx.io(CompareAndWrite::flushed));
                return;
            }
            ctx.completeGood();
            return;
        }
        ctx.deviceFailed(status, information, true);
    }

    private static void flushed(CommandContext ctx, IoStatus status, long information) {
        if (status != IoStatus.GOOD) {
            ctx.deviceFailed(status, information, true);
            return;
        }
        ctx.completeGood();
    }
}
