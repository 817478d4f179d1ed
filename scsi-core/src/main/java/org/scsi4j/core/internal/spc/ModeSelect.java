package org.scsi4j.core.internal.spc;

import static org.scsi4j.core.internal.spc.ParameterBytes.get16;
import static org.scsi4j.core.internal.spc.ParameterBytes.get24;
import static org.scsi4j.core.internal.spc.ParameterBytes.get32;
import static org.scsi4j.core.internal.spc.ParameterBytes.get64;
import static org.scsi4j.core.internal.spc.ParameterBytes.get8;
import static org.scsi4j.core.internal.spc.ParameterBytes.topBit;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.device.DeviceGeometry;

/**
 * MODE SELECT(6) and MODE SELECT(10) (SPC-4 §6.9, §6.10). The parameter list is checked whole
 * before anything changes, so a rejected list leaves every value as it was:
 * <ul>
 *   <li>PF must be 1 (pages are SPC format) and SP 0 (nothing is savable): INVALID FIELD IN CDB;</li>
 *   <li>a list shorter than its header, block descriptor or a page it starts is PARAMETER LIST
 *       LENGTH ERROR;</li>
 *   <li>MEDIUM TYPE must be 0; MODE DATA LENGTH (reserved here) and the DEVICE-SPECIFIC PARAMETER
 *       (WP ignored, DPOFUA reserved in MODE SELECT, SBC-3 §6.4.1) are ignored, since initiators
 *       echo what MODE SENSE returned;</li>
 *   <li>a block descriptor may be present: its block length must be the current one, its block
 *       count zero or the current one (no reformatting);</li>
 *   <li>each page must be one of {@link ModePage}, in page_0 format, with the PAGE LENGTH we
 *       report; every bit outside the changeable mask must equal the current value. The PS bit
 *       is ignored (§7.5.7).</li>
 * </ul>
 * Errors in the list are INVALID FIELD IN PARAMETER LIST with the byte and bit pointer. When any
 * value changed, the other I_T nexuses get MODE PARAMETERS CHANGED (§7.5.2); D_SENSE takes effect
 * for the next sense data of the unit.
 */
final class ModeSelect implements CommandHandler {
    static final CommandHandler HANDLER = new ModeSelect();

    static final int MODE_SELECT_6 = 0x15;

    private static final int PF = 0x10;
    private static final int SP = 0x01;
    /** Scratch layout: the current page at 0, the changeable mask at {@link #MASK}. */
    private static final int MASK = 64;

    private ModeSelect() {
    }

