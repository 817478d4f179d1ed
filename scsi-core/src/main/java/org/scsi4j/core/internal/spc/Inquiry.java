package org.scsi4j.core.internal.spc;

import static org.scsi4j.core.internal.spc.ParameterBytes.ascii;
import static org.scsi4j.core.internal.spc.ParameterBytes.u16;
import static org.scsi4j.core.internal.spc.ParameterBytes.u8;

import java.nio.ByteBuffer;
import org.scsi4j.core.LuIdentity;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.engine.LogicalUnit;

/**
 * INQUIRY (SPC-4 §6.6): the standard INQUIRY data (§6.6.2) or, with EVPD, one vital product data
 * page ({@link VpdPages}). Answers on unmapped LUNs too, with PERIPHERAL QUALIFIER 011b and
 * PERIPHERAL DEVICE TYPE 1Fh (§6.6.2, "not capable of supporting a peripheral device").
 */
final class Inquiry implements CommandHandler {
    static final CommandHandler HANDLER = new Inquiry();

    /** Standard INQUIRY data length: through the version descriptors and the reserved bytes 74..95. */
    static final int STANDARD_LENGTH = 96;

    /** PERIPHERAL QUALIFIER 011b, PERIPHERAL DEVICE TYPE 1Fh. */
    static final int NO_LOGICAL_UNIT = 0x7F;

    /** VERSION: the device claims SPC-4 (§6.6.2 table 142). */
    static final int VERSION_SPC4 = 0x06;

    /** Version descriptors (SPC-4 §6.6.2 table 144), "no version claimed" codes. */
    static final int VERSION_SAM5 = 0x00A0;
    static final int VERSION_SPC4_DESCRIPTOR = 0x0460;
    static final int VERSION_SBC3 = 0x04C0;
    static final int VERSION_MMC6 = 0x04E0;

    /** PERIPHERAL DEVICE TYPE of a CD/DVD device (MMC). */
    static final int CD_DVD = 0x05;
    /** Byte 1: RMB, the medium is removable. */
    private static final int BYTE1_RMB = 0x80;

    private static final int BYTE3_HISUP = 0x10;
    private static final int RESPONSE_DATA_FORMAT = 0x02;
    /** TPGS 01b: implicit asymmetric logical unit access only (§5.16.2). */
    private static final int BYTE5_TPGS_IMPLICIT = 0x10;
    /** 3PC: the unit supports third-party copy, i.e. its command table has EXTENDED COPY (§6.4). */
    private static final int BYTE5_3PC = 0x08;
    private static final int EXTENDED_COPY = 0x83;
    private static final int EXTENDED_COPY_LID1 = 0x00;
    private static final int BYTE6_MULTIP = 0x10;
    private static final int BYTE7_CMDQUE = 0x02;

    private Inquiry() {
    }

    @Override
    public boolean validate(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        boolean evpd = (cdb[1] & 0x01) != 0;
        int page = Cdb.u8(cdb, 2);
        if (!evpd && page != 0) {
            ctx.invalidFieldInCdb(2, -1);
            return false;
        }
        if (evpd && !VpdPages.isSupported(ctx.lu(), page)) {
            ctx.invalidFieldInCdb(2, -1);
            return false;
        }
        return true;
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        int allocationLength = Cdb.u16(cdb, 3);
        ByteBuffer b = ctx.parameterData(VpdPages.MAX_PAGE_LENGTH);
        if (b == null) {
            ctx.completeBusy();
            return;
        }
        int length = (cdb[1] & 0x01) != 0
                ? VpdPages.write(ctx, Cdb.u8(cdb, 2), b)
                : writeStandard(ctx.lu(), b);
        ctx.completeDataIn(length, allocationLength);
    }

    /** PERIPHERAL QUALIFIER and PERIPHERAL DEVICE TYPE, byte 0 of standard data and VPD pages. */
    static int peripheralByte(LogicalUnit lu) {
        return lu == null ? NO_LOGICAL_UNIT : lu.peripheralDeviceType() & 0x1F;
    }

    /** Whether the unit implements EXTENDED COPY (LID1): the 3PC bit. */
    static boolean thirdPartyCopy(LogicalUnit lu) {
        if (lu == null) {
            return false;
        }
        CommandDescriptor d = lu.commands().lookup(EXTENDED_COPY, EXTENDED_COPY_LID1);
        return d != null && lu.implementsCommand(d);
    }

    /** Writes the standard INQUIRY data (§6.6.2) and returns its length. */
    static int writeStandard(LogicalUnit lu, ByteBuffer b) {
        u8(b, 0, peripheralByte(lu));
        u8(b, 1, lu != null && lu.removableMedium() ? BYTE1_RMB : 0);
        u8(b, 2, VERSION_SPC4);
        u8(b, 3, BYTE3_HISUP | RESPONSE_DATA_FORMAT);   // NORMACA 0
        u8(b, 4, STANDARD_LENGTH - 5);                  // ADDITIONAL LENGTH
        u8(b, 5, BYTE5_TPGS_IMPLICIT | (thirdPartyCopy(lu) ? BYTE5_3PC : 0)); // SCCS, ACC, PROTECT 0
        u8(b, 6, lu != null && lu.target().relativePortIds().size() > 1 ? BYTE6_MULTIP : 0);
        u8(b, 7, BYTE7_CMDQUE);
        if (lu != null) {
            LuIdentity id = lu.identity();
            ascii(b, 8, id.vendor(), 8);
            ascii(b, 16, id.product(), 16);
            ascii(b, 32, id.revision(), 4);
        } else {
            ascii(b, 8, LuIdentity.DEFAULT_VENDOR, 8);
            ascii(b, 16, "", 16);
            ascii(b, 32, LuIdentity.DEFAULT_REVISION, 4);
        }
        int d = 58;
        u16(b, d, VERSION_SAM5);
        u16(b, d + 2, VERSION_SPC4_DESCRIPTOR);
        if (lu != null && lu.peripheralDeviceType() == VpdPages.DIRECT_ACCESS) {
            u16(b, d + 4, VERSION_SBC3);
        } else if (lu != null && lu.peripheralDeviceType() == CD_DVD) {
            u16(b, d + 4, VERSION_MMC6);
        }
        return STANDARD_LENGTH;
    }
}
