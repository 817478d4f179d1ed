package org.scsi4j.iscsi.internal.pdu;

/**
 * Text Response, opcode 0x24, RFC 7143 §11.11.
 *
 * <pre>
 *  0|.|.| 0x24      |F|C| Reserved                                  |
 *  4|TotalAHSLength | DataSegmentLength                             |
 *  8| LUN or Reserved                                               |
 * 16| Initiator Task Tag                                            |
 * 20| Target Transfer Tag or 0xffffffff                             |
 * 24| StatSN                                                        |
 * 28| ExpCmdSN                                                      |
 * 32| MaxCmdSN                                                      |
 * 36/ Reserved                                                      /
 * 48/ DataSegment (Text)                                            /
 * </pre>
 *
 * <p>With C=1 or F=0 the target sets a TTT other than 0xffffffff so the initiator can ask for
 * the rest, §11.11.4.
 */
public final class TextResponsePdu extends HeaderFlyweight<TextResponsePdu> {
    public static final int TARGET_TRANSFER_TAG_OFFSET = 20;
    public static final int STAT_SN_OFFSET = 24;
    public static final int EXP_CMD_SN_OFFSET = 28;
    public static final int MAX_CMD_SN_OFFSET = 32;

    public static final int CONTINUE_BIT = TextRequestPdu.CONTINUE_BIT;

    /** Clears the BHS, opcode 0x24, F as given. */
    public TextResponsePdu init(boolean isFinal) {
        return init(Opcode.TEXT_RESPONSE, isFinal);
    }

    public boolean continues() {
        return bit(FLAGS_OFFSET, CONTINUE_BIT);
    }

    public TextResponsePdu continues(boolean continues) {
        return bit(FLAGS_OFFSET, CONTINUE_BIT, continues);
    }

    public int targetTransferTag() {
        return intAt(TARGET_TRANSFER_TAG_OFFSET);
    }

    public TextResponsePdu targetTransferTag(int tag) {
        return intAt(TARGET_TRANSFER_TAG_OFFSET, tag);
    }

    public int statSn() {
        return intAt(STAT_SN_OFFSET);
    }

    public TextResponsePdu statSn(int statSn) {
        return intAt(STAT_SN_OFFSET, statSn);
    }

    public int expCmdSn() {
        return intAt(EXP_CMD_SN_OFFSET);
    }

    public TextResponsePdu expCmdSn(int expCmdSn) {
        return intAt(EXP_CMD_SN_OFFSET, expCmdSn);
    }

    public int maxCmdSn() {
        return intAt(MAX_CMD_SN_OFFSET);
    }

    public TextResponsePdu maxCmdSn(int maxCmdSn) {
        return intAt(MAX_CMD_SN_OFFSET, maxCmdSn);
    }
}
