package org.scsi4j.core.internal.spc;

import static org.scsi4j.core.internal.spc.ParameterBytes.u16;
import static org.scsi4j.core.internal.spc.ParameterBytes.u8;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;

/**
 * LOG SENSE (SPC-4 §6.8; log pages, §7.3): the pages every unit can answer truthfully without
 * keeping statistics.
 *
 * <ul>
 *   <li>00h/00h Supported Log Pages and 00h/FFh Supported Log Pages and Subpages: exactly the
 *       {@link #PAGES} table;</li>
 *   <li>2Fh/00h Informational Exceptions: one general parameter (0000h) saying
 *       "no informational exception" (ASC/ASCQ 00h/00h) with MOST RECENT TEMPERATURE READING FFh,
 *       no reading (a virtual unit has no sensor; the Temperature page 0Dh is therefore not
 *       offered either).</li>
 * </ul>
 *
 * <p>CDB fields: SP=1 (save parameters) is refused by the usage map (no log parameter is
 * saveable: INVALID FIELD IN CDB, bit pointer on SP). PC is accepted with all four values: none of
 * these parameters is a counter with thresholds, so every PC returns the same current values.
 * PPC=1 returns only parameters that changed since the last LOG SENSE, that is none (the page
 * header alone). PARAMETER POINTER: parameters with a lower code are skipped; a pointer above the
 * page's largest code is INVALID FIELD IN CDB (the 00h pages have no parameter codes and take 0
 * only). An unknown page or subpage is INVALID FIELD IN CDB pointing at its byte.
 */
final class LogSense implements CommandHandler {
    static final CommandHandler HANDLER = new LogSense();

    static final int SUPPORTED_PAGES = 0x00;
    static final int INFORMATIONAL_EXCEPTIONS = 0x2F;
    /** SUBPAGE CODE FFh of page 00h: every page and subpage. */
    static final int ALL_SUBPAGES = 0xFF;

    /** The (page, subpage) pairs of a unit, ascending. */
    static final int[][] PAGES = {
            {SUPPORTED_PAGES, 0x00},
            {SUPPORTED_PAGES, ALL_SUBPAGES},
            {INFORMATIONAL_EXCEPTIONS, 0x00},
    };

    /** Byte 1: PPC. (SP, bit 0, is not in the usage map.) */
    static final int PPC = 0x02;
    /** Byte 0 of a page header: SPF, the page has a subpage format. */
    private static final int SPF = 0x40;
    /** Byte 0 of a page header: DS, parameters are not saveable. */
    private static final int DS = 0x80;

    /** Informational exceptions general parameter: code 0000h, 4 bytes. */
    private static final int IE_GENERAL_PARAMETER = 0x0000;
    /** Parameter control byte: FORMAT AND LINKING 11b, a binary list parameter. */
    private static final int IE_CONTROL = 0x03;
    private static final int IE_PARAMETER_LENGTH = 4;
    private static final int NO_TEMPERATURE = 0xFF;

    private static final int MAX_LENGTH = 64;

    private LogSense() {
    }

    @Override
    public boolean validate(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        int page = cdb[2] & 0x3F;
        int subpage = Cdb.u8(cdb, 3);
        boolean pageKnown = false;
        boolean known = false;
        for (int[] p : PAGES) {
            pageKnown |= p[0] == page;
            known |= p[0] == page && p[1] == subpage;
        }
        if (!known) {
            ctx.invalidFieldInCdb(pageKnown ? 3 : 2, pageKnown ? -1 : 5);
            return false;
        }
        int pointer = Cdb.u16(cdb, 5);
        int largest = page == INFORMATIONAL_EXCEPTIONS ? IE_GENERAL_PARAMETER : 0;
        if (pointer > largest) {
            ctx.invalidFieldInCdb(5, -1);
            return false;
        }
        return true;
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        int page = cdb[2] & 0x3F;
        int subpage = Cdb.u8(cdb, 3);
        ByteBuffer b = ctx.parameterData(MAX_LENGTH);
        if (b == null) {
            ctx.completeBusy();
            return;
        }
        int length;
        if (page == SUPPORTED_PAGES && subpage == 0) {
            u8(b, 0, DS | SUPPORTED_PAGES);
            length = 0;
            for (int[] p : PAGES) {
                if (p[1] == 0) {
                    u8(b, 4 + length++, p[0]);
                }
            }
        } else if (page == SUPPORTED_PAGES) {
            u8(b, 0, DS | SPF | SUPPORTED_PAGES);
            u8(b, 1, ALL_SUBPAGES);
            length = 0;
            for (int[] p : PAGES) {
                u8(b, 4 + length, p[0]);
                u8(b, 5 + length, p[1]);
                length += 2;
            }
        } else {
            u8(b, 0, DS | INFORMATIONAL_EXCEPTIONS);
            length = (cdb[1] & PPC) != 0 ? 0 : informationalExceptions(b, 4);
        }
        u16(b, 2, length);
        ctx.completeDataIn(4 + length, Cdb.u16(cdb, 7));
    }

    /** The informational exceptions general parameter at {@code off}; returns its length. */
    private static int informationalExceptions(ByteBuffer b, int off) {
        u16(b, off, IE_GENERAL_PARAMETER);
        u8(b, off + 2, IE_CONTROL);
        u8(b, off + 3, IE_PARAMETER_LENGTH);
        // bytes 4, 5: INFORMATIONAL EXCEPTION ADDITIONAL SENSE CODE / QUALIFIER 00h: none
        u8(b, off + 6, NO_TEMPERATURE);
        // byte 7: vendor specific
        return 4 + IE_PARAMETER_LENGTH;
    }
}
