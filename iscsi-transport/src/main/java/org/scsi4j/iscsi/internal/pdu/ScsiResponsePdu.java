package org.scsi4j.iscsi.internal.pdu;

/**
 * SCSI Response, opcode 0x21, RFC 7143 §11.4.
 *
 * <pre>
 *  0|.|.| 0x21      |1|. .|o|u|O|U|.| Response      | Status        |
 *  4|TotalAHSLength | DataSegmentLength                             |
 *  8| Reserved                                                      |
 * 16| Initiator Task Tag                                            |
 * 20| SNACK Tag                                                     |
 * 24| StatSN                                                        |
 * 28| ExpCmdSN                                                      |
 * 32| MaxCmdSN                                                      |
 * 36| ExpDataSN                                                     |
 * 40| Bidirectional Read Residual Count                             |
 * 44| Residual Count                                                |
 * 48| Header-Digest, then data segment: SenseLength (2) + Sense Data + Response Data
 * </pre>
 */
public final class ScsiResponsePdu extends HeaderFlyweight<ScsiResponsePdu> {
    public static final int RESPONSE_OFFSET = 2;
    public static final int STATUS_OFFSET = 3;
    public static final int SNACK_TAG_OFFSET = 20;
    public static final int STAT_SN_OFFSET = 24;
    public static final int EXP_CMD_SN_OFFSET = 28;
    public static final int MAX_CMD_SN_OFFSET = 32;
    public static final int EXP_DATA_SN_OFFSET = 36;
    public static final int BIDIRECTIONAL_READ_RESIDUAL_COUNT_OFFSET = 40;
    public static final int RESIDUAL_COUNT_OFFSET = 44;

    /** o bit: Bidirectional Read Residual Overflow, §11.4.1. */
    public static final int BIDIRECTIONAL_READ_RESIDUAL_OVERFLOW_BIT = 0x10;
    /** u bit: Bidirectional Read Residual Underflow, §11.4.1. */
    public static final int BIDIRECTIONAL_READ_RESIDUAL_UNDERFLOW_BIT = 0x08;
    /** O bit: Residual Overflow, §11.4.1. */
    public static final int RESIDUAL_OVERFLOW_BIT = 0x04;
    /** U bit: Residual Underflow, §11.4.1. */
    public static final int RESIDUAL_UNDERFLOW_BIT = 0x02;

    /** Length of the SenseLength field that starts a data segment carrying sense, §11.4.7.2. */
    public static final int SENSE_LENGTH_FIELD_LENGTH = 2;

    /** Sets up a fresh response BHS: clears it, opcode 0x21, F=1 (always 1, §11.4). */
    public ScsiResponsePdu init() {
        return init(Opcode.SCSI_RESPONSE, true);
    }

    /** @return the iSCSI service response, {@link PduCodes.ScsiResponse}, §11.4.3 */
    public int response() {
        return unsignedByteAt(RESPONSE_OFFSET);
    }

    public ScsiResponsePdu response(int response) {
        return unsignedByteAt(RESPONSE_OFFSET, response);
    }

    /** @return the SCSI status byte (valid when response is Command Completed), §11.4.2 */
    public int status() {
        return unsignedByteAt(STATUS_OFFSET);
    }

    public ScsiResponsePdu status(int status) {
        return unsignedByteAt(STATUS_OFFSET, status);
    }

    public boolean bidirectionalReadResidualOverflow() {
        return bit(FLAGS_OFFSET, BIDIRECTIONAL_READ_RESIDUAL_OVERFLOW_BIT);
    }

    public ScsiResponsePdu bidirectionalReadResidualOverflow(boolean set) {
        return bit(FLAGS_OFFSET, BIDIRECTIONAL_READ_RESIDUAL_OVERFLOW_BIT, set);
    }

    public boolean bidirectionalReadResidualUnderflow() {
        return bit(FLAGS_OFFSET, BIDIRECTIONAL_READ_RESIDUAL_UNDERFLOW_BIT);
    }

    public ScsiResponsePdu bidirectionalReadResidualUnderflow(boolean set) {
        return bit(FLAGS_OFFSET, BIDIRECTIONAL_READ_RESIDUAL_UNDERFLOW_BIT, set);
    }

    public boolean residualOverflow() {
        return bit(FLAGS_OFFSET, RESIDUAL_OVERFLOW_BIT);
    }

    public ScsiResponsePdu residualOverflow(boolean set) {
        return bit(FLAGS_OFFSET, RESIDUAL_OVERFLOW_BIT, set);
    }

    public boolean residualUnderflow() {
        return bit(FLAGS_OFFSET, RESIDUAL_UNDERFLOW_BIT);
    }

    public ScsiResponsePdu residualUnderflow(boolean set) {
        return bit(FLAGS_OFFSET, RESIDUAL_UNDERFLOW_BIT, set);
    }

    public int snackTag() {
        return intAt(SNACK_TAG_OFFSET);
    }

    public ScsiResponsePdu snackTag(int tag) {
        return intAt(SNACK_TAG_OFFSET, tag);
    }

    public int statSn() {
        return intAt(STAT_SN_OFFSET);
    }

    public ScsiResponsePdu statSn(int statSn) {
        return intAt(STAT_SN_OFFSET, statSn);
    }

    public int expCmdSn() {
        return intAt(EXP_CMD_SN_OFFSET);
    }

    public ScsiResponsePdu expCmdSn(int expCmdSn) {
        return intAt(EXP_CMD_SN_OFFSET, expCmdSn);
    }

    public int maxCmdSn() {
        return intAt(MAX_CMD_SN_OFFSET);
    }

    public ScsiResponsePdu maxCmdSn(int maxCmdSn) {
        return intAt(MAX_CMD_SN_OFFSET, maxCmdSn);
    }

    public int expDataSn() {
        return intAt(EXP_DATA_SN_OFFSET);
    }

    public ScsiResponsePdu expDataSn(int expDataSn) {
        return intAt(EXP_DATA_SN_OFFSET, expDataSn);
    }

    /** @return Bidirectional Read Residual Count, unsigned, §11.4.6 */
    public long bidirectionalReadResidualCount() {
        return intAt(BIDIRECTIONAL_READ_RESIDUAL_COUNT_OFFSET) & 0xFFFF_FFFFL;
    }

    public ScsiResponsePdu bidirectionalReadResidualCount(long count) {
        return intAt(BIDIRECTIONAL_READ_RESIDUAL_COUNT_OFFSET, (int) count);
    }

    /** @return Residual Count, unsigned, §11.4.5 */
    public long residualCount() {
        return intAt(RESIDUAL_COUNT_OFFSET) & 0xFFFF_FFFFL;
    }

    public ScsiResponsePdu residualCount(long count) {
        return intAt(RESIDUAL_COUNT_OFFSET, (int) count);
    }
}
