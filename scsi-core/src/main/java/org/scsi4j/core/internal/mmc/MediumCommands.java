package org.scsi4j.core.internal.mmc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.medium.MediumState;
import org.scsi4j.core.internal.medium.PreventAllowMediumRemoval;
import org.scsi4j.core.internal.sense.SenseReason;

/**
 * The commands that look at or move the medium: TEST UNIT READY, PREVENT ALLOW MEDIUM REMOVAL,
 * START STOP UNIT and MECHANISM STATUS (MMC-6 clause 6; SPC-4 and SBC-3 for the shared parts).
 * The state itself is the unit's {@link MediumState}.
 *
 * <ul>
 *   <li>TEST UNIT READY: GOOD with a medium; otherwise NOT READY, MEDIUM NOT PRESENT - TRAY OPEN
 *       (3A/02) or - TRAY CLOSED (3A/01), which Linux's sr driver reads as the drive status.</li>
 *   <li>PREVENT ALLOW MEDIUM REMOVAL ({@link PreventAllowMediumRemoval}, shared with removable
 *       disks): PREVENT (bit 0) and, as MMC-6 adds, PERSISTENT (bit 1) per I_T nexus; removal is
 *       prevented while any nexus holds either.</li>
 *   <li>START STOP UNIT: LOEJ=0 is GOOD (nothing spins). LOEJ=1 START=0 ejects (opens the tray)
 *       unless prevented - then ILLEGAL REQUEST, MEDIUM REMOVAL PREVENTED (53/02); LOEJ=1 START=1
 *       closes the tray and loads what is in it, GOOD even with an empty tray (the next TEST UNIT
 *       READY says TRAY CLOSED), as a real drive does. LOEJ on a unit whose device cannot remove
 *       its medium is INVALID FIELD IN CDB. IMMED is accepted: everything is immediate.</li>
 *   <li>MECHANISM STATUS: the 8-byte header only (no changer): mechanism idle, the door-open bit.</li>
 * </ul>
 */
final class MediumCommands {
    static final CommandHandler TEST_UNIT_READY = MediumCommands::testUnitReady;
    static final CommandHandler PREVENT_ALLOW = PreventAllowMediumRemoval.HANDLER;
    static final CommandHandler START_STOP_UNIT = new StartStopUnit();
    static final CommandHandler MECHANISM_STATUS = MediumCommands::mechanismStatus;

    private static final int START = 0x01;
    private static final int LOEJ = 0x02;

    static final int MECHANISM_STATUS_HEADER = 8;
    private static final int DOOR_OPEN = 0x10;

    private MediumCommands() {
    }

    private static void testUnitReady(CommandContext ctx) {
        MediumState m = ctx.lu().medium();
        if (m.present()) {
            ctx.completeGood();
        } else {
            ctx.checkCondition(m.trayOpen() ? SenseReason.MEDIUM_NOT_PRESENT_TRAY_OPEN
                    : SenseReason.MEDIUM_NOT_PRESENT_TRAY_CLOSED);
        }
    }

    private static final class StartStopUnit implements CommandHandler {
        @Override
        public boolean validate(CommandContext ctx) {
            if ((ctx.cdb()[4] & LOEJ) != 0 && !ctx.lu().medium().isRemovable()) {
                ctx.invalidFieldInCdb(4, 1);
                return false;
            }
            return true;
        }

        @Override
        public void execute(CommandContext ctx) {
            int b4 = ctx.cdb()[4];
            if ((b4 & LOEJ) == 0) {
                ctx.completeGood();
                return;
            }
            LogicalUnit lu = ctx.lu();
            MediumState m = lu.medium();
            if ((b4 & START) != 0) {
                m.load();
            } else if (!m.ejectIfAllowed()) {
                ctx.checkCondition(SenseReason.MEDIUM_REMOVAL_PREVENTED);
                return;
            }
            lu.checkMedium();
            ctx.completeGood();
        }
    }

    private static void mechanismStatus(CommandContext ctx) {
        int allocationLength = Cdb.u16(ctx.cdb(), 8);
        ByteBuffer b = ctx.parameterData(MECHANISM_STATUS_HEADER);
        if (b == null) {
            ctx.completeBusy();
            return;
        }
        // byte 0: FAULT 0, CHANGER STATE 0 (ready), CURRENT SLOT 0
        // byte 1: MECHANISM STATE 000b (idle), DOOR OPEN; bytes 2-4 CURRENT LBA (obsolete) 0;
        // byte 5: NUMBER OF SLOTS AVAILABLE 0; bytes 6-7: LENGTH OF SLOT TABLES 0
        b.put(1, (byte) (ctx.lu().medium().trayOpen() ? DOOR_OPEN : 0));
        ctx.completeDataIn(MECHANISM_STATUS_HEADER, allocationLength);
    }
}
