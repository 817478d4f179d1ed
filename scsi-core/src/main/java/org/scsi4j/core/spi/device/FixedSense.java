package org.scsi4j.core.spi.device;

import java.nio.ByteBuffer;

/**
 * Fixed-format sense data (SPC-4 §4.5.3, response code 70h: current error), for a
 * {@link ScsiDevice} that answers CHECK CONDITION itself: an emulator, or a pass-through that
 * has to speak for a device it could not reach. The one place outside the core that knows the
 * layout, so that devices do not re-learn it.
 */
public final class FixedSense {
    /** Bytes of the sense data written here: through the ASCQ and the sense-key-specific bytes. */
    public static final int LENGTH = 18;
    /** Byte 2, FILEMARK: a filemark was read or spaced over (SSC). */
    public static final int FILEMARK = 0x80;
    /** Byte 2, EOM: end of medium, or beginning when spacing backwards (SSC). */
    public static final int EOM = 0x40;
    /** Byte 2, ILI: the block read was not of the length asked (SSC, SBC READ LONG). */
    public static final int ILI = 0x20;

    private FixedSense() {
    }

    /** Sense key, ASC and ASCQ; a fresh buffer, position 0, limit {@link #LENGTH}. */
    public static ByteBuffer of(int senseKey, int asc, int ascq) {
        return write(senseKey, asc, ascq, 0, false, 0);
    }

    /**
     * Sense key, ASC and ASCQ with byte 2's {@link #FILEMARK}, {@link #EOM} and {@link #ILI} bits
     * and a valid INFORMATION field (bytes 3-6, e.g. a tape's residue; VALID set).
     */
    public static ByteBuffer withInformation(int senseKey, int asc, int ascq, int byte2Flags, int information) {
        return write(senseKey, asc, ascq, byte2Flags, true, information);
    }

    private static ByteBuffer write(int senseKey, int asc, int ascq, int byte2Flags, boolean valid, int information) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.put(0, (byte) (valid ? 0xF0 : 0x70));
        b.put(2, (byte) ((byte2Flags & (FILEMARK | EOM | ILI)) | (senseKey & 0x0F)));
        if (valid) {
            b.putInt(3, information);
        }
        b.put(7, (byte) (LENGTH - 8));       // ADDITIONAL SENSE LENGTH: bytes 8..17
        b.put(12, (byte) asc);
        b.put(13, (byte) ascq);
        return b;
    }
}
