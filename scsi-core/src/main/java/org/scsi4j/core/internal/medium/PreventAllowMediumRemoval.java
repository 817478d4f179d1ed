package org.scsi4j.core.internal.medium;

import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;

/**
 * PREVENT ALLOW MEDIUM REMOVAL (SPC-4 §6.13; MMC-6 adds the PERSISTENT bit) for every command set
 * with a removable medium: byte 4 bit 0 PREVENT and bit 1 PERSISTENT set or clear this I_T nexus's
 * prevent in the unit's {@link MediumState}; removal is prevented while any nexus holds either.
 * Which bits a command set accepts is its row's usage map (MMC: both; SBC: PREVENT only, the
 * other values of the SPC-4 PREVENT field being obsolete).
 */
public final class PreventAllowMediumRemoval {
    public static final CommandHandler HANDLER = PreventAllowMediumRemoval::execute;

    private static final int PREVENT = 0x01;
    private static final int PERSISTENT = 0x02;

    private PreventAllowMediumRemoval() {
    }

    private static void execute(CommandContext ctx) {
        int b4 = ctx.cdb()[4];
        ctx.lu().medium().preventAllow(ctx.nexus(), (b4 & PREVENT) != 0, (b4 & PERSISTENT) != 0);
        ctx.completeGood();
    }
}
