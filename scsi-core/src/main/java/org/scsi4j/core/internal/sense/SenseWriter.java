package org.scsi4j.core.internal.sense;

import java.nio.ByteBuffer;

/**
 * Writes sense data (SPC-4 §4.5): fixed format 0x70 (§4.5.3) or descriptor format 0x72
 * (§4.5.2) with an information descriptor and a sense-key-specific descriptor. The only code
 * that lays out sense bytes.
 */
public final class SenseWriter {

    /** Largest sense data this writer produces. */
    public static final int MAX_SENSE_LENGTH = 32;

    /** No sense-key-specific field. */
    public static final int NO_FIELD_POINTER = -1;

    private SenseWriter() {
    }

    /**
     * Writes sense data at {@code dst}'s position and advances it.
     *
     * @param descriptorFormat D_SENSE of the control mode page
     * @param reason           the sense key / ASC / ASCQ
     * @param hasInformation   whether {@code information} is valid (VALID bit)
     * @param information      the INFORMATION field (LBA, miscompare offset, ...)
     * @param fieldPointer     byte of the CDB or parameter list in error, or {@link #NO_FIELD_POINTER}
     * @param bitPointer       bit in that byte (0..7), or -1 when unknown
     * @param inCdb            C/D bit: true when the field is in the CDB, false for the parameter list
     * @return the number of bytes written
     */
    public static int write(ByteBuffer dst, boolean descriptorFormat, SenseReason reason,
                            boolean hasInformation, long information,
                            int fieldPointer, int bitPointer, boolean inCdb) {
        int start = dst.position();
        int sksv = 0;
        if (fieldPointer >= 0) {
            sksv = 0x80 | (inCdb ? 0x40 : 0) | (bitPointer >= 0 ? 0x08 | (bitPointer & 7) : 0);
        }
        if (descriptorFormat) {
            int additional = (hasInformation ? 12 : 0) + (sksv != 0 ? 8 : 0);
            dst.put(start, (byte) 0x72);
            dst.put(start + 1, (byte) reason.senseKey());
            dst.put(start + 2, (byte) reason.asc());
            dst.put(start + 3, (byte) reason.ascq());
            dst.put(start + 4, (byte) 0);
            dst.put(start + 5, (byte) 0);
            dst.put(start + 6, (byte) 0);
            dst.put(start + 7, (byte) additional);
            int p = start + 8;
            if (hasInformation) {
                dst.put(p, (byte) 0x00);          // descriptor type: information
                dst.put(p + 1, (byte) 0x0A);      // additional length
                dst.put(p + 2, (byte) 0x80);      // VALID
                dst.put(p + 3, (byte) 0);
                dst.putLong(p + 4, information);
                p += 12;
            }
            if (sksv != 0) {
                dst.put(p, (byte) 0x02);          // descriptor type: sense key specific
                dst.put(p + 1, (byte) 0x06);
                dst.put(p + 2, (byte) 0);
                dst.put(p + 3, (byte) 0);
                dst.put(p + 4, (byte) sksv);
                dst.putShort(p + 5, (short) fieldPointer);
                dst.put(p + 7, (byte) 0);
                p += 8;
            }
            dst.position(p);
            return p - start;
        }
        boolean infoFits = hasInformation && (information >>> 32) == 0;
        for (int i = 0; i < 18; i++) {
            dst.put(start + i, (byte) 0);
        }
        dst.put(start, (byte) (0x70 | (infoFits ? 0x80 : 0)));
        dst.put(start + 2, (byte) reason.senseKey());
        if (hasInformation) {
            dst.putInt(start + 3, (int) information);
        }
        dst.put(start + 7, (byte) 10);
        dst.put(start + 12, (byte) reason.asc());
        dst.put(start + 13, (byte) reason.ascq());
        if (sksv != 0) {
            dst.put(start + 15, (byte) sksv);
            dst.putShort(start + 16, (short) fieldPointer);
        }
        dst.position(start + 18);
        return 18;
    }
}
