package org.scsi4j.iscsi.internal.pdu;

/**
 * SCSI Data-In, opcode 0x25, RFC 7143 §11.7.
 *
 * <pre>
 *  0|.|.| 0x25      |F|A|0 0 0|O|U|S| Reserved      |Status or Rsvd |
 *  4|TotalAHSLength | DataSegmentLength                             |
 *  8| LUN or Reserved                                               |
 * 16| Initiator Task Tag                                            |
 * 20| Target Transfer Tag or 0xffffffff                             |
 * 24| StatSN or Reserved                                            |
 * 28| ExpCmdSN                                                      |
 * 32| MaxCmdSN                                                      |
 * 36| DataSN                                                        |
 * 40| Buffer Offset                                                 |
 * 44| Residual Count                                                |
 * </pre>
 *
 * <p>With S=1 (status carried, "phase collapse", §11.7.3) F must be 1 and StatSN, Status and
 * the residual fields are valid.
 */
public final class DataInPdu extends HeaderFlyweight<DataInPdu> {
    public static final int STATUS_OFFSET = 3;
    public static final int TARGET_TRANSFER_TAG_OFFSET = 20;
    public static final int STAT_SN_OFFSET = 24;
    public static final int EXP_CMD_SN_OFFSET = 28;
    public static final int MAX_CMD_SN_OFFSET = 32;
    public static final int DATA_SN_OFFSET = 36;
    public static final int BUFFER_OFFSET_OFFSET = 40;
    public static final int RESIDUAL_COUNT_OFFSET = 44;

    /** A bit: acknowledge requested (ErrorRecoveryLevel &gt; 0), §11.7.2. */
    public static final int ACKNOWLEDGE_BIT = 0x40;
    /** O bit: residual overflow (valid with S), §11.7.1. */
    public static final int RESIDUAL_OVERFLOW_BIT = 0x04;
    /** U bit: residual underflow (valid with S), §11.7.1. */
    public static final int RESIDUAL_UNDERFLOW_BIT = 0x02;
    /** S bit: status present, §11.7.3. */
    public static final int STATUS_BIT = 0x01;

    /** Clears the BHS, opcode 0x25, F as given. */
    public DataInPdu init(boolean isFinal) {
        return init(Opcode.DATA_IN, isFinal);
    }

    public boolean acknowledge() {
        return bit(FLAGS_OFFSET, ACKNOWLEDGE_BIT);
    }

    public DataInPdu acknowledge(boolean set) {
        return bit(FLAGS_OFFSET, ACKNOWLEDGE_BIT, set);
    }

    public boolean residualOverflow() {
        return bit(FLAGS_OFFSET, RESIDUAL_OVERFLOW_BIT);
    }

    public DataInPdu residualOverflow(boolean set) {
        return bit(FLAGS_OFFSET, RESIDUAL_OVERFLOW_BIT, set);
    }

    public boolean residualUnderflow() {
        return bit(FLAGS_OFFSET, RESIDUAL_UNDERFLOW_BIT);
    }

    public DataInPdu residualUnderflow(boolean set) {
        return bit(FLAGS_OFFSET, RESIDUAL_UNDERFLOW_BIT, set);
    }

    /** @return the S bit */
    public boolean statusPresent() {
        return bit(FLAGS_OFFSET, STATUS_BIT);
    }

    public DataInPdu statusPresent(boolean set) {
        return bit(FLAGS_OFFSET, STATUS_BIT, set);
    }

    public int status() {
        return unsignedByteAt(STATUS_OFFSET);
    }

    public DataInPdu status(int status) {
        return unsignedByteAt(STATUS_OFFSET, status);
    }

    public int targetTransferTag() {
        return intAt(TARGET_TRANSFER_TAG_OFFSET);
    }

    public DataInPdu targetTransferTag(int tag) {
        return intAt(TARGET_TRANSFER_TAG_OFFSET, tag);
    }

    public int statSn() {
        return intAt(STAT_SN_OFFSET);
    }

    public DataInPdu statSn(int statSn) {
        return intAt(STAT_SN_OFFSET, statSn);
    }

    public int expCmdSn() {
        return intAt(EXP_CMD_SN_OFFSET);
    }

    public DataInPdu expCmdSn(int expCmdSn) {
        return intAt(EXP_CMD_SN_OFFSET, expCmdSn);
    }

    public int maxCmdSn() {
        return intAt(MAX_CMD_SN_OFFSET);
    }

    public DataInPdu maxCmdSn(int maxCmdSn) {
        return intAt(MAX_CMD_SN_OFFSET, maxCmdSn);
    }

    public int dataSn() {
        return intAt(DATA_SN_OFFSET);
    }

    public DataInPdu dataSn(int dataSn) {
        return intAt(DATA_SN_OFFSET, dataSn);
    }

    public long bufferOffset() {
        return intAt(BUFFER_OFFSET_OFFSET) & 0xFFFF_FFFFL;
    }

    public DataInPdu bufferOffset(long bufferOffset) {
        return intAt(BUFFER_OFFSET_OFFSET, (int) bufferOffset);
    }

    public long residualCount() {
        return intAt(RESIDUAL_COUNT_OFFSET) & 0xFFFF_FFFFL;
    }

    public DataInPdu residualCount(long count) {
        return intAt(RESIDUAL_COUNT_OFFSET, (int) count);
    }
}
