package org.scsi4j.core.internal.sbc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * ORWRITE (16), SBC-3 §5.5: as one uninterrupted series of actions, read the TRANSFER LENGTH
 * blocks at the LBA, OR the data-out into them bit by bit, and write the result.
 *
 * <p>CDB: ORPROTECT (not accepted: no protection information), DPO (ignored), FUA (honoured on
 * the write), FUA_NV (ignored), LBA, TRANSFER LENGTH (bounded by MAXIMUM TRANSFER LENGTH, INVALID
 * FIELD IN CDB), GROUP NUMBER. TRANSFER LENGTH 0 is GOOD with nothing done; a range past the
 * capacity is LOGICAL BLOCK ADDRESS OUT OF RANGE. The 32-byte form, with its BMOP and change
 * generation fields, exists only for OSD-style bitmaps and is not implemented.
 *
 * <p>Atomic through the unit's {@link RangeLock}: the range is held exclusively from the read to
 * the write, so no write from any nexus lands in between and two overlapping ORWRITEs both
 * contribute their bits. Since the command is atomic its data-out is not cut to what arrives: an
 * initiator announcing fewer bytes than the CDB needs gets the engine's INVALID FIELD IN COMMAND
 * INFORMATION UNIT.
 */
final class OrWrite implements CommandHandler {
    static final CommandHandler HANDLER = new OrWrite();

    private OrWrite() {
    }

    @Override
    public boolean validate(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        return DiskIo.validateTransfer(ctx, DiskIo.lba(cdb, 16), DiskIo.lengthField(cdb, 16));
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        int blocks = (int) DiskIo.lengthField(cdb, 16);
        if (blocks == 0) {
            ctx.completeGood();
            return;
        }
        LogicalUnit lu = ctx.lu();
        int length = blocks * lu.geometry().logicalBlockSize();
        ByteBuffer data = ctx.dataOut();
        if (data.remaining() < length) {
            ctx.checkCondition(SenseReason.INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT);
            return;
        }
        ByteBuffer medium = ctx.scratchBuffer(length);
        if (medium == null) {
            ctx.completeBusy();
            return;
        }
        RangeLock lock = lu.sbc().rangeLock();
        Lease l = lock.lease(LockedOps.OR_WRITE, lu.device(), DiskIo.lba(cdb, 16), blocks, ctx.io(OrWrite::done));
        l.data = data;
        l.other = medium;
        l.length = length;
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
