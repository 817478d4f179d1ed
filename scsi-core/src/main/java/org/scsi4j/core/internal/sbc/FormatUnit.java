package org.scsi4j.core.internal.sbc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;

/**
 * FORMAT UNIT, SBC-3 §5.3: there is nothing to format on our media (no low-level format, no
 * defects, no protection information), so the command checks its fields and completes without
 * touching the data. It is not a way to erase: SBC leaves the block contents after a format
 * without initialization pattern vendor specific, and SANITIZE is the command for erasing.
 *
 * <p><b>CDB</b>: FMTPINFO (byte 1 bits 7..6) is not accepted, since no protection information
 * can be formatted: the usage map answers INVALID FIELD IN CDB. LONGLIST, FMTDATA, CMPLST and
 * DEFECT LIST FORMAT are accepted; bytes 2..4 (vendor specific, obsolete, SBC-4 FFMT) are not.
 *
 * <p><b>FMTDATA=0</b>: no parameter list; GOOD. <b>FMTDATA=1</b>: the parameter list header
 * (short, 4 bytes; long, 8 bytes, with LONGLIST=1) is the only data-out taken (the CDB has no
 * length field; what the initiator sends beyond the header is ignored, a residual). It is checked
 * (§5.3.2): PROTECTION FIELDS USAGE, P_I_INFORMATION and PROTECTION INTERVAL EXPONENT must be 0
 * (no protection); with FOV=0, DPRY, DCRT, STPF and IP must be 0; IP=1 (an initialization
 * pattern to write) is not supported; DEFECT LIST LENGTH must be 0 (we keep no defect list to
 * add to). Each violation is INVALID FIELD IN PARAMETER LIST at the field; IMMED is accepted
 * (the command is immediate anyway).
 */
final class FormatUnit implements CommandHandler {
    static final CommandHandler HANDLER = new FormatUnit();

    static final int LONGLIST = 0x20;
    static final int FMTDATA = 0x10;
    private static final int FOV = 0x80;
    private static final int DPRY_DCRT_STPF = 0x70;
    private static final int IP = 0x08;
    /** Byte 1: FOV, DPRY, DCRT, STPF, IP, obsolete, IMMED, vendor specific: the bits we accept. */
    private static final int ACCEPTED_BYTE1 = FOV | DPRY_DCRT_STPF | IP | 0x02;

    private FormatUnit() {
    }

    /** Data-out: the parameter list header when FMTDATA=1. */
    static long dataOut(byte[] cdb) {
        if ((cdb[1] & FMTDATA) == 0) {
            return 0;
        }
        return (cdb[1] & LONGLIST) != 0 ? 8 : 4;
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        if ((cdb[1] & FMTDATA) == 0) {
            ctx.completeGood();
            return;
        }
        boolean longList = (cdb[1] & LONGLIST) != 0;
        ByteBuffer h = ctx.dataOut();
        if (h.remaining() < (longList ? 8 : 4)) {
            ctx.invalidFieldInParameterList(h.remaining(), -1);
            return;
        }
        if ((h.get(0) & 0x07) != 0 || (h.get(0) & 0xF8) != 0) {
            ctx.invalidFieldInParameterList(0, -1);     // PROTECTION FIELDS USAGE, reserved
            return;
        }
        int flags = h.get(1) & 0xFF;
        if ((flags & ~ACCEPTED_BYTE1) != 0) {
            ctx.invalidFieldInParameterList(1, 31 - Integer.numberOfLeadingZeros(flags & ~ACCEPTED_BYTE1));
            return;
        }
        if ((flags & FOV) == 0 && (flags & (DPRY_DCRT_STPF | IP)) != 0) {
            ctx.invalidFieldInParameterList(1, 31 - Integer.numberOfLeadingZeros(flags & (DPRY_DCRT_STPF | IP)));
            return;
        }
        if ((flags & IP) != 0) {
            ctx.invalidFieldInParameterList(1, 3);
            return;
        }
        if (longList) {
            if (h.get(2) != 0 || h.get(3) != 0) {
                ctx.invalidFieldInParameterList(h.get(2) != 0 ? 2 : 3, -1);
                return;
            }
            if (h.getInt(4) != 0) {
                ctx.invalidFieldInParameterList(4, -1);
                return;
            }
        } else if (h.getShort(2) != 0) {
            ctx.invalidFieldInParameterList(2, -1);
            return;
        }
        ctx.completeGood();
    }
}
