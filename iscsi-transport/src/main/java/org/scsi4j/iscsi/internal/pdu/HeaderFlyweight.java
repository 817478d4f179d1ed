package org.scsi4j.iscsi.internal.pdu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Basic Header Segment layout shared by every iSCSI PDU (RFC 7143 §11.2.1), as a flyweight:
 * it holds (buffer, offset) and reads and writes the fields in place with absolute big-endian
 * access. Nothing is allocated per PDU: wrap the same instance over the next header.
 *
 * <pre>
 * Byte/     0       |       1       |       2       |       3       |
 *    0|.|I| Opcode  |F|  Opcode-specific fields                     |
 *    4|TotalAHSLength | DataSegmentLength                             |
 *    8| LUN or Opcode-specific fields                                 |
 *   16| Initiator Task Tag or Opcode-specific fields                  |
 *   20/ Opcode-specific fields                                        /
 *   48| AHS (optional), Header-Digest, Data Segment, Data-Digest      |
 * </pre>
 *
 * <p>Setters are fluent and return the concrete flyweight type {@code S}. Subclasses add the
 * opcode-specific fields through {@link #intAt(int)} and friends; the offset constants they
 * declare are relative to the start of the BHS and named after the RFC 7143 §11 fields.
 *
 * @param <S> the concrete flyweight type returned by fluent setters
 */
public abstract class HeaderFlyweight<S extends HeaderFlyweight<S>> {
    /** Length of the Basic Header Segment, §11.2.1. */
    public static final int BHS_LENGTH = 48;
    /** Byte 0: reserved bit, I bit and opcode. */
    public static final int OPCODE_OFFSET = 0;
    /** Byte 1: F bit and opcode-specific flags. */
    public static final int FLAGS_OFFSET = 1;
    /** Byte 4: TotalAHSLength in 4-byte words, §11.2.1.4. */
    public static final int TOTAL_AHS_LENGTH_OFFSET = 4;
    /** Bytes 5–7: DataSegmentLength, 24 bits, excluding padding, §11.2.1.5. */
    public static final int DATA_SEGMENT_LENGTH_OFFSET = 5;
    /** Bytes 8–15: LUN (or opcode-specific), §11.2.1.6. */
    public static final int LUN_OFFSET = 8;
    /** Bytes 16–19: Initiator Task Tag, §11.2.1.8. */
    public static final int INITIATOR_TASK_TAG_OFFSET = 16;

    /** The I (immediate delivery) bit in byte 0, §11.2.1.1. */
    public static final int IMMEDIATE_BIT = 0x40;
    /** Mask of the opcode in byte 0. */
    public static final int OPCODE_MASK = 0x3f;
    /** The F (final) bit in byte 1, §11.2.1.3. */
    public static final int FINAL_BIT = 0x80;
    /** Largest value of the 24-bit DataSegmentLength field. */
    public static final int MAX_DATA_SEGMENT_LENGTH = 0xFF_FFFF;
    /** The reserved tag value 0xffffffff (ITT of unsolicited PDUs, TTT "none"), §11.2.1.8. */
    public static final int RESERVED_TAG = 0xFFFF_FFFF;

    protected ByteBuffer buffer;
    protected int offset;

    /**
     * Points this flyweight at a BHS.
     *
     * @param buffer a big-endian buffer; absolute access only, position and limit are untouched
     * @param offset index of the first BHS byte
     * @return this
     * @throws PduLengthException if fewer than {@link #BHS_LENGTH} bytes lie before the limit,
     *         or the buffer is not big-endian
     */
    public final S wrap(ByteBuffer buffer, int offset) {
        if (buffer.order() != ByteOrder.BIG_ENDIAN) {
            throw new PduLengthException("iSCSI flyweights need a big-endian buffer");
        }
        if (offset < 0 || buffer.limit() - offset < BHS_LENGTH) {
            throw new PduLengthException("BHS needs 48 bytes at offset " + offset + ", limit is "
                    + buffer.limit());
        }
        this.buffer = buffer;
        this.offset = offset;
        return self();
    }

    /** @return the wrapped buffer */
    public final ByteBuffer buffer() {
        return buffer;
    }

    /** @return index of the first BHS byte in {@link #buffer()} */
    public final int offset() {
        return offset;
    }

    /** Zeroes the 48 BHS bytes; used by the {@code init()} methods of encoders. */
    public final S clear() {
        for (int i = 0; i < BHS_LENGTH; i += 8) {
            buffer.putLong(offset + i, 0L);
        }
        return self();
    }

    public final int opcode() {
        return buffer.get(offset + OPCODE_OFFSET) & OPCODE_MASK;
    }

    public final S opcode(int opcode) {
        int b = buffer.get(offset + OPCODE_OFFSET) & ~OPCODE_MASK;
        buffer.put(offset + OPCODE_OFFSET, (byte) (b | (opcode & OPCODE_MASK)));
        return self();
    }

    /** @return the I bit: immediate delivery (initiator PDUs only), §11.2.1.1 */
    public final boolean immediate() {
        return (buffer.get(offset + OPCODE_OFFSET) & IMMEDIATE_BIT) != 0;
    }

    public final S immediate(boolean immediate) {
        return bit(OPCODE_OFFSET, IMMEDIATE_BIT, immediate);
    }

    /** @return the F bit, §11.2.1.3 */
    public final boolean isFinal() {
        return (flags() & FINAL_BIT) != 0;
    }

    public final S finalFlag(boolean isFinal) {
        return bit(FLAGS_OFFSET, FINAL_BIT, isFinal);
    }

    /** @return BHS byte 1, the F bit and the opcode-specific flags */
    public final int flags() {
        return buffer.get(offset + FLAGS_OFFSET) & 0xFF;
    }

    /** @return TotalAHSLength in 4-byte words, §11.2.1.4 */
    public final int totalAhsLength() {
        return buffer.get(offset + TOTAL_AHS_LENGTH_OFFSET) & 0xFF;
    }

    /** @param words TotalAHSLength in 4-byte words (0–255) */
    public final S totalAhsLength(int words) {
        buffer.put(offset + TOTAL_AHS_LENGTH_OFFSET, (byte) words);
        return self();
    }

    /** @return DataSegmentLength in bytes, without padding, §11.2.1.5 */
    public final int dataSegmentLength() {
        return buffer.getInt(offset + TOTAL_AHS_LENGTH_OFFSET) & MAX_DATA_SEGMENT_LENGTH;
    }

    public final S dataSegmentLength(int length) {
        if (length < 0 || length > MAX_DATA_SEGMENT_LENGTH) {
            throw new PduLengthException("DataSegmentLength out of range: " + length);
        }
        int ahs = buffer.getInt(offset + TOTAL_AHS_LENGTH_OFFSET) & 0xFF00_0000;
        buffer.putInt(offset + TOTAL_AHS_LENGTH_OFFSET, ahs | length);
        return self();
    }

    /** @return bytes 8–15 as one big-endian long: the LUN for PDUs that carry one, §11.2.1.6 */
    public final long lun() {
        return buffer.getLong(offset + LUN_OFFSET);
    }

    public final S lun(long lun) {
        buffer.putLong(offset + LUN_OFFSET, lun);
        return self();
    }

    public final int initiatorTaskTag() {
        return buffer.getInt(offset + INITIATOR_TASK_TAG_OFFSET);
    }

    public final S initiatorTaskTag(int tag) {
        buffer.putInt(offset + INITIATOR_TASK_TAG_OFFSET, tag);
        return self();
    }

    /** @return BHS plus AHS length in bytes, without header digest */
    public final int headerLength() {
        return BHS_LENGTH + totalAhsLength() * 4;
    }

    /** @return the data segment length rounded up to a multiple of 4, §11.1 */
    public final int paddedDataSegmentLength() {
        return pad(dataSegmentLength());
    }

    /** @return {@code length} rounded up to the next multiple of 4 (RFC 7143 §11.1 padding) */
    public static int pad(int length) {
        return (length + 3) & ~3;
    }

    // ---------------------------------------------------------------- helpers for subclasses

    @SuppressWarnings("unchecked")
    protected final S self() {
        return (S) this;
    }

    protected final int intAt(int fieldOffset) {
        return buffer.getInt(offset + fieldOffset);
    }

    protected final S intAt(int fieldOffset, int value) {
        buffer.putInt(offset + fieldOffset, value);
        return self();
    }

    protected final int unsignedShortAt(int fieldOffset) {
        return buffer.getShort(offset + fieldOffset) & 0xFFFF;
    }

    protected final S unsignedShortAt(int fieldOffset, int value) {
        buffer.putShort(offset + fieldOffset, (short) value);
        return self();
    }

    protected final int unsignedByteAt(int fieldOffset) {
        return buffer.get(offset + fieldOffset) & 0xFF;
    }

    protected final S unsignedByteAt(int fieldOffset, int value) {
        buffer.put(offset + fieldOffset, (byte) value);
        return self();
    }

    protected final boolean bit(int fieldOffset, int mask) {
        return (buffer.get(offset + fieldOffset) & mask) != 0;
    }

    protected final S bit(int fieldOffset, int mask, boolean set) {
        int b = buffer.get(offset + fieldOffset);
        buffer.put(offset + fieldOffset, (byte) (set ? b | mask : b & ~mask));
        return self();
    }

    /** Writes {@code value} into the bits of byte {@code fieldOffset} selected by {@code mask}. */
    protected final S bitsAt(int fieldOffset, int mask, int value) {
        int b = buffer.get(offset + fieldOffset) & ~mask;
        buffer.put(offset + fieldOffset, (byte) (b | (value & mask)));
        return self();
    }

    /** Clears the BHS, then sets the opcode and the F bit as every encoder does first. */
    protected final S init(int opcode, boolean isFinal) {
        clear();
        opcode(opcode);
        return finalFlag(isFinal);
    }
}
