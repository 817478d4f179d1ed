package org.scsi4j.core.internal.engine;

/**
 * SAM-5 §4.7 LUN field encoding: peripheral device addressing for LUNs 0..255, flat space
 * addressing for 256..16383.
 */
public final class LunAddress {
    /** Returned by {@link #decode} for a LUN field this target cannot address. */
    public static final int INVALID = -1;

    private LunAddress() {
    }

    /** The 8-byte LUN field for a LUN number. */
    public static long encode(int lun) {
        if (lun < 0 || lun > 0x3FFF) {
            throw new IllegalArgumentException("LUN must be 0..16383, was " + lun);
        }
        if (lun < 256) {
            return ((long) lun) << 48;
        }
        return ((long) (0x4000 | lun)) << 48;
    }

    /** The LUN number of an 8-byte LUN field, or {@link #INVALID}. */
    public static int decode(long field) {
        if ((field & 0x0000_FFFF_FFFF_FFFFL) != 0) {
            return INVALID;
        }
        int first = (int) (field >>> 48) & 0xFFFF;
        int method = first >>> 14;
        if (method == 0) {
            // peripheral device addressing: bus identifier must be 0
            return (first & 0x3F00) == 0 ? first & 0xFF : INVALID;
        }
        if (method == 1) {
            return first & 0x3FFF;
        }
        return INVALID;
    }
}
