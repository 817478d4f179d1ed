package org.scsi4j.iscsi.internal.pdu;

/**
 * SCSI Task Management Function Request, opcode 0x02, RFC 7143 §11.5.
 *
 * <pre>
 *  0|.|I| 0x02      |1| Function    | Reserved                      |
 *  4|TotalAHSLength | DataSegmentLength (0)                         |
 *  8| LUN or Reserved                                               |
 * 16| Initiator Task Tag                                            |
 * 20| Referenced Task Tag or 0xffffffff                             |
 * 24| CmdSN                                                         |
 * 28| ExpStatSN                                                     |
 * 32| RefCmdSN or Reserved                                          |
 * 36| ExpDataSN or Reserved                                         |
 * 40/ Reserved                                                      /
 * </pre>
 *
 * <p>Function codes are in {@link PduCodes.TaskManagementFunction}.
 */
public final class TaskManagementRequestPdu extends HeaderFlyweight<TaskManagementRequestPdu> {
    public static final int REFERENCED_TASK_TAG_OFFSET = 20;
    public static final int CMD_SN_OFFSET = 24;
    public static final int EXP_STAT_SN_OFFSET = 28;
    public static final int REF_CMD_SN_OFFSET = 32;
    public static final int EXP_DATA_SN_OFFSET = 36;
    /** Function: the low 7 bits of byte 1, §11.5.1. */
    public static final int FUNCTION_MASK = 0x7F;

    /** Clears the BHS, opcode 0x02, F=1. */
    public TaskManagementRequestPdu init() {
        return init(Opcode.TASK_MANAGEMENT_REQUEST, true);
    }

    public int function() {
        return flags() & FUNCTION_MASK;
    }

    public TaskManagementRequestPdu function(int function) {
        return bitsAt(FLAGS_OFFSET, FUNCTION_MASK, function);
    }

    /** @return the ITT of the task to abort or reassign, §11.5.3 */
    public int referencedTaskTag() {
        return intAt(REFERENCED_TASK_TAG_OFFSET);
    }

    public TaskManagementRequestPdu referencedTaskTag(int tag) {
        return intAt(REFERENCED_TASK_TAG_OFFSET, tag);
    }

    public int cmdSn() {
        return intAt(CMD_SN_OFFSET);
    }

    public TaskManagementRequestPdu cmdSn(int cmdSn) {
        return intAt(CMD_SN_OFFSET, cmdSn);
    }

    public int expStatSn() {
        return intAt(EXP_STAT_SN_OFFSET);
    }

    public TaskManagementRequestPdu expStatSn(int expStatSn) {
        return intAt(EXP_STAT_SN_OFFSET, expStatSn);
    }

    /** @return the CmdSN of the referenced task (ABORT TASK), §11.5.4 */
    public int refCmdSn() {
        return intAt(REF_CMD_SN_OFFSET);
    }

    public TaskManagementRequestPdu refCmdSn(int refCmdSn) {
        return intAt(REF_CMD_SN_OFFSET, refCmdSn);
    }

    /** @return ExpDataSN (TASK REASSIGN only), §11.5.5 */
    public int expDataSn() {
        return intAt(EXP_DATA_SN_OFFSET);
    }

    public TaskManagementRequestPdu expDataSn(int expDataSn) {
        return intAt(EXP_DATA_SN_OFFSET, expDataSn);
    }
}
