package org.scsi4j.iscsi.internal.pdu;

/**
 * Text Request, opcode 0x04, RFC 7143 §11.10.
 *
 * <pre>
 *  0|.|I| 0x04      |F|C| Reserved                                  |
 *  4|TotalAHSLength | DataSegmentLength                             |
 *  8| LUN or Reserved                                               |
 * 16| Initiator Task Tag                                            |
 * 20| Target Transfer Tag or 0xffffffff                             |
 * 24| CmdSN                                                         |
 * 28| ExpStatSN                                                     |
 * 32/ Reserved                                                      /
 * 48/ DataSegment (Text)                                            /
 * </pre>
 */
public final class TextRequestPdu extends HeaderFlyweight<TextRequestPdu> {
    public static final int TARGET_TRANSFER_TAG_OFFSET = 20;
    public static final int CMD_SN_OFFSET = 24;
    public static final int EXP_STAT_SN_OFFSET = 28;

    /** C bit: text continues in the next PDU, §11.10.2. */
    public static final int CONTINUE_BIT = 0x40;

    /** Clears the BHS, opcode 0x04, F as given. */
    public TextRequestPdu init(boolean isFinal) {
        return init(Opcode.TEXT_REQUEST, isFinal);
    }

    public boolean continues() {
        return bit(FLAGS_OFFSET, CONTINUE_BIT);
    }

    public TextRequestPdu continues(boolean continues) {
        return bit(FLAGS_OFFSET, CONTINUE_BIT, continues);
    }

    /** @return TTT: 0xffffffff to start a new exchange, else the target's tag to continue one */
    public int targetTransferTag() {
        return intAt(TARGET_TRANSFER_TAG_OFFSET);
    }

    public TextRequestPdu targetTransferTag(int tag) {
        return intAt(TARGET_TRANSFER_TAG_OFFSET, tag);
    }

    public int cmdSn() {
        return intAt(CMD_SN_OFFSET);
    }

    public TextRequestPdu cmdSn(int cmdSn) {
        return intAt(CMD_SN_OFFSET, cmdSn);
    }

    public int expStatSn() {
        return intAt(EXP_STAT_SN_OFFSET);
    }

    public TextRequestPdu expStatSn(int expStatSn) {
        return intAt(EXP_STAT_SN_OFFSET, expStatSn);
    }
}
