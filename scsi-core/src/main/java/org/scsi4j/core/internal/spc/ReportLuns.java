package org.scsi4j.core.internal.spc;

import static org.scsi4j.core.internal.spc.ParameterBytes.u32;
import static org.scsi4j.core.internal.spc.ParameterBytes.u64;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.engine.LunAddress;

/**
 * REPORT LUNS (SPC-4 §6.33): the LUNs this I_T nexus sees, in SAM-5 §4.7 LUN format. SELECT
 * REPORT 00h (logical units) and 02h (all) give the same list, 01h (well known logical units only)
 * an empty one, since there are none. Clears REPORTED LUNS DATA HAS CHANGED for the nexus.
 */
final class ReportLuns implements CommandHandler {
    static final CommandHandler HANDLER = new ReportLuns();

    static final int SELECT_LOGICAL_UNITS = 0x00;
    static final int SELECT_WELL_KNOWN = 0x01;
    static final int SELECT_ALL = 0x02;

    /** SPC-4 §6.33: an allocation length below 16 bytes is an invalid field. */
    static final int MIN_ALLOCATION_LENGTH = 16;

    private static final int[] NO_LUNS = {};

    private ReportLuns() {
    }

    @Override
    public boolean validate(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        int select = Cdb.u8(cdb, 2);
        if (select != SELECT_LOGICAL_UNITS && select != SELECT_WELL_KNOWN && select != SELECT_ALL) {
            ctx.invalidFieldInCdb(2, -1);
            return false;
        }
        if (Cdb.u32(cdb, 6) < MIN_ALLOCATION_LENGTH) {
            ctx.invalidFieldInCdb(6, -1);
            return false;
        }
        return true;
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        int[] luns = Cdb.u8(cdb, 2) == SELECT_WELL_KNOWN ? NO_LUNS : ctx.nexus().visibleLuns();
        int length = 8 + 8 * luns.length;
        ByteBuffer b = ctx.parameterData(length);
        if (b == null) {
            ctx.completeBusy();
            return;
        }
        u32(b, 0, 8L * luns.length);                         // LUN LIST LENGTH
        for (int i = 0; i < luns.length; i++) {
            u64(b, 8 + 8 * i, LunAddress.encode(luns[i]));
        }
        ctx.nexus().clearReportedLunsDataChanged();
        ctx.completeDataIn(length, (int) Math.min(Integer.MAX_VALUE, Cdb.u32(cdb, 6)));
    }
}