    @Override
    public boolean validate(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        if ((cdb[1] & PF) == 0) {
            ctx.invalidFieldInCdb(1, 4);
            return false;
        }
        if ((cdb[1] & SP) != 0) {
            ctx.invalidFieldInCdb(1, 0);
            return false;
        }
        return true;
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        boolean six = Cdb.u8(cdb, 0) == MODE_SELECT_6;
        int length = six ? Cdb.u8(cdb, 4) : Cdb.u16(cdb, 7);
        if (length == 0) {
            ctx.completeGood();
            return;
        }
        ByteBuffer data = ctx.dataOut();
        length = Math.min(length, data.limit());
        int header = six ? 4 : 8;
        if (length < header) {
            ctx.checkCondition(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
            return;
        }
        LogicalUnit lu = ctx.lu();
        int mediumTypeByte = six ? 1 : 2;
        if (get8(data, mediumTypeByte) != 0) {
            ctx.invalidFieldInParameterList(mediumTypeByte, -1);
            return;
        }
        int descriptorLength;
        boolean longLba = false;
        if (six) {
            descriptorLength = get8(data, 3);
        } else {
            int flags = get8(data, 4);
            if ((flags & 0xFE) != 0) {
                ctx.invalidFieldInParameterList(4, topBit(flags & 0xFE));
                return;
            }
            longLba = (flags & 0x01) != 0;
            descriptorLength = get16(data, 6);
        }
        int descriptorLengthByte = six ? 3 : 6;
        if (descriptorLength != 0 && descriptorLength != (longLba ? 16 : 8)) {
            ctx.invalidFieldInParameterList(descriptorLengthByte, -1);
            return;
        }
        if (header + descriptorLength > length) {
            ctx.checkCondition(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
            return;
        }
        if (descriptorLength > 0 && !checkBlockDescriptor(ctx, data, header, longLba, lu.geometry())) {
            return;
        }
        ByteBuffer scratch = ctx.scratchBuffer(2 * MASK);
        if (scratch == null) {
            ctx.completeBusy();
            return;
        }
        int pages = header + descriptorLength;
        if (!checkPages(ctx, data, pages, length, scratch)) {
            return;
        }
        boolean changed = false;
        for (int p = pages; p < length; p += 2 + get8(data, p + 1)) {
            changed |= ModePage.byCode(get8(data, p) & 0x3F).apply(data, p, lu);
        }
        if (changed) {
            lu.modeParametersChangedBy(ctx.nexus());
        }
        ctx.completeGood();
    }

    /** Checks a short or long LBA block descriptor at {@code off} (SBC-3 §6.4.2). */
    private static boolean checkBlockDescriptor(CommandContext ctx, ByteBuffer data, int off, boolean longLba,
                                                DeviceGeometry g) {
        long blocks;
        int blockLength;
        int blockLengthOff;
        if (longLba) {
            blocks = get64(data, off);
            for (int i = 8; i < 12; i++) {
                if (get8(data, off + i) != 0) {
                    ctx.invalidFieldInParameterList(off + i, topBit(get8(data, off + i)));
                    return false;
                }
            }
            blockLengthOff = off + 12;
            blockLength = (int) get32(data, blockLengthOff);
        } else {
            blocks = get32(data, off);
            if (get8(data, off + 4) != 0) {
                ctx.invalidFieldInParameterList(off + 4, topBit(get8(data, off + 4)));
                return false;
            }
            blockLengthOff = off + 5;
            blockLength = get24(data, blockLengthOff);
        }
        long current = longLba ? g.blockCount() : Math.min(g.blockCount(), 0xFFFF_FFFFL);
        if (blocks != 0 && blocks != current) {
            ctx.invalidFieldInParameterList(off, -1);
            return false;
        }
        if (blockLength != g.logicalBlockSize()) {
            ctx.invalidFieldInParameterList(blockLengthOff, -1);
            return false;
        }
        return true;
    }

    /** Checks every page from {@code p} to {@code end}; completes the task and returns false on an error. */
    private static boolean checkPages(CommandContext ctx, ByteBuffer data, int p, int end, ByteBuffer scratch) {
        LogicalUnit lu = ctx.lu();
        while (p < end) {
            if (end - p < 2) {
                ctx.checkCondition(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
                return false;
            }
            int first = get8(data, p);
            boolean subpageFormat = (first & ModePage.SPF) != 0;
            int pageLength = subpageFormat ? (end - p < 4 ? -1 : get16(data, p + 2)) : get8(data, p + 1);
            int total = pageLength + (subpageFormat ? 4 : 2);
            if (pageLength < 0 || p + total > end) {
                ctx.checkCondition(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
                return false;
            }
            ModePage mp = ModePage.byCode(first & 0x3F);
            if (mp == null) {
                ctx.invalidFieldInParameterList(p, 5);
                return false;
            }
            if (subpageFormat) {
                ctx.invalidFieldInParameterList(p, 6);
                return false;
            }
            if (pageLength != mp.pageLength) {
                ctx.invalidFieldInParameterList(p + 1, -1);
                return false;
            }
            mp.write(scratch, 0, ModePage.PC_CURRENT, lu);
            mp.write(scratch, MASK, ModePage.PC_CHANGEABLE, lu);
            for (int i = 2; i < total; i++) {
                int wrong = (get8(data, p + i) ^ get8(scratch, i)) & ~get8(scratch, MASK + i) & 0xFF;
                if (wrong != 0) {
                    ctx.invalidFieldInParameterList(p + i, topBit(wrong));
                    return false;
                }
            }
            int badValue = mp.invalidValueByte(data, p);
            if (badValue >= 0) {
                ctx.invalidFieldInParameterList(p + badValue, topBit(get8(scratch, MASK + badValue)));
                return false;
            }
            p += total;
        }
        return true;
    }
}
