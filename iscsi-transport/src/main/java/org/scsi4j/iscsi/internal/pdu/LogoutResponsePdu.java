package org.scsi4j.iscsi.internal.pdu;

/**
 * Logout Response, opcode 0x26, RFC 7143 §11.15.
 *
 * <pre>
 *  0|.|.| 0x26      |1| Reserved    | Response      | Reserved      |
 *  4|TotalAHSLength | DataSegmentLength (0)                         |
 *  8/ Reserved                                                      /
 * 16| Initiator Task Tag                                            |
 * 20| Reserved                                                      |
 * 24| StatSN                                                        |
 * 28| ExpCmdSN                                                      |
 * 32| MaxCmdSN                                                      |
 * 36| Reserved                                                      |
 * 40| Time2Wait                     | Time2Retain                   |
 * 44| Reserved                                                      |
 * </pre>
 *
 * <p>Response values are in {@link PduCodes.LogoutResponse}.
 */
public final class LogoutResponsePdu extends HeaderFlyweight<LogoutResponsePdu> {
    public static final int RESPONSE_OFFSET = 2;
    public static final int STAT_SN_OFFSET = 24;
    public static final int EXP_CMD_SN_OFFSET = 28;
    public static final int MAX_CMD_SN_OFFSET = 32;
    public static final int TIME2WAIT_OFFSET = 40;
    public static final int TIME2RETAIN_OFFSET = 42;

    /** Clears the BHS, opcode 0x26, F=1. */
    public LogoutResponsePdu init() {
        return init(Opcode.LOGOUT_RESPONSE, true);
    }

    public int response() {
        return unsignedByteAt(RESPONSE_OFFSET);
    }

    public LogoutResponsePdu response(int response) {
        return unsignedByteAt(RESPONSE_OFFSET, response);
    }

    public int statSn() {
        return intAt(STAT_SN_OFFSET);
    }

    public LogoutResponsePdu statSn(int statSn) {
        return intAt(STAT_SN_OFFSET, statSn);
    }

    public int expCmdSn() {
        return intAt(EXP_CMD_SN_OFFSET);
    }

    public LogoutResponsePdu expCmdSn(int expCmdSn) {
        return intAt(EXP_CMD_SN_OFFSET, expCmdSn);
    }

    public int maxCmdSn() {
        return intAt(MAX_CMD_SN_OFFSET);
    }

    public LogoutResponsePdu maxCmdSn(int maxCmdSn) {
        return intAt(MAX_CMD_SN_OFFSET, maxCmdSn);
    }

    /** @return Time2Wait in seconds, §11.15.2 */
    public int time2Wait() {
        return unsignedShortAt(TIME2WAIT_OFFSET);
    }

    public LogoutResponsePdu time2Wait(int seconds) {
        return unsignedShortAt(TIME2WAIT_OFFSET, seconds);
    }

    /** @return Time2Retain in seconds, §11.15.3 */
    public int time2Retain() {
        return unsignedShortAt(TIME2RETAIN_OFFSET);
    }

    public LogoutResponsePdu time2Retain(int seconds) {
        return unsignedShortAt(TIME2RETAIN_OFFSET, seconds);
    }
}
