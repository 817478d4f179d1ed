package org.scsi4j.core.internal.sbc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.spi.device.DeviceGeometry;
import org.scsi4j.core.spi.device.DeviceOperation;

/**
 * READ CAPACITY (10) (SBC-3 §5.15) and READ CAPACITY (16) (SBC-3 §5.16). Both report the device's
 * current geometry; a change of capacity is announced by the engine (CAPACITY DATA HAS CHANGED),
 * not here.
 *
 * <p>PMI=0 with a non-zero LOGICAL BLOCK ADDRESS is INVALID FIELD IN CDB (§5.15.1). With PMI=1
 * we have no "substantial delay" boundary, so the answer is the last LBA of the medium.
 */
final class ReadCapacity {
    static final CommandHandler READ_CAPACITY_10 = new ReadCapacity10();
    static final CommandHandler READ_CAPACITY_16 = new ReadCapacity16();

    /**
     * RETURNED LOGICAL BLOCK ADDRESS of READ CAPACITY (10) when the last LBA is above FFFF_FFFEh
     * (§5.15.2): the application client is to use READ CAPACITY (16).
     */
    static final long RC10_TOO_LARGE = 0xFFFF_FFFFL;
    static final int RC10_LENGTH = 8;
    static final int RC16_LENGTH = 32;

    private ReadCapacity() {
    }

    private static final class ReadCapacity10 implements CommandHandler {
        @Override
        public boolean validate(CommandContext ctx) {
            byte[] cdb = ctx.cdb();
            if ((cdb[8] & 0x01) == 0 && Cdb.u32(cdb, 2) != 0) {
                ctx.invalidFieldInCdb(2, -1);
                return false;
            }
            return true;
        }

        @Override
        public void execute(CommandContext ctx) {
            ByteBuffer b = ctx.parameterData(RC10_LENGTH);
            if (b == null) {
                ctx.completeBusy();
                return;
            }
            DeviceGeometry g = ctx.lu().geometry();
            long last = Math.max(0, g.blockCount() - 1);
            b.putInt(0, (int) Math.min(last, RC10_TOO_LARGE));
            b.putInt(4, g.logicalBlockSize());
            ctx.completeDataIn(RC10_LENGTH, RC10_LENGTH);
        }
    }

    private static final class ReadCapacity16 implements CommandHandler {
        @Override
        public boolean validate(CommandContext ctx) {
            byte[] cdb = ctx.cdb();
            if ((cdb[14] & 0x01) == 0 && Cdb.u64(cdb, 2) != 0) {
                ctx.invalidFieldInCdb(2, -1);
                return false;
            }
            return true;
        }

        @Override
        public void execute(CommandContext ctx) {
            int allocationLength = (int) Math.min(Integer.MAX_VALUE, Cdb.u32(ctx.cdb(), 10));
            ByteBuffer b = ctx.parameterData(RC16_LENGTH);
            if (b == null) {
                ctx.completeBusy();
                return;
            }
            DeviceGeometry g = ctx.lu().geometry();
            b.putLong(0, Math.max(0, g.blockCount() - 1));
            b.putInt(8, g.logicalBlockSize());
            // byte 12: P_TYPE / PROT_EN = 0 (no protection information)
            // byte 13: P_I_EXPONENT = 0, LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT
            b.put(13, (byte) (g.physicalBlockExponent() & 0x0F));
            // byte 14: LBPME, LBPRZ, LOWEST ALIGNED LOGICAL BLOCK ADDRESS (MSB) = 0
            if (ctx.lu().device().supports(DeviceOperation.UNMAP)) {
                int flags = 0x80;
                if (ctx.lu().device().unmappedReadsZero()) {
                    flags |= 0x40;
                }
                b.put(14, (byte) flags);
            }
            ctx.completeDataIn(RC16_LENGTH, allocationLength);
        }
    }
}
