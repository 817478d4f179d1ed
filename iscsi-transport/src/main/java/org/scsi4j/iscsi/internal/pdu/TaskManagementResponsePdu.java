package org.scsi4j.iscsi.internal.pdu;

/**
 * SCSI Task Management Function Response, opcode 0x22, RFC 7143 §11.6.
 *
 * <pre>
 *  0|.|.| 0x22      |1| Reserved    | Response      | Reserved      |
 *  4|TotalAHSLength | DataSegmentLength (0)                         |
 *  8/ Reserved                                                      /
 * 16| Initiator Task Tag                                            |
 * 20| Reserved                                                      |
 * 24| StatSN                                                        |
 * 28| ExpCmdSN                                                      |
 * 32| MaxCmdSN                                                      |
 * 36/ Reserved                                                      /
 * </pre>
 *
 * <p>Response values are in {@link PduCodes.TaskManagementResponse}.
 */
public final class TaskManagementResponsePdu extends HeaderFlyweight<TaskManagementResponsePdu> {
    public static final int RESPONSE_OFFSET = 2;
    public static final int STAT_SN_OFFSET = 24;
    public static final int EXP_CMD_SN_OFFSET = 28;
    public static final int MAX_CMD_SN_OFFSET = 32;

    /** Clears the BHS, opcode 0x22, F=1. */
    public TaskManagementResponsePdu init() {
        return init(Opcode.TASK_MANAGEMENT_RESPONSE, true);
    }

    public int response() {
        return unsignedByteAt(RESPONSE_OFFSET);
    }

    public TaskManagementResponsePdu response(int response) {
        return unsignedByteAt(RESPONSE_OFFSET, response);
    }

    public int statSn() {
        return intAt(STAT_SN_OFFSET);
    }

    public TaskManagementResponsePdu statSn(int statSn) {
        return intAt(STAT_SN_OFFSET, statSn);
    }

    public int expCmdSn() {
        return intAt(EXP_CMD_SN_OFFSET);
    }

    public TaskManagementResponsePdu expCmdSn(int expCmdSn) {
        return intAt(EXP_CMD_SN_OFFSET, expCmdSn);
    }

    public int maxCmdSn() {
        return intAt(MAX_CMD_SN_OFFSET);
    }

    public TaskManagementResponsePdu maxCmdSn(int maxCmdSn) {
        return intAt(MAX_CMD_SN_OFFSET, maxCmdSn);
    }
}
