package org.scsi4j.core.internal.mmc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.medium.MediumState;
import org.scsi4j.core.internal.sense.SenseReason;

/**
 * MODE SENSE (6) and (10) of a CD/DVD unit (SPC-4; MMC-6 clause 7): the mode parameter header with
 * MEDIUM TYPE and DEVICE-SPECIFIC PARAMETER 0 and no block descriptor (MMC uses none, whatever DBD
 * says), then the one page a read-only drive needs: the MM Capabilities and Mechanical Status page
 * (2Ah, 32 bytes, no write speed descriptors). Linux's sr driver reads it at probe for the
 * capabilities (DVD-ROM read, tray, eject, lock) and the speed.
 *
 * <p>PAGE CODE 2Ah or 3Fh (all pages) with SUBPAGE 00h or FFh; any other page is INVALID FIELD IN
 * CDB. PC 00b current, 01b changeable (nothing), 10b default (unlocked); 11b saved is SAVING
 * PARAMETERS NOT SUPPORTED. The page is not savable (PS 0).
 */
final class MmcModeSense implements CommandHandler {
    static final CommandHandler HANDLER = new MmcModeSense();

    static final int MODE_SENSE_6 = 0x1A;
    static final int CAPABILITIES_PAGE = 0x2A;
    static final int ALL_PAGES = 0x3F;
    static final int ALL_SUBPAGES = 0xFF;
    static final int PC_CHANGEABLE = 1;
    static final int PC_DEFAULT = 2;
    static final int PC_SAVED = 3;

    /** Page 2Ah as MMC-3 onwards lays it out: bytes 0..31, PAGE LENGTH 1Eh. */
    static final int CAPABILITIES_PAGE_SIZE = 32;

    /** Byte 2: DVD-ROM READ (reads of CD media are implied). */
    private static final int DVD_ROM_READ = 0x08;
    /** Byte 6: LOADING MECHANISM TYPE 001b (tray), EJECT, LOCK STATE, LOCK. */
    private static final int LOADING_TRAY = 0x20;
    private static final int EJECT = 0x08;
    private static final int LOCK_STATE = 0x02;
    private static final int LOCK = 0x01;
    /** Obsolete speed fields some hosts still read (kB/s): 48x CD, 176.4 kB/s per 1x. */
    private static final int READ_SPEED_KBPS = 48 * 176;

    private MmcModeSense() {
    }

    @Override
    public boolean validate(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        int page = cdb[2] & 0x3F;
        int subpage = Cdb.u8(cdb, 3);
        if (page != CAPABILITIES_PAGE && page != ALL_PAGES) {
            ctx.invalidFieldInCdb(2, 5);
            return false;
        }
        if (subpage != 0 && subpage != ALL_SUBPAGES) {
            ctx.invalidFieldInCdb(3, -1);
            return false;
        }
        if (Cdb.u8(cdb, 2) >>> 6 == PC_SAVED) {
            ctx.checkCondition(SenseReason.SAVING_PARAMETERS_NOT_SUPPORTED);
            return false;
        }
        return true;
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        boolean six = Cdb.u8(cdb, 0) == MODE_SENSE_6;
        int pc = Cdb.u8(cdb, 2) >>> 6;
        int allocationLength = six ? Cdb.u8(cdb, 4) : Cdb.u16(cdb, 7);
        int header = six ? 4 : 8;
        ByteBuffer b = ctx.parameterData(header + CAPABILITIES_PAGE_SIZE);
        if (b == null) {
            ctx.completeBusy();
            return;
        }
        writeCapabilitiesPage(b, header, pc, ctx.lu().medium());
        int length = header + CAPABILITIES_PAGE_SIZE;
        if (six) {
            b.put(0, (byte) (length - 1));              // MODE DATA LENGTH; the rest of the header is 0
        } else {
            b.putShort(0, (short) (length - 2));        // BLOCK DESCRIPTOR LENGTH (bytes 6-7) 0
        }
        ctx.completeDataIn(length, allocationLength);
    }

    /** Writes page 2Ah (zeroed buffer) for page control {@code pc}. */
    static void writeCapabilitiesPage(ByteBuffer b, int off, int pc, MediumState medium) {
        b.put(off, (byte) CAPABILITIES_PAGE);
        b.put(off + 1, (byte) (CAPABILITIES_PAGE_SIZE - 2));
        if (pc == PC_CHANGEABLE) {
            return;                                     // nothing can be changed
        }
        b.put(off + 2, (byte) DVD_ROM_READ);
        // byte 3: no write capability; bytes 4-5: no audio, no CD-DA, no C2, no multi-session
        int mechanism = LOADING_TRAY | LOCK | (medium.isRemovable() ? EJECT : 0);
        if (pc != PC_DEFAULT && medium.removalPrevented()) {
            mechanism |= LOCK_STATE;
        }
        b.put(off + 6, (byte) mechanism);
        b.putShort(off + 8, (short) READ_SPEED_KBPS);    // obsolete: maximum read speed
        b.putShort(off + 14, (short) READ_SPEED_KBPS);   // obsolete: current read speed
        // bytes 10-13 volume levels and buffer size, 16-31 write speeds, copy management,
        // rotation control, write speed descriptor count: 0
    }
}
