package org.scsi4j.core.internal.xcopy;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;

/**
 * RECEIVE COPY RESULTS (LID1), SPC-4 §6.26: COPY STATUS (service action 00h, §6.26.3) of an
 * earlier EXTENDED COPY from the same I_T nexus ({@link CopyRecords}), and OPERATING PARAMETERS
 * (03h, §6.26.4) from {@link CopyLimits}. RECEIVE DATA and FAILED SEGMENT DETAILS are not
 * implemented (no held data; the sense data of a failed copy goes with its CHECK CONDITION), so
 * their service actions are INVALID FIELD IN CDB like any unknown one.
 */
final class ReceiveCopyResults {
    static final int SA_COPY_STATUS = 0x00;
    static final int SA_OPERATING_PARAMETERS = 0x03;

    static final CommandHandler COPY_STATUS = new CopyStatus();
    static final CommandHandler OPERATING_PARAMETERS = new OperatingParameters();

    /** Byte 2: LIST IDENTIFIER. */
    static final int LIST_IDENTIFIER = 2;
    /** Bytes 10..13: ALLOCATION LENGTH. */
    static final int ALLOCATION_LENGTH = 10;

    /** COPY STATUS parameter data length: AVAILABLE DATA (4) plus 8 bytes. */
    static final int COPY_STATUS_LENGTH = 12;
    /** OPERATING PARAMETERS length up to the list of implemented descriptor type codes. */
    static final int OPERATING_PARAMETERS_FIXED_LENGTH = 44;

    /** TRANSFER COUNT UNITS: bytes, then powers of 2^10 (kibibytes, mebibytes, ...). */
    private static final int UNITS_BYTES = 0x00;

    /** SNLID: EXTENDED COPY with LIST ID USAGE 11b is supported. */
    private static final int SNLID = 0x01;

    private ReceiveCopyResults() {
    }

    private static final class CopyStatus implements CommandHandler {
        @Override
        public void execute(CommandContext ctx) {
            byte[] cdb = ctx.cdb();
            CopyRecords.Status s = CopyRecords.of(ctx.lu()).find(ctx.nexus(), Cdb.u8(cdb, LIST_IDENTIFIER));
            if (s == null) {
                ctx.invalidFieldInCdb(LIST_IDENTIFIER, -1);
                return;
            }
            ByteBuffer b = ctx.parameterData(COPY_STATUS_LENGTH);
            if (b == null) {
                ctx.completeBusy();
                return;
            }
            u32(b, 0, COPY_STATUS_LENGTH - 4);                  // AVAILABLE DATA
            b.put(4, (byte) s.copyManagerStatus());             // HDD 0: nothing held, nothing discarded
            u16(b, 5, Math.min(0xFFFF, s.segmentsProcessed()));
            int units = UNITS_BYTES;
            long count = s.bytesWritten();
            while (count > 0xFFFF_FFFFL) {
                count >>>= 10;
                units++;
            }
            b.put(7, (byte) units);
            u32(b, 8, count);
            ctx.completeDataIn(COPY_STATUS_LENGTH, (int) Math.min(Integer.MAX_VALUE, Cdb.u32(cdb, ALLOCATION_LENGTH)));
        }
    }

    private static final class OperatingParameters implements CommandHandler {
        @Override
        public void execute(CommandContext ctx) {
            int[] codes = CopyLimits.IMPLEMENTED_DESCRIPTOR_TYPES;
            int length = OPERATING_PARAMETERS_FIXED_LENGTH + codes.length;
            ByteBuffer b = ctx.parameterData(length);
            if (b == null) {
                ctx.completeBusy();
                return;
            }
            u32(b, 0, length - 4);                                          // AVAILABLE DATA
            b.put(4, (byte) SNLID);
            u16(b, 8, CopyLimits.MAX_CSCD_DESCRIPTORS);
            u16(b, 10, CopyLimits.MAX_SEGMENT_DESCRIPTORS);
            u32(b, 12, CopyLimits.MAX_DESCRIPTOR_LIST_LENGTH);
            u32(b, 16, CopyLimits.MAX_SEGMENT_LENGTH);
            u32(b, 20, CopyLimits.MAX_INLINE_DATA_LENGTH);
            // bytes 24-27 HELD DATA LIMIT 0, 28-31 MAXIMUM STREAM DEVICE TRANSFER SIZE 0
            u16(b, 34, CopyLimits.TOTAL_CONCURRENT_COPIES);
            b.put(36, (byte) CopyLimits.MAX_HELD_RECORDS);                 // MAXIMUM CONCURRENT COPIES
            // DATA SEGMENT GRANULARITY: a segment moves whole blocks of the unit (log2 bytes)
            b.put(37, (byte) Integer.numberOfTrailingZeros(ctx.lu().geometry().logicalBlockSize()));
            // bytes 38, 39: INLINE / HELD DATA GRANULARITY 0 (neither is supported)
            b.put(43, (byte) codes.length);                                  // IMPLEMENTED DESCRIPTOR LIST LENGTH
            for (int i = 0; i < codes.length; i++) {
                b.put(OPERATING_PARAMETERS_FIXED_LENGTH + i, (byte) codes[i]);
            }
            ctx.completeDataIn(length, (int) Math.min(Integer.MAX_VALUE, Cdb.u32(ctx.cdb(), ALLOCATION_LENGTH)));
        }
    }

    private static void u16(ByteBuffer b, int off, int v) {
        b.put(off, (byte) (v >>> 8));
        b.put(off + 1, (byte) v);
    }

    private static void u32(ByteBuffer b, int off, long v) {
        u16(b, off, (int) (v >>> 16));
        u16(b, off + 2, (int) v);
    }
}
