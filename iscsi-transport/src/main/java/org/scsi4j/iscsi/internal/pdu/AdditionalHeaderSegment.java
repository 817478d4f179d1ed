package org.scsi4j.iscsi.internal.pdu;

import java.nio.ByteBuffer;

/**
 * Additional Header Segments (RFC 7143 §11.2.2) that follow the BHS when TotalAHSLength is not
 * zero. Each AHS is:
 *
 * <pre>
 * Byte 0-1  AHSLength   effective length of the AHS-specific bytes (byte 3 onward counts from 1)
 * Byte 2    AHSType     1 = Extended CDB (§11.2.2.3), 2 = Bidirectional Read Expected Data
 *                       Transfer Length (§11.2.2.4)
 * Byte 3..  AHS-specific, padded to a multiple of 4 bytes
 * </pre>
 *
 * <p>AHSLength excludes AHSType and AHSLength and the padding, so one AHS spans
 * {@code pad(3 + AHSLength)} bytes. Static, allocation-free helpers over the bytes that the
 * {@link PduFramer} guarantees to be present right after the BHS.
 */
public final class AdditionalHeaderSegment {
    public static final int AHS_LENGTH_OFFSET = 0;
    public static final int AHS_TYPE_OFFSET = 2;
    public static final int AHS_SPECIFIC_OFFSET = 3;
    /** Offset of the data that follows the reserved AHS-specific byte (CDB bytes 16.., length). */
    public static final int AHS_DATA_OFFSET = 4;

    /** Extended CDB AHS, §11.2.2.3: AHSLength = CDB length - 15. */
    public static final int TYPE_EXTENDED_CDB = 1;
    /** Bidirectional Read Expected Data Transfer Length AHS, §11.2.2.4: AHSLength = 5. */
    public static final int TYPE_BIDIRECTIONAL_READ_LENGTH = 2;
    /** AHSLength of the bidirectional read length AHS. */
    public static final int BIDIRECTIONAL_READ_LENGTH_AHS_LENGTH = 5;
    /** Longest CDB iSCSI can carry (a variable-length CDB, SPC-4): 16 in the BHS + 244 in AHS. */
    public static final int MAX_CDB_LENGTH = 260;

    private AdditionalHeaderSegment() {
    }

    /**
     * @param buffer buffer holding the PDU header
     * @param bhsOffset index of the BHS
     * @return the index of the first AHS of {@code type}, or -1 when absent or malformed
     */
    public static int find(ByteBuffer buffer, int bhsOffset, int type) {
        int index = bhsOffset + HeaderFlyweight.BHS_LENGTH;
        int end = index + (buffer.get(bhsOffset + HeaderFlyweight.TOTAL_AHS_LENGTH_OFFSET) & 0xFF) * 4;
        while (end - index >= AHS_DATA_OFFSET) {
            int ahsLength = buffer.getShort(index + AHS_LENGTH_OFFSET) & 0xFFFF;
            int span = HeaderFlyweight.pad(AHS_SPECIFIC_OFFSET + ahsLength);
            if (ahsLength == 0 || index + span > end) {
                return -1;
            }
            if ((buffer.get(index + AHS_TYPE_OFFSET) & 0xFF) == type) {
                return index;
            }
            index += span;
        }
        return -1;
    }

    /**
     * @return true when the AHS area of the PDU at {@code bhsOffset} is a whole sequence of
     *         well-formed segments that exactly fills TotalAHSLength
     */
    public static boolean isWellFormed(ByteBuffer buffer, int bhsOffset) {
        int index = bhsOffset + HeaderFlyweight.BHS_LENGTH;
        int end = index + (buffer.get(bhsOffset + HeaderFlyweight.TOTAL_AHS_LENGTH_OFFSET) & 0xFF) * 4;
        while (index < end) {
            if (end - index < AHS_DATA_OFFSET) {
                return false;
            }
            int ahsLength = buffer.getShort(index + AHS_LENGTH_OFFSET) & 0xFFFF;
            int span = HeaderFlyweight.pad(AHS_SPECIFIC_OFFSET + ahsLength);
            if (ahsLength == 0 || index + span > end) {
                return false;
            }
            index += span;
        }
        return true;
    }

    /** @return AHSLength of the AHS at {@code ahsIndex} */
    public static int ahsLength(ByteBuffer buffer, int ahsIndex) {
        return buffer.getShort(ahsIndex + AHS_LENGTH_OFFSET) & 0xFFFF;
    }

    /**
     * Writes an Extended CDB AHS holding CDB bytes 16 onward.
     *
     * @param ahsIndex where the AHS starts (BHS offset + 48 for the first one)
     * @param cdb the whole CDB, longer than 16 bytes
     * @return bytes written including padding, to add to TotalAHSLength (divided by 4)
     */
    public static int putExtendedCdb(ByteBuffer buffer, int ahsIndex, byte[] cdb, int cdbLength) {
        if (cdbLength <= 16 || cdbLength > MAX_CDB_LENGTH) {
            throw new PduLengthException("extended CDB length must be 17.." + MAX_CDB_LENGTH);
        }
        int extra = cdbLength - 16;
        int span = HeaderFlyweight.pad(AHS_DATA_OFFSET + extra);
        buffer.putShort(ahsIndex + AHS_LENGTH_OFFSET, (short) (extra + 1));
        buffer.put(ahsIndex + AHS_TYPE_OFFSET, (byte) TYPE_EXTENDED_CDB);
        buffer.put(ahsIndex + AHS_SPECIFIC_OFFSET, (byte) 0);
        buffer.put(ahsIndex + AHS_DATA_OFFSET, cdb, 16, extra);
        for (int i = AHS_DATA_OFFSET + extra; i < span; i++) {
            buffer.put(ahsIndex + i, (byte) 0);
        }
        return span;
    }

    /**
     * Writes a Bidirectional Read Expected Data Transfer Length AHS.
     *
     * @return bytes written (always 8)
     */
    public static int putBidirectionalReadLength(ByteBuffer buffer, int ahsIndex, int length) {
        buffer.putShort(ahsIndex + AHS_LENGTH_OFFSET, (short) BIDIRECTIONAL_READ_LENGTH_AHS_LENGTH);
        buffer.put(ahsIndex + AHS_TYPE_OFFSET, (byte) TYPE_BIDIRECTIONAL_READ_LENGTH);
        buffer.put(ahsIndex + AHS_SPECIFIC_OFFSET, (byte) 0);
        buffer.putInt(ahsIndex + AHS_DATA_OFFSET, length);
        return 8;
    }
}
