package org.scsi4j.iscsi.internal.pdu;

/**
 * iSCSI opcodes, RFC 7143 §11.2.1.2. The opcode is the low six bits of BHS byte 0.
 *
 * <p>Initiator opcodes are 0x00–0x1f (0x1c–0x1e vendor specific), target opcodes 0x20–0x3f
 * (0x3c–0x3e vendor specific).
 */
public final class Opcode {
    /** NOP-Out, §11.18. */
    public static final int NOP_OUT = 0x00;
    /** SCSI Command, §11.3. */
    public static final int SCSI_COMMAND = 0x01;
    /** SCSI Task Management Function Request, §11.5. */
    public static final int TASK_MANAGEMENT_REQUEST = 0x02;
    /** Login Request, §11.12. */
    public static final int LOGIN_REQUEST = 0x03;
    /** Text Request, §11.10. */
    public static final int TEXT_REQUEST = 0x04;
    /** SCSI Data-Out, §11.7. */
    public static final int DATA_OUT = 0x05;
    /** Logout Request, §11.14. */
    public static final int LOGOUT_REQUEST = 0x06;
    /** SNACK Request, §11.16. */
    public static final int SNACK_REQUEST = 0x10;

    /** NOP-In, §11.19. */
    public static final int NOP_IN = 0x20;
    /** SCSI Response, §11.4. */
    public static final int SCSI_RESPONSE = 0x21;
    /** SCSI Task Management Function Response, §11.6. */
    public static final int TASK_MANAGEMENT_RESPONSE = 0x22;
    /** Login Response, §11.13. */
    public static final int LOGIN_RESPONSE = 0x23;
    /** Text Response, §11.11. */
    public static final int TEXT_RESPONSE = 0x24;
    /** SCSI Data-In, §11.7. */
    public static final int DATA_IN = 0x25;
    /** Logout Response, §11.15. */
    public static final int LOGOUT_RESPONSE = 0x26;
    /** Ready To Transfer (R2T), §11.8. */
    public static final int R2T = 0x31;
    /** Asynchronous Message, §11.9. */
    public static final int ASYNC_MESSAGE = 0x32;
    /** Reject, §11.17. */
    public static final int REJECT = 0x3f;

    private Opcode() {
    }

    /** @return true for opcodes an initiator sends (0x00–0x1f). */
    public static boolean isInitiatorOpcode(int opcode) {
        return opcode >= 0 && opcode < 0x20;
    }

    /** @return true for the vendor-specific ranges 0x1c–0x1e and 0x3c–0x3e. */
    public static boolean isVendorSpecific(int opcode) {
        return (opcode >= 0x1c && opcode <= 0x1e) || (opcode >= 0x3c && opcode <= 0x3e);
    }

    /** @return the RFC 7143 name of an opcode, for logs; never allocates. */
    public static String name(int opcode) {
        switch (opcode) {
            case NOP_OUT: return "NOP-Out";
            case SCSI_COMMAND: return "SCSI Command";
            case TASK_MANAGEMENT_REQUEST: return "Task Management Function Request";
            case LOGIN_REQUEST: return "Login Request";
            case TEXT_REQUEST: return "Text Request";
            case DATA_OUT: return "SCSI Data-Out";
            case LOGOUT_REQUEST: return "Logout Request";
            case SNACK_REQUEST: return "SNACK Request";
            case NOP_IN: return "NOP-In";
            case SCSI_RESPONSE: return "SCSI Response";
            case TASK_MANAGEMENT_RESPONSE: return "Task Management Function Response";
            case LOGIN_RESPONSE: return "Login Response";
            case TEXT_RESPONSE: return "Text Response";
            case DATA_IN: return "SCSI Data-In";
            case LOGOUT_RESPONSE: return "Logout Response";
            case R2T: return "R2T";
            case ASYNC_MESSAGE: return "Asynchronous Message";
            case REJECT: return "Reject";
            default: return isVendorSpecific(opcode) ? "vendor specific" : "unknown";
        }
    }
}
