package org.scsi4j.core.internal.mmc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;

/**
 * READ TOC/PMA/ATIP (MMC-6) for a one-session, one-track data disc ({@link Disc}):
 * <ul>
 *   <li>Format 0000b, TOC: track 1 at LBA 0 and the lead-out (AAh) at the block count, ADR 1 and
 *       CONTROL 4 (data); TRACK NUMBER 0 or 1 gives both, AAh the lead-out alone, anything else is
 *       INVALID FIELD IN CDB. MSF=1 gives addresses as M:S:F (LBA + 150 frames).</li>
 *   <li>Format 0001b, session information: first and last complete session 1, first track of the
 *       last session 1 at LBA 0 (00:02:00).</li>
 *   <li>Format 0010b, full TOC: the A0h (first track 1, disc type 00h), A1h (last track 1), A2h
 *       (lead-out) and track 1 descriptors of session 1, always in MSF form. CD media only; on a
 *       DVD, as on real DVD drives, INVALID FIELD IN CDB.</li>
 *   <li>Formats 0011b..0101b (PMA, ATIP, CD-TEXT): INVALID FIELD IN CDB - there is nothing
 *       recordable to describe.</li>
 * </ul>
 * When FORMAT is 0 the vendor-specific bits 7..6 of the CONTROL byte, where SFF-8020 drives take
 * the format, are honoured (Linux's sr driver asks for session information that way).
 * On a DVD the TOC is fabricated the same way (MMC-6 describes such a fabricated TOC).
 */
final class ReadToc implements CommandHandler {
    static final CommandHandler HANDLER = new ReadToc();

    static final int FORMAT_TOC = 0;
    static final int FORMAT_SESSION_INFO = 1;
    static final int FORMAT_FULL_TOC = 2;

    /** CONTROL byte bits accepted by the usage map: the old format field. */
    static final int LEGACY_FORMAT_BITS = 0xC0;

    private static final int MSF = 0x02;
    private static final int MAX_LENGTH = 64;
    private static final int FULL_TOC_DESCRIPTOR = 11;

    private ReadToc() {
    }

    /** The format asked for: byte 2 bits 3..0, or the legacy CONTROL bits when those are 0. */
    static int format(byte[] cdb) {
        int format = cdb[2] & 0x0F;
        return format != 0 ? format : (cdb[9] & LEGACY_FORMAT_BITS) >>> 6;
    }

    @Override
    public boolean validate(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        int format = format(cdb);
        boolean legacy = (cdb[2] & 0x0F) == 0 && format != 0;
        boolean dvd = Disc.isDvd(Disc.blocks(ctx.lu()));
        if (format > FORMAT_FULL_TOC || (format == FORMAT_FULL_TOC && dvd)) {
            if (legacy) {
                ctx.invalidFieldInCdb(9, 7);
            } else {
                ctx.invalidFieldInCdb(2, 3);
            }
            return false;
        }
        int number = Cdb.u8(cdb, 6);
        boolean valid;
        switch (format) {
            case FORMAT_TOC:
                valid = number <= 1 || number == Disc.LEAD_OUT;
                break;
            case FORMAT_FULL_TOC:
                valid = number <= 1;                      // SESSION NUMBER
                break;
            default:
                valid = true;                             // format 1 ignores the field
        }
        if (!valid) {
            ctx.invalidFieldInCdb(6, -1);
            return false;
        }
        return true;
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        boolean msf = (cdb[1] & MSF) != 0;
        int allocationLength = Cdb.u16(cdb, 7);
        ByteBuffer b = ctx.parameterData(MAX_LENGTH);
        if (b == null) {
            ctx.completeBusy();
            return;
        }
        long blocks = Disc.blocks(ctx.lu());
        int length;
        switch (format(cdb)) {
            case FORMAT_TOC:
                length = toc(b, blocks, Cdb.u8(cdb, 6), msf);
                break;
            case FORMAT_SESSION_INFO:
                length = sessionInfo(b, msf);
                break;
            default:
                length = fullToc(b, blocks);
        }
        b.putShort(0, (short) (length - 2));              // TOC DATA LENGTH
        b.put(2, (byte) 1);                               // first track / session
        b.put(3, (byte) 1);                               // last track / session
        ctx.completeDataIn(length, allocationLength);
    }

    private static int toc(ByteBuffer b, long blocks, int startTrack, boolean msf) {
        int p = 4;
        if (startTrack != Disc.LEAD_OUT) {
            p = trackDescriptor(b, p, 1, 0, msf);
        }
        return trackDescriptor(b, p, Disc.LEAD_OUT, blocks, msf);
    }

    private static int trackDescriptor(ByteBuffer b, int p, int track, long lba, boolean msf) {
        b.put(p + 1, (byte) Disc.ADR_CONTROL_DATA);
        b.put(p + 2, (byte) track);
        Disc.address(b, p + 4, lba, msf);
        return p + 8;
    }

    private static int sessionInfo(ByteBuffer b, boolean msf) {
        // one descriptor: the first track in the last complete session
        return trackDescriptor(b, 4, 1, 0, msf);
    }

    private static int fullToc(ByteBuffer b, long blocks) {
        int p = 4;
        p = fullTocDescriptor(b, p, 0xA0, 1, 0x00, 0);    // first track 1, disc type 00h (CD-DA / CD-ROM)
        p = fullTocDescriptor(b, p, 0xA1, 1, 0, 0);       // last track 1
        p = fullTocDescriptor(b, p, 0xA2, -1, 0, 0);      // lead-out start
        Disc.msf(b, p - 3, blocks);
        p = fullTocDescriptor(b, p, 0x01, -1, 0, 0);      // track 1 start
        Disc.msf(b, p - 3, 0);
        return p;
    }

    /** SESSION, ADR/CONTROL, TNO, POINT, MIN, SEC, FRAME, ZERO, PMIN, PSEC, PFRAME (11 bytes). */
    private static int fullTocDescriptor(ByteBuffer b, int p, int point, int pmin, int psec, int pframe) {
        b.put(p, (byte) 1);
        b.put(p + 1, (byte) Disc.ADR_CONTROL_DATA);
        b.put(p + 3, (byte) point);
        if (pmin >= 0) {
            b.put(p + 8, (byte) pmin);
            b.put(p + 9, (byte) psec);
            b.put(p + 10, (byte) pframe);
        }
        return p + FULL_TOC_DESCRIPTOR;
    }
}
