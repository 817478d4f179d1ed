package org.scsi4j.iscsi.internal.pdu;

/**
 * NOP-In, opcode 0x20, RFC 7143 §11.19.
 *
 * <pre>
 *  0|.|.| 0x20      |1| Reserved                                    |
 *  4|TotalAHSLength | DataSegmentLength                             |
 *  8| LUN or Reserved                                               |
 * 16| Initiator Task Tag or 0xffffffff                              |
 * 20| Target Transfer Tag or 0xffffffff                             |
 * 24| StatSN                                                        |
 * 28| ExpCmdSN                                                      |
 * 32| MaxCmdSN                                                      |
 * 36/ Reserved                                                      /
 * </pre>
 *
 * <p>An answer to a NOP-Out carries its ITT and TTT 0xffffffff; a target ping carries ITT
 * 0xffffffff and a TTT the initiator echoes, §11.19.1–2.
 */
public final class NopInPdu extends HeaderFlyweight<NopInPdu> {
    public static final int TARGET_TRANSFER_TAG_OFFSET = 20;
    public static final int STAT_SN_OFFSET = 24;
    public static final int EXP_CMD_SN_OFFSET = 28;
    public static final int MAX_CMD_SN_OFFSET = 32;

    /** Clears the BHS, opcode 0x20, F=1. */
    public NopInPdu init() {
        return init(Opcode.NOP_IN, true);
    }

    public int targetTransferTag() {
        return intAt(TARGET_TRANSFER_TAG_OFFSET);
    }

    public NopInPdu targetTransferTag(int tag) {
        return intAt(TARGET_TRANSFER_TAG_OFFSET, tag);
    }

    public int statSn() {
        return intAt(STAT_SN_OFFSET);
    }

    public NopInPdu statSn(int statSn) {
        return intAt(STAT_SN_OFFSET, statSn);
    }

    public int expCmdSn() {
        return intAt(EXP_CMD_SN_OFFSET);
    }

    public NopInPdu expCmdSn(int expCmdSn) {
        return intAt(EXP_CMD_SN_OFFSET, expCmdSn);
    }

    public int maxCmdSn() {
        return intAt(MAX_CMD_SN_OFFSET);
    }

    public NopInPdu maxCmdSn(int maxCmdSn) {
        return intAt(MAX_CMD_SN_OFFSET, maxCmdSn);
    }
}
