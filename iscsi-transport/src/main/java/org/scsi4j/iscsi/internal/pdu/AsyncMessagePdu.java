package org.scsi4j.iscsi.internal.pdu;

/**
 * Asynchronous Message, opcode 0x32, RFC 7143 §11.9.
 *
 * <pre>
 *  0|.|.| 0x32      |1| Reserved                                    |
 *  4|TotalAHSLength | DataSegmentLength                             |
 *  8| LUN or Reserved                                               |
 * 16| 0xffffffff                                                    |
 * 20| Reserved                                                      |
 * 24| StatSN                                                        |
 * 28| ExpCmdSN                                                      |
 * 32| MaxCmdSN                                                      |
 * 36| AsyncEvent    | AsyncVCode    | Parameter1 or Reserved        |
 * 40| Parameter2 or Reserved        | Parameter3 or Reserved        |
 * 44| Reserved                                                      |
 * 48/ DataSegment: SenseLength + Sense Data + iSCSI Event Data      /
 * </pre>
 *
 * <p>AsyncEvent codes are in {@link PduCodes.AsyncEvent}.
 */
public final class AsyncMessagePdu extends HeaderFlyweight<AsyncMessagePdu> {
    public static final int STAT_SN_OFFSET = 24;
    public static final int EXP_CMD_SN_OFFSET = 28;
    public static final int MAX_CMD_SN_OFFSET = 32;
    public static final int ASYNC_EVENT_OFFSET = 36;
    public static final int ASYNC_VCODE_OFFSET = 37;
    public static final int PARAMETER1_OFFSET = 38;
    public static final int PARAMETER2_OFFSET = 40;
    public static final int PARAMETER3_OFFSET = 42;

    /** Clears the BHS, opcode 0x32, F=1, ITT 0xffffffff as §11.9 requires. */
    public AsyncMessagePdu init() {
        init(Opcode.ASYNC_MESSAGE, true);
        return initiatorTaskTag(RESERVED_TAG);
    }

    public int statSn() {
        return intAt(STAT_SN_OFFSET);
    }

    public AsyncMessagePdu statSn(int statSn) {
        return intAt(STAT_SN_OFFSET, statSn);
    }

    public int expCmdSn() {
        return intAt(EXP_CMD_SN_OFFSET);
    }

    public AsyncMessagePdu expCmdSn(int expCmdSn) {
        return intAt(EXP_CMD_SN_OFFSET, expCmdSn);
    }

    public int maxCmdSn() {
        return intAt(MAX_CMD_SN_OFFSET);
    }

    public AsyncMessagePdu maxCmdSn(int maxCmdSn) {
        return intAt(MAX_CMD_SN_OFFSET, maxCmdSn);
    }

    public int asyncEvent() {
        return unsignedByteAt(ASYNC_EVENT_OFFSET);
    }

    public AsyncMessagePdu asyncEvent(int event) {
        return unsignedByteAt(ASYNC_EVENT_OFFSET, event);
    }

    public int asyncVCode() {
        return unsignedByteAt(ASYNC_VCODE_OFFSET);
    }

    public AsyncMessagePdu asyncVCode(int vcode) {
        return unsignedByteAt(ASYNC_VCODE_OFFSET, vcode);
    }

    public int parameter1() {
        return unsignedShortAt(PARAMETER1_OFFSET);
    }

    public AsyncMessagePdu parameter1(int value) {
        return unsignedShortAt(PARAMETER1_OFFSET, value);
    }

    public int parameter2() {
        return unsignedShortAt(PARAMETER2_OFFSET);
    }

    public AsyncMessagePdu parameter2(int value) {
        return unsignedShortAt(PARAMETER2_OFFSET, value);
    }

    public int parameter3() {
        return unsignedShortAt(PARAMETER3_OFFSET);
    }

    public AsyncMessagePdu parameter3(int value) {
        return unsignedShortAt(PARAMETER3_OFFSET, value);
    }
}
