package org.scsi4j.iscsi.internal.pdu;

/**
 * Ready To Transfer (R2T), opcode 0x31, RFC 7143 §11.8.
 *
 * <pre>
 *  0|.|.| 0x31      |1| Reserved                                    |
 *  4|TotalAHSLength | DataSegmentLength (0)                         |
 *  8| LUN                                                           |
 * 16| Initiator Task Tag                                            |
 * 20| Target Transfer Tag                                           |
 * 24| StatSN                                                        |
 * 28| ExpCmdSN                                                      |
 * 32| MaxCmdSN                                                      |
 * 36| R2TSN                                                         |
 * 40| Buffer Offset                                                 |
 * 44| Desired Data Transfer Length                                  |
 * </pre>
 */
public final class ReadyToTransferPdu extends HeaderFlyweight<ReadyToTransferPdu> {
    public static final int TARGET_TRANSFER_TAG_OFFSET = 20;
    public static final int STAT_SN_OFFSET = 24;
    public static final int EXP_CMD_SN_OFFSET = 28;
    public static final int MAX_CMD_SN_OFFSET = 32;
    public static final int R2T_SN_OFFSET = 36;
    public static final int BUFFER_OFFSET_OFFSET = 40;
    public static final int DESIRED_DATA_TRANSFER_LENGTH_OFFSET = 44;

    /** Clears the BHS, opcode 0x31, F=1. */
    public ReadyToTransferPdu init() {
        return init(Opcode.R2T, true);
    }

    public int targetTransferTag() {
        return intAt(TARGET_TRANSFER_TAG_OFFSET);
    }

    public ReadyToTransferPdu targetTransferTag(int tag) {
        return intAt(TARGET_TRANSFER_TAG_OFFSET, tag);
    }

    /** @return StatSN: the next StatSN, not advanced by an R2T, §11.8.3 */
    public int statSn() {
        return intAt(STAT_SN_OFFSET);
    }

    public ReadyToTransferPdu statSn(int statSn) {
        return intAt(STAT_SN_OFFSET, statSn);
    }

    public int expCmdSn() {
        return intAt(EXP_CMD_SN_OFFSET);
    }

    public ReadyToTransferPdu expCmdSn(int expCmdSn) {
        return intAt(EXP_CMD_SN_OFFSET, expCmdSn);
    }

    public int maxCmdSn() {
        return intAt(MAX_CMD_SN_OFFSET);
    }

    public ReadyToTransferPdu maxCmdSn(int maxCmdSn) {
        return intAt(MAX_CMD_SN_OFFSET, maxCmdSn);
    }

    public int r2tSn() {
        return intAt(R2T_SN_OFFSET);
    }

    public ReadyToTransferPdu r2tSn(int r2tSn) {
        return intAt(R2T_SN_OFFSET, r2tSn);
    }

    public long bufferOffset() {
        return intAt(BUFFER_OFFSET_OFFSET) & 0xFFFF_FFFFL;
    }

    public ReadyToTransferPdu bufferOffset(long bufferOffset) {
        return intAt(BUFFER_OFFSET_OFFSET, (int) bufferOffset);
    }

    /** @return Desired Data Transfer Length, never more than MaxBurstLength, §11.8.4 */
    public long desiredDataTransferLength() {
        return intAt(DESIRED_DATA_TRANSFER_LENGTH_OFFSET) & 0xFFFF_FFFFL;
    }

    public ReadyToTransferPdu desiredDataTransferLength(long length) {
        return intAt(DESIRED_DATA_TRANSFER_LENGTH_OFFSET, (int) length);
    }
}
