package org.scsi4j.core.internal.mmc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.sense.SenseReason;

/**
 * READ DISC INFORMATION and READ TRACK INFORMATION (MMC-6) for the finished, non-erasable,
 * one-session one-track disc of {@link Disc}.
 *
 * <p>READ DISC INFORMATION: DATA TYPE 000b (standard disc information, 34 bytes) only; others are
 * INVALID FIELD IN CDB. Disc status complete, last session complete, not erasable, first track 1,
 * one session, disc type 00h; the lead-in/lead-out start addresses are FFFFFFFFh, as for any
 * finished disc.
 *
 * <p>READ TRACK INFORMATION: ADDRESS/NUMBER TYPE 00b (the track holding an LBA: LOGICAL BLOCK
 * ADDRESS OUT OF RANGE past the last block), 01b (track 1 only) or 10b (session 1 only), 11b is
 * INVALID FIELD IN CDB; the 48-byte track information block describes track 1: data track mode 4,
 * data mode 1, start 0, size and last recorded address from the block count (LRA_V set), no next
 * writable address, blocking factor 16 on a DVD.
 */
final class DiscInformation {
    static final CommandHandler READ_DISC_INFORMATION = new ReadDiscInformation();
    static final CommandHandler READ_TRACK_INFORMATION = new ReadTrackInformation();

    static final int DISC_INFORMATION_LENGTH = 34;
    static final int TRACK_INFORMATION_LENGTH = 48;

    static final int TYPE_LBA = 0;
    static final int TYPE_TRACK = 1;
    static final int TYPE_SESSION = 2;

    /** Not erasable, STATE OF LAST SESSION 11b (complete), DISC STATUS 10b (finished). */
    private static final int DISC_STATUS_COMPLETE = 0x0C | 0x02;
    private static final int TRACK_MODE_DATA = 0x04;
    private static final int DATA_MODE_1 = 0x01;
    private static final int LRA_V = 0x02;

    private DiscInformation() {
    }

    private static final class ReadDiscInformation implements CommandHandler {
        @Override
        public boolean validate(CommandContext ctx) {
            if ((ctx.cdb()[1] & 0x07) != 0) {
                ctx.invalidFieldInCdb(1, 2);
                return false;
            }
            return true;
        }

        @Override
        public void execute(CommandContext ctx) {
            int allocationLength = Cdb.u16(ctx.cdb(), 7);
            ByteBuffer b = ctx.parameterData(DISC_INFORMATION_LENGTH);
            if (b == null) {
                ctx.completeBusy();
                return;
            }
            b.putShort(0, (short) (DISC_INFORMATION_LENGTH - 2));   // DISC INFORMATION LENGTH
            b.put(2, (byte) DISC_STATUS_COMPLETE);
            b.put(3, (byte) 1);                     // NUMBER OF FIRST TRACK ON DISC
            b.put(4, (byte) 1);                     // NUMBER OF SESSIONS (LSB)
            b.put(5, (byte) 1);                     // FIRST TRACK NUMBER IN LAST SESSION (LSB)
            b.put(6, (byte) 1);                     // LAST TRACK NUMBER IN LAST SESSION (LSB)
            // byte 7: DID_V, DBC_V, URU 0; byte 8: DISC TYPE 00h; bytes 9-11: the MSBs, 0;
            // bytes 12-15: DISC IDENTIFICATION 0
            b.putInt(16, -1);                       // LAST SESSION LEAD-IN START ADDRESS: none
            b.putInt(20, -1);                       // LAST POSSIBLE LEAD-OUT START ADDRESS: none
            // bytes 24-31 DISC BAR CODE, 32 DISC APPLICATION CODE, 33 NUMBER OF OPC TABLES: 0
            ctx.completeDataIn(DISC_INFORMATION_LENGTH, allocationLength);
        }
    }

    private static final class ReadTrackInformation implements CommandHandler {
        @Override
        public boolean validate(CommandContext ctx) {
            byte[] cdb = ctx.cdb();
            long number = Cdb.u32(cdb, 2);
            switch (cdb[1] & 0x03) {
                case TYPE_LBA:
                    if (number >= Disc.blocks(ctx.lu())) {
                        ctx.checkCondition(SenseReason.LBA_OUT_OF_RANGE);
                        return false;
                    }
                    return true;
                case TYPE_TRACK:
                case TYPE_SESSION:
                    if (number != 1) {
                        ctx.invalidFieldInCdb(2, -1);
                        return false;
                    }
                    return true;
                default:
                    ctx.invalidFieldInCdb(1, 1);
                    return false;
            }
        }

        @Override
        public void execute(CommandContext ctx) {
            int allocationLength = Cdb.u16(ctx.cdb(), 7);
            ByteBuffer b = ctx.parameterData(TRACK_INFORMATION_LENGTH);
            if (b == null) {
                ctx.completeBusy();
                return;
            }
            long blocks = Disc.blocks(ctx.lu());
            b.putShort(0, (short) (TRACK_INFORMATION_LENGTH - 2));  // DATA LENGTH
            b.put(2, (byte) 1);                     // TRACK NUMBER (LSB)
            b.put(3, (byte) 1);                     // SESSION NUMBER (LSB)
            b.put(5, (byte) TRACK_MODE_DATA);       // DAMAGE 0, COPY 0, TRACK MODE
            b.put(6, (byte) DATA_MODE_1);           // RT 0, BLANK 0, PACKET/INC 0, FP 0, DATA MODE
            b.put(7, (byte) LRA_V);                 // NWA_V 0
            // bytes 8-11 TRACK START ADDRESS 0; 12-15 NEXT WRITABLE ADDRESS 0; 16-19 FREE BLOCKS 0
            b.putInt(20, Disc.isDvd(blocks) ? 16 : 0);               // FIXED PACKET SIZE / BLOCKING FACTOR
            b.putInt(24, (int) blocks);                              // TRACK SIZE
            b.putInt(28, (int) Math.max(0, blocks - 1));             // LAST RECORDED ADDRESS
            // bytes 32-33 track/session number MSBs 0; 36-47: read compatibility LBA, layer jumps 0
            ctx.completeDataIn(TRACK_INFORMATION_LENGTH, allocationLength);
        }
    }
}
