package org.scsi4j.core.internal.sbc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * WRITE ATOMIC (16), SBC-4 (the command and its atomic write model): the TRANSFER LENGTH blocks
 * are written as one atomic write operation.
 *
 * <p><b>CDB</b>: WRPROTECT (not accepted), DPO (ignored), FUA (honoured), LBA, ATOMIC BOUNDARY
 * (bytes 10..11: only 0, one atomic write for the whole transfer, since we report MAXIMUM ATOMIC
 * BOUNDARY SIZE 0; the usage map rejects anything else), TRANSFER LENGTH (bytes 12..13), GROUP
 * NUMBER. Checked in this order, before any data moves:
 * <ol>
 *   <li>a range past the capacity: LOGICAL BLOCK ADDRESS OUT OF RANGE;</li>
 *   <li>TRANSFER LENGTH above MAXIMUM ATOMIC TRANSFER LENGTH: INVALID FIELD IN CDB at byte 12;</li>
 *   <li>an LBA that is not a multiple of ATOMIC ALIGNMENT: INVALID FIELD IN CDB at byte 2;</li>
 *   <li>a TRANSFER LENGTH that is not a multiple of ATOMIC TRANSFER LENGTH GRANULARITY: INVALID
 *       FIELD IN CDB at byte 12.</li>
 * </ol>
 * The limits are {@link BlockLimits#maxAtomicTransferBlocks} and
 * {@link BlockLimits#atomicAlignment} (alignment and granularity alike), reported in VPD 0xB0.
 * TRANSFER LENGTH 0 is GOOD with nothing written.
 *
 * <p><b>What "atomic" means here.</b> The transfer is one device write made while the unit's
 * {@link RangeLock} holds the range exclusively: no other write, COMPARE AND WRITE or ORWRITE
 * from any nexus overlaps it, so the blocks never hold a mix of this write and another. The device
 * SPI has no power-fail-atomic primitive, so atomicity across a power loss or a device error in
 * the middle of the write is the backing store's (a RAM disk or a single {@code pwrite} of a file
 * page is; a multi-page file write is not); reads are not serialized against it.
 */
final class WriteAtomic implements CommandHandler {
    static final CommandHandler HANDLER = new WriteAtomic();

    static final int TRANSFER_LENGTH_BYTE = 12;

    private WriteAtomic() {
    }

    static int transferLength(byte[] cdb) {
        return Cdb.u16(cdb, TRANSFER_LENGTH_BYTE);
    }

    @Override
    public boolean validate(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        LogicalUnit lu = ctx.lu();
        long lba = Cdb.u64(cdb, 2);
        int blocks = transferLength(cdb);
        if (!DiskIo.checkRange(ctx, lba, blocks)) {
            return false;
        }
        if (blocks > BlockLimits.maxAtomicTransferBlocks(lu)) {
            ctx.invalidFieldInCdb(TRANSFER_LENGTH_BYTE, -1);
            return false;
        }
        int alignment = BlockLimits.atomicAlignment(lu);
        if (alignment > 1 && lba % alignment != 0) {
            ctx.invalidFieldInCdb(2, -1);
            return false;
        }
        if (alignment > 1 && blocks % alignment != 0) {
            ctx.invalidFieldInCdb(TRANSFER_LENGTH_BYTE, -1);
            return false;
        }
        return true;
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        int blocks = transferLength(cdb);
        if (blocks == 0) {
            ctx.completeGood();
            return;
        }
        LogicalUnit lu = ctx.lu();
        ByteBuffer data = ctx.dataOut();
        int length = blocks * lu.geometry().logicalBlockSize();
        if (data.remaining() < length) {
            ctx.checkCondition(SenseReason.INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT);
            return;
        }
        data.limit(length);
        RangeLock lock = lu.sbc().rangeLock();
        Lease l = lock.lease(LockedOps.WRITE, lu.device(), Cdb.u64(cdb, 2), blocks, ctx.io(WriteAtomic::done));
        l.data = data;
        l.fua = DiskIo.fua(ctx);
        lock.submit(l, true);
    }

    private static void done(CommandContext ctx, IoStatus status, long information) {
        if (status != IoStatus.GOOD) {
            ctx.deviceFailed(status, information, true);
            return;
        }
        ctx.completeGood();
    }
}
