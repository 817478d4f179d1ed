package org.scsi4j.core.internal.sbc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * VERIFY (10/12/16), SBC-3 §5.29–5.31, and WRITE AND VERIFY (10/12/16), §5.38–5.40: read the
 * range back from the device into the task's scratch buffer and, when BYTCHK asks for it, compare
 * it with the data-out.
 *
 * <p>BYTCHK (byte 1 bits 2..1, the SBC-4 two-bit form that SBC-3's one-bit BYTCHK is the low bit
 * of):
 * <ul>
 *   <li>00b: medium verification only: the read must succeed (else MEDIUM ERROR, UNRECOVERED
 *       READ ERROR); no data-out;</li>
 *   <li>01b: the data-out holds every block of the range, compared byte for byte;</li>
 *   <li>10b: reserved, INVALID FIELD IN CDB;</li>
 *   <li>11b (VERIFY only): one block of data-out compared with every block of the range;
 *       reserved for WRITE AND VERIFY, INVALID FIELD IN CDB.</li>
 * </ul>
 * A difference ends the command with MISCOMPARE, MISCOMPARE DURING VERIFY OPERATION, the
 * INFORMATION field (VALID=1) holding the offset of the first differing byte from the start of
 * the verified range.
 *
 * <p>VERIFICATION LENGTH is bounded by MAXIMUM TRANSFER LENGTH like a READ (the Block Limits VPD
 * page lists VERIFY among the commands it governs), so one device read covers the range.
 *
 * <p>WRITE AND VERIFY writes with FUA=1 whatever the cache settings: verifying data still in a
 * volatile cache would verify nothing. It then reads back and, for BYTCHK=01b, compares. The write
 * goes through the unit's {@link RangeLock} like every write; the read-back does not.
 */
final class Verify {
    static final CommandHandler VERIFY = new VerifyHandler();
    static final CommandHandler WRITE_AND_VERIFY = new WriteAndVerifyHandler();

    static final int BYTCHK_NONE = 0;
    static final int BYTCHK_ALL = 1;
    static final int BYTCHK_RESERVED = 2;
    static final int BYTCHK_ONE_BLOCK = 3;

    private Verify() {
    }

    static int bytchk(byte[] cdb) {
        return (cdb[1] >>> 1) & 0x03;
    }

    /** Data-out bytes of VERIFY (§5.29): none, the range, or one block (when the range is not empty). */
    static long verifyDataOut(byte[] cdb, int cdbLength, int blockSize) {
        long blocks = DiskIo.lengthField(cdb, cdbLength);
        switch (bytchk(cdb)) {
            case BYTCHK_ALL:
                return blocks * blockSize;
            case BYTCHK_ONE_BLOCK:
                return blocks == 0 ? 0 : blockSize;
            default:
                return 0;
        }
    }

    private static final class VerifyHandler implements CommandHandler {
        @Override
        public boolean validate(CommandContext ctx) {
            byte[] cdb = ctx.cdb();
            if (bytchk(cdb) == BYTCHK_RESERVED) {
                ctx.invalidFieldInCdb(1, 2);
                return false;
            }
            int n = ctx.descriptor().cdbLength();
            return DiskIo.validateTransfer(ctx, DiskIo.lba(cdb, n), DiskIo.lengthField(cdb, n));
        }

        @Override
        public void execute(CommandContext ctx) {
            int n = ctx.descriptor().cdbLength();
            long lba = DiskIo.lba(ctx.cdb(), n);
            int blocks = (int) DiskIo.lengthField(ctx.cdb(), n);
            if (blocks == 0) {
                ctx.completeGood();              // §5.29: no blocks verified, not an error
                return;
            }
            ByteBuffer medium = ctx.scratchBuffer(blocks * ctx.lu().geometry().logicalBlockSize());
            if (medium == null) {
                ctx.completeBusy();
                return;
            }
            ctx.blocks(blocks);
            ctx.lu().device().read(lba, blocks, medium, ctx.io(Verify::readBack));
        }
    }

    private static final class WriteAndVerifyHandler implements CommandHandler {
        @Override
        public boolean validate(CommandContext ctx) {
            byte[] cdb = ctx.cdb();
            if (bytchk(cdb) > BYTCHK_ALL) {
                ctx.invalidFieldInCdb(1, 2);
                return false;
            }
            int n = ctx.descriptor().cdbLength();
            return DiskIo.validateTransfer(ctx, DiskIo.lba(cdb, n), DiskIo.lengthField(cdb, n));
        }

        @Override
        public void execute(CommandContext ctx) {
            int n = ctx.descriptor().cdbLength();
            long lba = DiskIo.lba(ctx.cdb(), n);
            int blockSize = ctx.lu().geometry().logicalBlockSize();
            ByteBuffer src = ctx.dataOut();
            int blocks = (int) Math.min(DiskIo.lengthField(ctx.cdb(), n), src.remaining() / blockSize);
            if (blocks == 0) {
                ctx.completeGood();
                return;
            }
            // the read-back buffer is taken before the medium changes, so BUSY leaves it untouched
            if (ctx.scratchBuffer(blocks * blockSize) == null) {
                ctx.completeBusy();
                return;
            }
            ctx.lba(lba);
            ctx.blocks(blocks);
            src.limit(blocks * blockSize);
            ctx.lu().sbc().rangeLock().write(ctx.lu().device(), lba, blocks, src, true, ctx.io(Verify::written));
        }
    }

    private static void written(CommandContext ctx, IoStatus status, long information) {
        if (status != IoStatus.GOOD) {
            ctx.deviceFailed(status, information, true);
            return;
        }
        int blocks = (int) ctx.blocks();
        ByteBuffer medium = ctx.scratchBuffer(blocks * ctx.lu().geometry().logicalBlockSize());
        ctx.lu().device().read(ctx.lba(), blocks, medium, ctx.io(Verify::readBack));
    }

    /** The range is in the scratch buffer: report a read failure, or compare as BYTCHK says. */
    private static void readBack(CommandContext ctx, IoStatus status, long information) {
        if (status != IoStatus.GOOD) {
            ctx.deviceFailed(status, information, false);
            return;
        }
        int blockSize = ctx.lu().geometry().logicalBlockSize();
        int bytes = (int) ctx.blocks() * blockSize;
        ByteBuffer medium = ctx.scratchBuffer(bytes);
        ByteBuffer expected = ctx.dataOut();
        long offset = -1;
        switch (bytchk(ctx.cdb())) {
            case BYTCHK_ALL:
                offset = DiskIo.mismatch(expected, 0, medium, 0, Math.min(bytes, expected.remaining()));
                break;
            case BYTCHK_ONE_BLOCK:
                offset = compareEachBlock(expected, medium, bytes, blockSize);
                break;
            default:
                break;
        }
        if (offset >= 0) {
            ctx.checkCondition(SenseReason.MISCOMPARE_DURING_VERIFY_OPERATION, offset);
        } else {
            ctx.completeGood();
        }
    }

    /** BYTCHK=11b: the one block of data-out against every block read; offset within the range or -1. */
    private static long compareEachBlock(ByteBuffer block, ByteBuffer medium, int bytes, int blockSize) {
        if (block.remaining() < blockSize) {
            return 0;
        }
        for (int at = 0; at < bytes; at += blockSize) {
            int d = DiskIo.mismatch(block, 0, medium, at, blockSize);
            if (d >= 0) {
                return (long) at + d;
            }
        }
        return -1;
    }
}
