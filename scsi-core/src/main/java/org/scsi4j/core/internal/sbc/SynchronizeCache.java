package org.scsi4j.core.internal.sbc;

import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * SYNCHRONIZE CACHE (10) and (16), SBC-3 §5.26–5.27: makes every completed write durable through
 * {@code BlockDevice.flush}. The device SPI flushes everything, which satisfies any range.
 *
 * <p>NUMBER OF LOGICAL BLOCKS 0 means "from the LBA to the end of the medium"; a range past the
 * capacity is LOGICAL BLOCK ADDRESS OUT OF RANGE. IMMED=1 is accepted, and we still answer only
 * after the flush completed: an early GOOD would promise durability the device has not given yet.
 * SYNC_NV (SBC-3) is accepted; there is no non-volatile cache to distinguish.
 */
final class SynchronizeCache {
    static final CommandHandler HANDLER = new Handler();

    private SynchronizeCache() {
    }

    private static final class Handler implements CommandHandler {
        @Override
        public boolean validate(CommandContext ctx) {
            int n = ctx.descriptor().cdbLength();
            return DiskIo.checkRange(ctx, DiskIo.lba(ctx.cdb(), n), DiskIo.lengthField(ctx.cdb(), n));
        }

        @Override
        public void execute(CommandContext ctx) {
            ctx.lu().device().flush(ctx.io(SynchronizeCache::flushed));
        }
    }

    /** Also the continuation of START STOP UNIT's stop, which flushes like this command. */
    static void flushed(CommandContext ctx, IoStatus status, long information) {
        if (status != IoStatus.GOOD) {
            ctx.deviceFailed(status, information, true);
            return;
        }
        ctx.completeGood();
    }
}
