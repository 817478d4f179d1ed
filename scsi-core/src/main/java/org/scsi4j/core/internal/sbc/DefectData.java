package org.scsi4j.core.internal.sbc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;

/**
 * READ DEFECT DATA (10) and (12), SBC-3 §5.17–5.18: our media have no defects, so both lists are
 * empty, in the format asked for.
 *
 * <p>CDB: REQ_PLIST, REQ_GLIST and DEFECT LIST FORMAT (byte 2 of the 10-byte form, byte 1 of the
 * 12-byte form), ALLOCATION LENGTH (bytes 7..8, resp. 6..9); the 12-byte form's ADDRESS DESCRIPTOR
 * INDEX (SBC-4, bytes 2..5) is accepted: every index is past the end of an empty list. DEFECT LIST
 * FORMAT 111b is reserved: INVALID FIELD IN CDB; the others (short / long block, bytes from index,
 * physical sector, their SBC-4 extended forms, vendor specific) describe an empty list equally.
 *
 * <p>Header (4 bytes for (10), 8 for (12)): PLISTV and GLISTV set for the lists requested (the
 * list is valid, and empty), DEFECT LIST FORMAT echoing the request, DEFECT LIST LENGTH 0; the
 * (12) header's GENERATION CODE is 0 ("not supported").
 */
final class DefectData implements CommandHandler {
    static final CommandHandler READ_DEFECT_DATA_10 = new DefectData(10);
    static final CommandHandler READ_DEFECT_DATA_12 = new DefectData(12);

    static final int RESERVED_FORMAT = 0x07;
    private static final int LIST_BITS = 0x18;

    private final int cdbLength;

    private DefectData(int cdbLength) {
        this.cdbLength = cdbLength;
    }

    private int listByte() {
        return cdbLength == 10 ? 2 : 1;
    }

    @Override
    public boolean validate(CommandContext ctx) {
        if ((ctx.cdb()[listByte()] & 0x07) == RESERVED_FORMAT) {
            ctx.invalidFieldInCdb(listByte(), 2);
            return false;
        }
        return true;
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        int headerLength = cdbLength == 10 ? 4 : 8;
        long allocationLength = cdbLength == 10 ? Cdb.u16(cdb, 7) : Cdb.u32(cdb, 6);
        ByteBuffer b = ctx.parameterData(headerLength);
        if (b == null) {
            ctx.completeBusy();
            return;
        }
        b.put(1, (byte) (cdb[listByte()] & (LIST_BITS | 0x07)));
        ctx.completeDataIn(headerLength, (int) Math.min(Integer.MAX_VALUE, allocationLength));
    }
}
