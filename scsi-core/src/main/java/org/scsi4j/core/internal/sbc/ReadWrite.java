package org.scsi4j.core.internal.sbc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * READ (6/10/12/16) and WRITE (6/10/12/16), SBC-3 §5.10–5.13 and §5.33–5.36: the data path.
 * Stateless singletons; the continuations are static method references, so a command allocates
 * nothing. Everything that can fail without touching the medium (transfer length, LBA range) is
 * decided in {@code validate}, before any data-out is requested.
 *
 * <p>Writes go through the unit's {@link RangeLock} (its lock-free fast path while no COMPARE AND
 * WRITE, ORWRITE, WRITE ATOMIC or SANITIZE is active), so those commands stay atomic against them.
 *
 * <p>DPO is accepted and ignored (we keep no cache whose retention it could steer). FUA is
 * honoured on WRITE; on READ it asks to bypass a volatile cache, which the device SPI does not
 * model: reads always see the latest write, so FUA (and FUA_NV) are accepted and ignored there.
 */
final class ReadWrite {
    static final CommandHandler READ = new Read();
    static final CommandHandler WRITE = new Write();

    private ReadWrite() {
    }

    private static final class Read implements CommandHandler {
        @Override
        public boolean validate(CommandContext ctx) {
            int n = ctx.descriptor().cdbLength();
            return DiskIo.validateTransfer(ctx, DiskIo.lba(ctx.cdb(), n), DiskIo.transferLength(ctx.cdb(), n));
        }

        @Override
        public void execute(CommandContext ctx) {
            int n = ctx.descriptor().cdbLength();
            long lba = DiskIo.lba(ctx.cdb(), n);
            int blocks = (int) DiskIo.transferLength(ctx.cdb(), n);
            if (blocks == 0) {
                ctx.completeGood();                 // SBC-3 §5.11: not an error, nothing transferred
                return;
            }
            int bytes = blocks * ctx.lu().geometry().logicalBlockSize();
            ByteBuffer dst = ctx.dataInBuffer(bytes);
            if (dst == null) {
                ctx.completeBusy();
                return;
            }
            ctx.blocks(blocks);
            ctx.lu().device().read(lba, blocks, dst, ctx.io(ReadWrite::readDone));
        }
    }

    private static void readDone(CommandContext ctx, IoStatus status, long information) {
        if (status != IoStatus.GOOD) {
            ctx.deviceFailed(status, information, false);
            return;
        }
        int bytes = (int) ctx.blocks() * ctx.lu().geometry().logicalBlockSize();
        ctx.completeDataIn(bytes, bytes);
    }

    private static final class Write implements CommandHandler {
        @Override
        public boolean validate(CommandContext ctx) {
            int n = ctx.descriptor().cdbLength();
            return DiskIo.validateTransfer(ctx, DiskIo.lba(ctx.cdb(), n), DiskIo.transferLength(ctx.cdb(), n));
        }

        @Override
        public void execute(CommandContext ctx) {
            int n = ctx.descriptor().cdbLength();
            long lba = DiskIo.lba(ctx.cdb(), n);
            int blockSize = ctx.lu().geometry().logicalBlockSize();
            ByteBuffer src = ctx.dataOut();
            // Whole blocks received; equal to the transfer length unless the transport delivered
            // less (then only what arrived is written, as FCP-4 describes for an EDTL overflow).
            int blocks = (int) Math.min(DiskIo.transferLength(ctx.cdb(), n), src.remaining() / blockSize);
            if (blocks == 0) {
                ctx.completeGood();
                return;
            }
            src.limit(blocks * blockSize);
            ctx.lu().sbc().rangeLock().write(ctx.lu().device(), lba, blocks, src, DiskIo.fua(ctx),
                    ctx.io(ReadWrite::writeDone));
        }
    }

    private static void writeDone(CommandContext ctx, IoStatus status, long information) {
        if (status != IoStatus.GOOD) {
            ctx.deviceFailed(status, information, true);
            return;
        }
        ctx.completeGood();
    }
}
