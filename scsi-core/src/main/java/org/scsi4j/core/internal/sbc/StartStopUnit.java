package org.scsi4j.core.internal.sbc;

import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.medium.MediumState;
import org.scsi4j.core.internal.sense.SenseReason;

/**
 * START STOP UNIT, SBC-3 §5.25.
 *
 * <p>{@link #HANDLER}, a non-removable disk whose medium is always ready: the usage map accepts
 * IMMED, NO_FLUSH and START only: a POWER CONDITION other than 0h (START_VALID) or a POWER
 * CONDITION MODIFIER would need the power condition mode page and its timers, which we do not
 * implement, and LOEJ has no meaning without removable medium; all of them are INVALID FIELD IN CDB
 * with the bit pointer (as LIO answers). START=1 is GOOD at once. START=0 is honoured as far as it
 * matters to data: the write cache is flushed unless NO_FLUSH=1, then GOOD; the unit stays ready (a
 * virtual disk has no spindle to stop), so later media-access commands still work.
 *
 * <p>{@link #REMOVABLE}, a disk with a removable medium (INQUIRY RMB=1): as above, plus
 * <ul>
 *   <li>POWER CONDITION accepted: any value but 0h makes the device server ignore START and LOEJ
 *       (SBC-3 §5.25); GOOD, nothing moves (we keep no power conditions, the unit stays
 *       active; libiscsi's StartStopUnit.PowerCondition expects GOOD for every value).</li>
 *   <li>LOEJ=1, START=0 ejects: unless an I_T nexus prevents removal (PREVENT ALLOW MEDIUM
 *       REMOVAL, then ILLEGAL REQUEST, MEDIUM REMOVAL PREVENTED) the medium goes away and media
 *       access answers NOT READY, MEDIUM NOT PRESENT; the write cache is flushed first unless
 *       NO_FLUSH=1. The data stays in the device.</li>
 *   <li>LOEJ=1, START=1 loads the medium again, also refused while removal is prevented (as tgt
 *       does; libiscsi's PreventAllow.Eject); every other nexus gets NOT READY TO READY CHANGE,
 *       MEDIUM MAY HAVE CHANGED.</li>
 * </ul>
 * The medium state is the unit's {@link MediumState}, shared with the MMC commands.
 */
final class StartStopUnit {
    static final CommandHandler HANDLER = new Handler();
    static final CommandHandler REMOVABLE = new Removable();

    private static final int START = 0x01;
    private static final int LOEJ = 0x02;
    private static final int NO_FLUSH = 0x04;
    private static final int POWER_CONDITION = 0xF0;

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

    private static final class Removable implements CommandHandler {
        @Override
        public void execute(CommandContext ctx) {
            int b4 = ctx.cdb()[4];
            if ((b4 & POWER_CONDITION) != 0) {
                ctx.completeGood();
                return;
            }
            if ((b4 & LOEJ) == 0) {
                HANDLER.execute(ctx);
                return;
            }
            LogicalUnit lu = ctx.lu();
            MediumState m = lu.medium();
            if ((b4 & START) != 0) {
                if (!m.loadIfAllowed()) {
                    ctx.checkCondition(SenseReason.MEDIUM_REMOVAL_PREVENTED);
                    return;
                }
                lu.checkMedium(ctx.nexus());
                ctx.completeGood();
                return;
            }
            if (!m.ejectIfAllowed()) {
                ctx.checkCondition(SenseReason.MEDIUM_REMOVAL_PREVENTED);
                return;
            }
            lu.checkMedium();
            if ((b4 & NO_FLUSH) != 0) {
                ctx.completeGood();
                return;
            }
            lu.device().flush(ctx.io(SynchronizeCache::flushed));
        }
    }
}
