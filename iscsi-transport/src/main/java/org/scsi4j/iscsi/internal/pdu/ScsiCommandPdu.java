package org.scsi4j.iscsi.internal.pdu;

import java.nio.ByteBuffer;

/**
 * SCSI Command, opcode 0x01, RFC 7143 §11.3.
 *
 * <pre>
 *  0|.|I| 0x01      |F|R|W|. .|ATTR | Reserved                      |
 *  4|TotalAHSLength | DataSegmentLength                             |
 *  8| Logical Unit Number (LUN)                                     |
 * 16| Initiator Task Tag                                            |
 * 20| Expected Data Transfer Length                                 |
 * 24| CmdSN                                                         |
 * 28| ExpStatSN                                                     |
 * 32/ SCSI Command Descriptor Block (CDB), 16 bytes                 /
 * 48/ AHS (Extended CDB, Bidirectional Read EDTL), digests, data    /
 * </pre>
 *
 * <p>CDBs longer than 16 bytes continue in an Extended CDB AHS (§11.2.2.3);
 * {@link #cdbLength()}, {@link #cdbByte(int)} and {@link #copyCdb} read across both places, so
 * the header (BHS + AHS) must be wrapped whole, as the {@link PduFramer} delivers it.
 */
public final class ScsiCommandPdu extends HeaderFlyweight<ScsiCommandPdu> {
    public static final int EXPECTED_DATA_TRANSFER_LENGTH_OFFSET = 20;
    public static final int CMD_SN_OFFSET = 24;
    public static final int EXP_STAT_SN_OFFSET = 28;
    public static final int CDB_OFFSET = 32;
    public static final int CDB_LENGTH_IN_BHS = 16;

    /** R bit: data will be read from the target (Data-In expected), §11.3.1.1. */
    public static final int READ_BIT = 0x40;
    /** W bit: data will be written to the target (Data-Out expected), §11.3.1.2. */
    public static final int WRITE_BIT = 0x20;
    /** Mask of the ATTR (task attribute) field, §11.3.1.3. */
    public static final int ATTR_MASK = 0x07;

    /** ATTR values, §11.3.1.3. */
    public static final int ATTR_UNTAGGED = 0;
    public static final int ATTR_SIMPLE = 1;
    public static final int ATTR_ORDERED = 2;
    public static final int ATTR_HEAD_OF_QUEUE = 3;
    public static final int ATTR_ACA = 4;

    /** Sets up a fresh command BHS: clears it, opcode 0x01, F=1. */
    public ScsiCommandPdu init() {
        return init(Opcode.SCSI_COMMAND, true);
    }

    public boolean read() {
        return bit(FLAGS_OFFSET, READ_BIT);
    }

    public ScsiCommandPdu read(boolean read) {
        return bit(FLAGS_OFFSET, READ_BIT, read);
    }

    public boolean write() {
        return bit(FLAGS_OFFSET, WRITE_BIT);
    }

    public ScsiCommandPdu write(boolean write) {
        return bit(FLAGS_OFFSET, WRITE_BIT, write);
    }

    /** @return the task attribute, one of the {@code ATTR_*} constants */
    public int taskAttribute() {
        return flags() & ATTR_MASK;
    }

    public ScsiCommandPdu taskAttribute(int attribute) {
        return bitsAt(FLAGS_OFFSET, ATTR_MASK, attribute);
    }

    /** @return Expected Data Transfer Length, unsigned 32 bits, §11.3.4 */
    public long expectedDataTransferLength() {
        return intAt(EXPECTED_DATA_TRANSFER_LENGTH_OFFSET) & 0xFFFF_FFFFL;
    }

    public ScsiCommandPdu expectedDataTransferLength(long length) {
        return intAt(EXPECTED_DATA_TRANSFER_LENGTH_OFFSET, (int) length);
    }

    public int cmdSn() {
        return intAt(CMD_SN_OFFSET);
    }

    public ScsiCommandPdu cmdSn(int cmdSn) {
        return intAt(CMD_SN_OFFSET, cmdSn);
    }

