package org.scsi4j.iscsi.internal.pdu;

/**
 * SCSI Data-Out, opcode 0x05, RFC 7143 §11.7.
 *
 * <pre>
 *  0|.|.| 0x05      |F| Reserved                                    |
 *  4|TotalAHSLength | DataSegmentLength                             |
 *  8| LUN or Reserved                                               |
 * 16| Initiator Task Tag                                            |
 * 20| Target Transfer Tag or 0xffffffff                             |
 * 24| Reserved                                                      |
 * 28| ExpStatSN                                                     |
 * 32| Reserved                                                      |
 * 36| DataSN                                                        |
 * 40| Buffer Offset                                                 |
 * 44| Reserved                                                      |
 * </pre>
 */
public final class DataOutPdu extends HeaderFlyweight<DataOutPdu> {
    public static final int TARGET_TRANSFER_TAG_OFFSET = 20;
    public static final int EXP_STAT_SN_OFFSET = 28;
    public static final int DATA_SN_OFFSET = 36;
    public static final int BUFFER_OFFSET_OFFSET = 40;

    /** Clears the BHS, opcode 0x05, F as given. */
    public DataOutPdu init(boolean isFinal) {
        return init(Opcode.DATA_OUT, isFinal);
    }

    /** @return TTT; 0xffffffff for unsolicited data, §11.7.4 */
    public int targetTransferTag() {
        return intAt(TARGET_TRANSFER_TAG_OFFSET);
    }

    public DataOutPdu targetTransferTag(int tag) {
        return intAt(TARGET_TRANSFER_TAG_OFFSET, tag);
    }

    public int expStatSn() {
        return intAt(EXP_STAT_SN_OFFSET);
    }

    public DataOutPdu expStatSn(int expStatSn) {
        return intAt(EXP_STAT_SN_OFFSET, expStatSn);
    }

    /** @return DataSN, counting from 0 within each sequence (R2T or unsolicited), §11.7.5 */
    public int dataSn() {
        return intAt(DATA_SN_OFFSET);
    }

    public DataOutPdu dataSn(int dataSn) {
        return intAt(DATA_SN_OFFSET, dataSn);
    }

    /** @return Buffer Offset, unsigned, §11.7.6 */
    public long bufferOffset() {
        return intAt(BUFFER_OFFSET_OFFSET) & 0xFFFF_FFFFL;
    }

    public DataOutPdu bufferOffset(long bufferOffset) {
        return intAt(BUFFER_OFFSET_OFFSET, (int) bufferOffset);
    }
}
