package org.scsi4j.core.internal.xcopy;

import java.nio.ByteBuffer;

/**
 * Field offsets and big-endian readers of the EXTENDED COPY (LID1) parameter list (SPC-4 §6.4.3):
 * a 16-byte header, the CSCD descriptors, the segment descriptors, the inline data. Reads are
 * absolute and leave the buffer's position and limit alone.
 */
final class ParameterList {
    static final int HEADER_LENGTH = 16;

    // header
    static final int LIST_IDENTIFIER = 0;
    /** Byte 1: STR (bit 5), LIST ID USAGE (bits 4..3), PRIORITY (bits 2..0). */
    static final int FLAGS = 1;
    static final int CSCD_DESCRIPTOR_LIST_LENGTH = 2;
    static final int SEGMENT_DESCRIPTOR_LIST_LENGTH = 8;
    static final int INLINE_DATA_LENGTH = 12;

    /** LIST ID USAGE (SPC-4 §6.4.3): hold the results, identifier unique. */
    static final int USAGE_HOLD = 0;
    /** 01b is reserved. */
    static final int USAGE_RESERVED = 1;
    /** 10b: results need not be held; identifier unique. */
    static final int USAGE_DISCARD = 2;
    /** 11b: results not held; LIST IDENTIFIER zero and not checked for uniqueness. */
    static final int USAGE_NONE = 3;

    // CSCD descriptor (SPC-4 §6.4): the identification descriptor form, type E4h
    static final int CSCD_IDENTIFICATION = 0xE4;
    static final int CSCD_TYPE = 0;
    /** Byte 1: LU ID TYPE (7..6), NUL (5, obsolete), PERIPHERAL DEVICE TYPE (4..0). */
    static final int CSCD_DEVICE_TYPE = 1;
    /** Bytes 4..23: a designation descriptor as in the Device Identification VPD page. */
    static final int CSCD_DESIGNATOR = 4;
    /** Largest DESIGNATOR LENGTH that fits bytes 4..23. */
    static final int CSCD_MAX_DESIGNATOR_LENGTH = 16;
    /** Bytes 29..31 of the block device type specific parameters (block devices): DISK BLOCK LENGTH. */
    static final int CSCD_DISK_BLOCK_LENGTH = 29;

    // segment descriptor (SPC-4 §6.4): block device to block device, type 02h
    static final int SEGMENT_BLOCK_TO_BLOCK = 0x02;
    static final int SEGMENT_TYPE = 0;
    /** Byte 1: DC (bit 1), CAT (bit 0). */
    static final int SEGMENT_FLAGS = 1;
    static final int SEGMENT_DC = 0x02;
    static final int SEGMENT_DESCRIPTOR_LENGTH = 2;
    /** DESCRIPTOR LENGTH of a block to block segment: the bytes after the first four. */
    static final int B2B_DESCRIPTOR_LENGTH = 0x18;
    static final int SEGMENT_SOURCE = 4;
    static final int SEGMENT_DESTINATION = 6;
    static final int SEGMENT_BLOCKS = 10;
    static final int SEGMENT_SOURCE_LBA = 12;
    static final int SEGMENT_DESTINATION_LBA = 20;

    private ParameterList() {
    }

    static int listIdentifier(ByteBuffer b) {
        return u8(b, LIST_IDENTIFIER);
    }

    static int listIdUsage(ByteBuffer b) {
        return (u8(b, FLAGS) >>> 3) & 0x03;
    }

    static int cscdListLength(ByteBuffer b) {
        return u16(b, CSCD_DESCRIPTOR_LIST_LENGTH);
    }

    static long segmentListLength(ByteBuffer b) {
        return u32(b, SEGMENT_DESCRIPTOR_LIST_LENGTH);
    }

    static long inlineDataLength(ByteBuffer b) {
        return u32(b, INLINE_DATA_LENGTH);
    }

    /** Offset of CSCD descriptor {@code i} of a validated list (all 32-byte descriptors). */
    static int cscdOffset(int i) {
        return HEADER_LENGTH + i * CopyLimits.CSCD_LENGTH;
    }

    static int cscdCount(ByteBuffer b) {
        return cscdListLength(b) / CopyLimits.CSCD_LENGTH;
    }

    /** Offset of segment descriptor {@code i} of a validated list (all block to block). */
    static int segmentOffset(ByteBuffer b, int i) {
        return HEADER_LENGTH + cscdListLength(b) + i * CopyLimits.B2B_SEGMENT_LENGTH;
    }

    static int segmentCount(ByteBuffer b) {
        return (int) (segmentListLength(b) / CopyLimits.B2B_SEGMENT_LENGTH);
    }

    static int u8(ByteBuffer b, int off) {
        return b.get(off) & 0xFF;
    }

    static int u16(ByteBuffer b, int off) {
        return (u8(b, off) << 8) | u8(b, off + 1);
    }

    static int u24(ByteBuffer b, int off) {
        return (u8(b, off) << 16) | u16(b, off + 1);
    }

    static long u32(ByteBuffer b, int off) {
        return ((long) u16(b, off) << 16) | u16(b, off + 2);
    }

    static long u64(ByteBuffer b, int off) {
        return (u32(b, off) << 32) | u32(b, off + 4);
    }
}
