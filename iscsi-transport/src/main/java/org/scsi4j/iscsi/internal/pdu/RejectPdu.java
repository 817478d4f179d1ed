package org.scsi4j.iscsi.internal.pdu;

/**
 * Reject, opcode 0x3f, RFC 7143 §11.17.
 *
 * <pre>
 *  0|.|.| 0x3f      |1| Reserved    | Reason        | Reserved      |
 *  4|TotalAHSLength | DataSegmentLength                             |
 *  8/ Reserved                                                      /
 * 16| 0xffffffff                                                    |
 * 20| Reserved                                                      |
 * 24| StatSN                                                        |
 * 28| ExpCmdSN                                                      |
 * 32| MaxCmdSN                                                      |
 * 36| DataSN/R2TSN or Reserved                                      |
 * 40/ Reserved                                                      /
 * 48/ DataSegment: the complete header (BHS) of the rejected PDU    /
 * </pre>
 *
 * <p>Reason codes are in {@link PduCodes.RejectReason}.
 */
public final class RejectPdu extends HeaderFlyweight<RejectPdu> {
    public static final int REASON_OFFSET = 2;
    public static final int STAT_SN_OFFSET = 24;
    public static final int EXP_CMD_SN_OFFSET = 28;
    public static final int MAX_CMD_SN_OFFSET = 32;
    public static final int DATA_SN_OFFSET = 36;

    /**
     * Clears the BHS, opcode 0x3f, F=1, ITT 0xffffffff, DataSegmentLength 48 (the rejected BHS
     * the caller sends as data segment, §11.17.3).
     */
    public RejectPdu init() {
        init(Opcode.REJECT, true);
        initiatorTaskTag(RESERVED_TAG);
        return dataSegmentLength(BHS_LENGTH);
    }

    public int reason() {
        return unsignedByteAt(REASON_OFFSET);
    }

    public RejectPdu reason(int reason) {
        return unsignedByteAt(REASON_OFFSET, reason);
    }

    public int statSn() {
        return intAt(STAT_SN_OFFSET);
    }

    public RejectPdu statSn(int statSn) {
        return intAt(STAT_SN_OFFSET, statSn);
    }

    public int expCmdSn() {
        return intAt(EXP_CMD_SN_OFFSET);
    }

    public RejectPdu expCmdSn(int expCmdSn) {
        return intAt(EXP_CMD_SN_OFFSET, expCmdSn);
    }

    public int maxCmdSn() {
        return intAt(MAX_CMD_SN_OFFSET);
    }

    public RejectPdu maxCmdSn(int maxCmdSn) {
        return intAt(MAX_CMD_SN_OFFSET, maxCmdSn);
    }

    /** @return DataSN or R2TSN, valid for a rejected SNACK only, §11.17.2 */
    public int dataSn() {
        return intAt(DATA_SN_OFFSET);
    }

    public RejectPdu dataSn(int dataSn) {
        return intAt(DATA_SN_OFFSET, dataSn);
    }
}
