package org.scsi4j.iscsi.internal.pdu;

/**
 * NOP-Out, opcode 0x00, RFC 7143 §11.18.
 *
 * <pre>
 *  0|.|I| 0x00      |1| Reserved                                    |
 *  4|TotalAHSLength | DataSegmentLength                             |
 *  8| LUN or Reserved                                               |
 * 16| Initiator Task Tag or 0xffffffff                              |
 * 20| Target Transfer Tag or 0xffffffff                             |
 * 24| CmdSN                                                         |
 * 28| ExpStatSN                                                     |
 * 32/ Reserved                                                      /
 * </pre>
 *
 * <p>ITT 0xffffffff means no NOP-In is wanted (and I must be 1); a TTT other than 0xffffffff
 * answers a target's NOP-In ping, §11.18.1–2.
 */
public final class NopOutPdu extends HeaderFlyweight<NopOutPdu> {
    public static final int TARGET_TRANSFER_TAG_OFFSET = 20;
    public static final int CMD_SN_OFFSET = 24;
    public static final int EXP_STAT_SN_OFFSET = 28;

    /** Clears the BHS, opcode 0x00, F=1. */
    public NopOutPdu init() {
        return init(Opcode.NOP_OUT, true);
    }

    public int targetTransferTag() {
        return intAt(TARGET_TRANSFER_TAG_OFFSET);
    }

    public NopOutPdu targetTransferTag(int tag) {
        return intAt(TARGET_TRANSFER_TAG_OFFSET, tag);
    }

    public int cmdSn() {
        return intAt(CMD_SN_OFFSET);
    }

    public NopOutPdu cmdSn(int cmdSn) {
        return intAt(CMD_SN_OFFSET, cmdSn);
    }

    public int expStatSn() {
        return intAt(EXP_STAT_SN_OFFSET);
    }

    public NopOutPdu expStatSn(int expStatSn) {
        return intAt(EXP_STAT_SN_OFFSET, expStatSn);
    }
}
