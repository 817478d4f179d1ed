package org.scsi4j.core.internal.sbc;

import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;

/**
 * PRE-FETCH (10) and (16), SBC-3 §5.7–5.8. The core keeps no cache of its own, so nothing is read:
 * the range is checked (LOGICAL BLOCK ADDRESS OUT OF RANGE) and the command ends with GOOD, which
 * SBC-3 prescribes when the cache cannot hold the range (CONDITION MET is only for a range that
 * was, or will be, transferred to the cache). IMMED is accepted: the answer is immediate anyway.
 * PREFETCH LENGTH 0 names the rest of the medium; only the LBA is checked then.
 */
final class PreFetch {
    static final CommandHandler HANDLER = new Handler();

    private PreFetch() {
    }

    private static final class Handler implements CommandHandler {
        @Override
        public boolean validate(CommandContext ctx) {
            int n = ctx.descriptor().cdbLength();
            return DiskIo.checkRange(ctx, DiskIo.lba(ctx.cdb(), n), DiskIo.lengthField(ctx.cdb(), n));
        }

        @Override
        public void execute(CommandContext ctx) {
            ctx.completeGood();
        }
    }
}
