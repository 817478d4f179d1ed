package org.scsi4j.core.internal.sbc;

import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;

/**
 * START STOP UNIT, SBC-3 §5.25, for a non-removable disk whose medium is always ready.
 *
 * <p>The usage map accepts IMMED, NO_FLUSH and START only: a POWER CONDITION other than 0h
 * (START_VALID) or a POWER CONDITION MODIFIER would need the power condition mode page and its
 * timers, which we do not implement, and LOEJ has no meaning without removable medium; all of them
 * are INVALID FIELD IN CDB with the bit pointer (as LIO answers). START=1 is GOOD at once. START=0
 * is honoured as far as it matters to data: the write cache is flushed unless NO_FLUSH=1, then
 * GOOD; the unit stays ready (a virtual disk has no spindle to stop), so later media-access
 * commands still work.
 */
final class StartStopUnit {
    static final CommandHandler HANDLER = new Handler();

    private static final int START = 0x01;
    private static final int NO_FLUSH = 0x04;

    private StartStopUnit() {
    }

    private static final class Handler implements CommandHandler {
        @Override
        public void execute(CommandContext ctx) {
            int b4 = ctx.cdb()[4];
            if ((b4 & START) != 0 || (b4 & NO_FLUSH) != 0) {
                ctx.completeGood();
                return;
            }
            ctx.lu().device().flush(ctx.io(SynchronizeCache::flushed));
        }
    }
}