    public int expStatSn() {
        return intAt(EXP_STAT_SN_OFFSET);
    }

    public ScsiCommandPdu expStatSn(int expStatSn) {
        return intAt(EXP_STAT_SN_OFFSET, expStatSn);
    }

    /**
     * @return the CDB length: 16, or 16 + (AHSLength - 1) when an Extended CDB AHS is present;
     *         -1 when an Extended CDB AHS is present but malformed
     */
    public int cdbLength() {
        int ahs = AdditionalHeaderSegment.find(buffer, offset, AdditionalHeaderSegment.TYPE_EXTENDED_CDB);
        if (ahs < 0) {
            return totalAhsLength() == 0 || AdditionalHeaderSegment.isWellFormed(buffer, offset)
                    ? CDB_LENGTH_IN_BHS : -1;
        }
        int extra = AdditionalHeaderSegment.ahsLength(buffer, ahs) - 1;
        int total = CDB_LENGTH_IN_BHS + extra;
        return extra < 1 || total > AdditionalHeaderSegment.MAX_CDB_LENGTH ? -1 : total;
    }

    /** @return CDB byte {@code index} (unsigned), reading the Extended CDB AHS past byte 15 */
    public int cdbByte(int index) {
        if (index < CDB_LENGTH_IN_BHS) {
            return unsignedByteAt(CDB_OFFSET + index);
        }
        int ahs = AdditionalHeaderSegment.find(buffer, offset, AdditionalHeaderSegment.TYPE_EXTENDED_CDB);
        if (ahs < 0 || index >= cdbLength()) {
            throw new IndexOutOfBoundsException("CDB byte " + index);
        }
        return buffer.get(ahs + AdditionalHeaderSegment.AHS_DATA_OFFSET + index - CDB_LENGTH_IN_BHS) & 0xFF;
    }

    /**
     * Copies the whole CDB (BHS part and Extended CDB AHS part) into {@code dst}.
     *
     * @return the CDB length copied, or -1 if the Extended CDB AHS is malformed
     */
    public int copyCdb(ByteBuffer dst, int dstIndex) {
        int length = cdbLength();
        if (length < 0) {
            return -1;
        }
        dst.put(dstIndex, buffer, offset + CDB_OFFSET, CDB_LENGTH_IN_BHS);
        if (length > CDB_LENGTH_IN_BHS) {
            int ahs = AdditionalHeaderSegment.find(buffer, offset, AdditionalHeaderSegment.TYPE_EXTENDED_CDB);
            dst.put(dstIndex + CDB_LENGTH_IN_BHS, buffer, ahs + AdditionalHeaderSegment.AHS_DATA_OFFSET,
                    length - CDB_LENGTH_IN_BHS);
        }
        return length;
    }

    /** Writes the first 16 CDB bytes (zero-filled when {@code length} is shorter). */
    public ScsiCommandPdu cdb(byte[] cdb, int length) {
        int inBhs = Math.min(length, CDB_LENGTH_IN_BHS);
        buffer.put(offset + CDB_OFFSET, cdb, 0, inBhs);
        for (int i = inBhs; i < CDB_LENGTH_IN_BHS; i++) {
            buffer.put(offset + CDB_OFFSET + i, (byte) 0);
        }
        return this;
    }

    /**
     * @return the Bidirectional Read Expected Data Transfer Length from its AHS (§11.2.2.4), or
     *         -1 when the PDU carries none
     */
    public long bidirectionalReadExpectedDataTransferLength() {
        int ahs = AdditionalHeaderSegment.find(buffer, offset,
                AdditionalHeaderSegment.TYPE_BIDIRECTIONAL_READ_LENGTH);
        if (ahs < 0 || AdditionalHeaderSegment.ahsLength(buffer, ahs)
                != AdditionalHeaderSegment.BIDIRECTIONAL_READ_LENGTH_AHS_LENGTH) {
            return -1;
        }
        return buffer.getInt(ahs + AdditionalHeaderSegment.AHS_DATA_OFFSET) & 0xFFFF_FFFFL;
    }
}
