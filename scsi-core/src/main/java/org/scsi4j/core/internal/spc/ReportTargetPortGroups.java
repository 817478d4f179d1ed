package org.scsi4j.core.internal.spc;

import static org.scsi4j.core.internal.spc.ParameterBytes.u16;
import static org.scsi4j.core.internal.spc.ParameterBytes.u32;
import static org.scsi4j.core.internal.spc.ParameterBytes.u8;

import java.nio.ByteBuffer;
import java.util.List;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;

/**
 * REPORT TARGET PORT GROUPS (SPC-4 §6.36), for implicit ALUA (TPGS 01b in INQUIRY, §5.16): one
 * target port group, {@link DeviceIdentification#TARGET_PORT_GROUP}, holding every port of the
 * target, always in the active/optimized state, which is the only state it supports (AO_SUP). The
 * state never changes, so there is nothing to transition (T_SUP 0, IMPLICIT TRANSITION TIME 0).
 * PARAMETER DATA FORMAT 000b (length-only header) and 001b (extended header) are both answered.
 */
final class ReportTargetPortGroups implements CommandHandler {
    static final CommandHandler HANDLER = new ReportTargetPortGroups();

    static final int FORMAT_LENGTH_ONLY = 0;
    static final int FORMAT_EXTENDED = 1;

    /** ASYMMETRIC ACCESS STATE 0h: active/optimized. */
    static final int STATE_ACTIVE_OPTIMIZED = 0x0;
    private static final int AO_SUP = 0x01;

    private ReportTargetPortGroups() {
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        boolean extended = ((cdb[1] >>> 5) & 0x07) == FORMAT_EXTENDED;
        int allocationLength = (int) Math.min(Integer.MAX_VALUE, Cdb.u32(cdb, 6));
        List<Integer> ports = ctx.lu().target().relativePortIds();
        int count = Math.min(ports.size(), 255);
        int header = extended ? 8 : 4;
        int length = header + 8 + 4 * count;
        ByteBuffer b = ctx.parameterData(length);
        if (b == null) {
            ctx.completeBusy();
            return;
        }
        u32(b, 0, length - 4L);                                   // RETURN DATA LENGTH
        if (extended) {
            u8(b, 4, FORMAT_EXTENDED << 4);                       // FORMAT TYPE 001b
            // byte 5: IMPLICIT TRANSITION TIME 0
        }
        int p = header;
        u8(b, p, STATE_ACTIVE_OPTIMIZED);                         // PREF 0
        u8(b, p + 1, AO_SUP);
        u16(b, p + 2, DeviceIdentification.TARGET_PORT_GROUP);
        // byte 5: STATUS CODE 0 (no status available)
        u8(b, p + 7, count);                                      // TARGET PORT COUNT
        for (int i = 0; i < count; i++) {
            u16(b, p + 8 + 4 * i + 2, ports.get(i));
        }
        ctx.completeDataIn(length, allocationLength);
    }
}
