package org.scsi4j.iscsi.internal.pdu;

/**
 * Logout Request, opcode 0x06, RFC 7143 §11.14.
 *
 * <pre>
 *  0|.|I| 0x06      |1| Reason Code | Reserved                      |
 *  4|TotalAHSLength | DataSegmentLength (0)                         |
 *  8/ Reserved                                                      /
 * 16| Initiator Task Tag                                            |
 * 20| CID or Reserved               | Reserved                      |
 * 24| CmdSN                                                         |
 * 28| ExpStatSN                                                     |
 * 32/ Reserved                                                      /
 * </pre>
 *
 * <p>Reason codes are in {@link PduCodes.LogoutReason}.
 */
public final class LogoutRequestPdu extends HeaderFlyweight<LogoutRequestPdu> {
    public static final int CID_OFFSET = 20;
    public static final int CMD_SN_OFFSET = 24;
    public static final int EXP_STAT_SN_OFFSET = 28;
    /** Reason Code: the low 7 bits of byte 1, §11.14.1. */
    public static final int REASON_CODE_MASK = 0x7F;

    /** Clears the BHS, opcode 0x06, F=1. */
    public LogoutRequestPdu init() {
        return init(Opcode.LOGOUT_REQUEST, true);
    }

    public int reasonCode() {
        return flags() & REASON_CODE_MASK;
    }

    public LogoutRequestPdu reasonCode(int reasonCode) {
        return bitsAt(FLAGS_OFFSET, REASON_CODE_MASK, reasonCode);
    }

    /** @return the CID to close (reason 1 and 2), §11.14.3 */
    public int cid() {
        return unsignedShortAt(CID_OFFSET);
    }

    public LogoutRequestPdu cid(int cid) {
        return unsignedShortAt(CID_OFFSET, cid);
    }

    public int cmdSn() {
        return intAt(CMD_SN_OFFSET);
    }

    public LogoutRequestPdu cmdSn(int cmdSn) {
        return intAt(CMD_SN_OFFSET, cmdSn);
    }

    public int expStatSn() {
        return intAt(EXP_STAT_SN_OFFSET);
    }

    public LogoutRequestPdu expStatSn(int expStatSn) {
        return intAt(EXP_STAT_SN_OFFSET, expStatSn);
    }
}
