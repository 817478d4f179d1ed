package org.scsi4j.core.internal.spc;

import static org.scsi4j.core.internal.spc.ParameterBytes.u16;
import static org.scsi4j.core.internal.spc.ParameterBytes.u24;
import static org.scsi4j.core.internal.spc.ParameterBytes.u32;
import static org.scsi4j.core.internal.spc.ParameterBytes.u64;
import static org.scsi4j.core.internal.spc.ParameterBytes.u8;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.device.DeviceGeometry;

/**
 * MODE SENSE(6) and MODE SENSE(10) (SPC-4 §6.11, §6.12): the mode parameter header (§7.5.5), an
 * optional short or long LBA block descriptor (SBC-3 §6.4.2) and the pages of {@link ModePage}.
 *
 * <p>PC 11b (saved values) is CHECK CONDITION, SAVING PARAMETERS NOT SUPPORTED: nothing is
 * savable. With PC 01b the block descriptor is all zeroes, since neither capacity nor block length
 * can be changed. The DEVICE-SPECIFIC PARAMETER (SBC-3 §6.4.1) carries WP and DPOFUA.
 */
final class ModeSense implements CommandHandler {
    static final CommandHandler HANDLER = new ModeSense();

    static final int MODE_SENSE_6 = 0x1A;

    /** DEVICE-SPECIFIC PARAMETER bits of a direct-access device (SBC-3 §6.4.1). */
    static final int WP = 0x80;
    static final int DPOFUA = 0x10;

    private static final int DBD = 0x08;
    private static final int LLBAA = 0x10;
    private static final int SHORT_DESCRIPTOR = 8;
    private static final int LONG_DESCRIPTOR = 16;
    private static final int MAX_LENGTH = 8 + LONG_DESCRIPTOR + 64;

    private ModeSense() {
    }

    @Override
    public boolean validate(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        int pc = Cdb.u8(cdb, 2) >>> 6;
        int page = Cdb.u8(cdb, 2) & 0x3F;
        int subpage = Cdb.u8(cdb, 3);
        if (page != ModePage.ALL_PAGES && ModePage.byCode(page) == null) {
            ctx.invalidFieldInCdb(2, 5);
            return false;
        }
        if (subpage != 0 && subpage != ModePage.ALL_SUBPAGES) {
            ctx.invalidFieldInCdb(3, -1);
            return false;
        }
        if (pc == ModePage.PC_SAVED) {
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
        int page = Cdb.u8(cdb, 2) & 0x3F;
        boolean dbd = (cdb[1] & DBD) != 0;
        boolean longLba = !six && (cdb[1] & LLBAA) != 0;
        int allocationLength = six ? Cdb.u8(cdb, 4) : Cdb.u16(cdb, 7);
        LogicalUnit lu = ctx.lu();

        ByteBuffer b = ctx.parameterData(MAX_LENGTH);
        if (b == null) {
            ctx.completeBusy();
            return;
        }
        int header = six ? 4 : 8;
        int descriptorLength = dbd ? 0 : longLba ? LONG_DESCRIPTOR : SHORT_DESCRIPTOR;
        int p = header;
        if (descriptorLength > 0 && pc != ModePage.PC_CHANGEABLE) {
            writeBlockDescriptor(b, p, lu.geometry(), longLba);
        }
        p += descriptorLength;
        for (ModePage mp : ModePage.values()) {
            if (page == ModePage.ALL_PAGES || page == mp.code) {
                mp.write(b, p, pc, lu);
                p += mp.size();
            }
        }
        int deviceSpecific = (ctx.writeProtected() ? WP : 0) | DPOFUA;
        if (six) {
            u8(b, 0, p - 1);                                  // MODE DATA LENGTH
            u8(b, 1, 0);                                      // MEDIUM TYPE
            u8(b, 2, deviceSpecific);
            u8(b, 3, descriptorLength);
        } else {
            u16(b, 0, p - 2);
            u8(b, 2, 0);
            u8(b, 3, deviceSpecific);
            u8(b, 4, longLba && descriptorLength > 0 ? 0x01 : 0);   // LONGLBA
            u16(b, 6, descriptorLength);
        }
        ctx.completeDataIn(p, allocationLength);
    }

    /** Short (8-byte) or long (16-byte) LBA mode parameter block descriptor, SBC-3 §6.4.2. */
    static void writeBlockDescriptor(ByteBuffer b, int off, DeviceGeometry g, boolean longLba) {
        if (longLba) {
            u64(b, off, g.blockCount());
            u32(b, off + 12, g.logicalBlockSize());
        } else {
            u32(b, off, Math.min(g.blockCount(), 0xFFFF_FFFFL));
            u24(b, off + 5, g.logicalBlockSize());
        }
    }
}
