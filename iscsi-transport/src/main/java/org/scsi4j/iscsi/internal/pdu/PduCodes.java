package org.scsi4j.iscsi.internal.pdu;

/**
 * The code tables carried in PDU fields, one nested class per field, each citing RFC 7143.
 * {@code describe(code)} methods return constant strings for logs and never allocate.
 */
public final class PduCodes {
    private PduCodes() {
    }

    /**
     * Login Response Status-Class and Status-Detail, §11.13.5, written as {@code 0xCCDD}
     * (class in the high byte) to match {@link LoginResponsePdu#status(int)}.
     */
    public static final class LoginStatus {
        public static final int CLASS_SUCCESS = 0;
        public static final int CLASS_REDIRECTION = 1;
        public static final int CLASS_INITIATOR_ERROR = 2;
        public static final int CLASS_TARGET_ERROR = 3;

        public static final int SUCCESS = 0x0000;
        public static final int TARGET_MOVED_TEMPORARILY = 0x0101;
        public static final int TARGET_MOVED_PERMANENTLY = 0x0102;
        public static final int INITIATOR_ERROR = 0x0200;
        public static final int AUTHENTICATION_FAILURE = 0x0201;
        public static final int AUTHORIZATION_FAILURE = 0x0202;
        public static final int NOT_FOUND = 0x0203;
        public static final int TARGET_REMOVED = 0x0204;
        public static final int UNSUPPORTED_VERSION = 0x0205;
        public static final int TOO_MANY_CONNECTIONS = 0x0206;
        public static final int MISSING_PARAMETER = 0x0207;
        public static final int CANT_INCLUDE_IN_SESSION = 0x0208;
        public static final int SESSION_TYPE_NOT_SUPPORTED = 0x0209;
        public static final int SESSION_DOES_NOT_EXIST = 0x020A;
        public static final int INVALID_DURING_LOGIN = 0x020B;
        public static final int TARGET_ERROR = 0x0300;
        public static final int SERVICE_UNAVAILABLE = 0x0301;
        public static final int OUT_OF_RESOURCES = 0x0302;

        private LoginStatus() {
        }

        public static int statusClass(int status) {
            return (status >> 8) & 0xFF;
        }

        public static int statusDetail(int status) {
            return status & 0xFF;
        }

        public static String describe(int status) {
            switch (status) {
                case SUCCESS: return "Success";
                case TARGET_MOVED_TEMPORARILY: return "Target moved temporarily";
                case TARGET_MOVED_PERMANENTLY: return "Target moved permanently";
                case INITIATOR_ERROR: return "Initiator error";
                case AUTHENTICATION_FAILURE: return "Authentication failure";
                case AUTHORIZATION_FAILURE: return "Authorization failure";
                case NOT_FOUND: return "Not found";
                case TARGET_REMOVED: return "Target removed";
                case UNSUPPORTED_VERSION: return "Unsupported version";
                case TOO_MANY_CONNECTIONS: return "Too many connections";
                case MISSING_PARAMETER: return "Missing parameter";
                case CANT_INCLUDE_IN_SESSION: return "Can't include in session";
                case SESSION_TYPE_NOT_SUPPORTED: return "Session type not supported";
                case SESSION_DOES_NOT_EXIST: return "Session does not exist";
                case INVALID_DURING_LOGIN: return "Invalid request during login";
                case TARGET_ERROR: return "Target error";
                case SERVICE_UNAVAILABLE: return "Service unavailable";
                case OUT_OF_RESOURCES: return "Out of resources";
                default: return "unknown login status";
            }
        }
    }

    /** Reject Reason, §11.17.1. */
    public static final class RejectReason {
        public static final int DATA_DIGEST_ERROR = 0x02;
        public static final int SNACK_REJECT = 0x03;
        public static final int PROTOCOL_ERROR = 0x04;
        public static final int COMMAND_NOT_SUPPORTED = 0x05;
        public static final int IMMEDIATE_COMMAND_REJECT = 0x06;
        public static final int TASK_IN_PROGRESS = 0x07;
        public static final int INVALID_DATA_ACK = 0x08;
        public static final int INVALID_PDU_FIELD = 0x09;
        public static final int LONG_OPERATION_REJECT = 0x0A;
        /** 0x0b was Negotiation Reset in RFC 3720; RFC 7143 deprecates it: never send it. */
        public static final int DEPRECATED_NEGOTIATION_RESET = 0x0B;
        public static final int WAITING_FOR_LOGOUT = 0x0C;

        private RejectReason() {
        }

        public static String describe(int reason) {
            switch (reason) {
                case DATA_DIGEST_ERROR: return "Data (payload) digest error";
                case SNACK_REJECT: return "SNACK Reject";
                case PROTOCOL_ERROR: return "Protocol Error";
                case COMMAND_NOT_SUPPORTED: return "Command not supported";
                case IMMEDIATE_COMMAND_REJECT: return "Immediate command reject - too many immediate commands";
                case TASK_IN_PROGRESS: return "Task in progress";
                case INVALID_DATA_ACK: return "Invalid data ack";
                case INVALID_PDU_FIELD: return "Invalid PDU field";
                case LONG_OPERATION_REJECT: return "Long op reject - out of resources";
                case DEPRECATED_NEGOTIATION_RESET: return "Deprecated (Negotiation Reset)";
                case WAITING_FOR_LOGOUT: return "Waiting for Logout";
                default: return "reserved reject reason";
            }
        }
    }

    /** Task Management Function codes, §11.5.1, plus the RFC 7144 §5 additions (9–12). */
    public static final class TaskManagementFunction {
        public static final int ABORT_TASK = 1;
        public static final int ABORT_TASK_SET = 2;
        public static final int CLEAR_ACA = 3;
        public static final int CLEAR_TASK_SET = 4;
        public static final int LOGICAL_UNIT_RESET = 5;
        public static final int TARGET_WARM_RESET = 6;
        public static final int TARGET_COLD_RESET = 7;
        public static final int TASK_REASSIGN = 8;
        public static final int QUERY_TASK = 9;
        public static final int QUERY_TASK_SET = 10;
        public static final int I_T_NEXUS_RESET = 11;
        public static final int QUERY_ASYNCHRONOUS_EVENT = 12;

        private TaskManagementFunction() {
        }

        public static String describe(int function) {
            switch (function) {
                case ABORT_TASK: return "ABORT TASK";
                case ABORT_TASK_SET: return "ABORT TASK SET";
                case CLEAR_ACA: return "CLEAR ACA";
                case CLEAR_TASK_SET: return "CLEAR TASK SET";
                case LOGICAL_UNIT_RESET: return "LOGICAL UNIT RESET";
                case TARGET_WARM_RESET: return "TARGET WARM RESET";
                case TARGET_COLD_RESET: return "TARGET COLD RESET";
                case TASK_REASSIGN: return "TASK REASSIGN";
                case QUERY_TASK: return "QUERY TASK";
                case QUERY_TASK_SET: return "QUERY TASK SET";
                case I_T_NEXUS_RESET: return "I_T NEXUS RESET";
                case QUERY_ASYNCHRONOUS_EVENT: return "QUERY ASYNCHRONOUS EVENT";
                default: return "unknown task management function";
            }
        }
    }

    /** Task Management Function Response, §11.6.1 (7 from RFC 7144 §5). */
    public static final class TaskManagementResponse {
        public static final int FUNCTION_COMPLETE = 0;
        public static final int TASK_DOES_NOT_EXIST = 1;
        public static final int LUN_DOES_NOT_EXIST = 2;
        public static final int TASK_STILL_ALLEGIANT = 3;
        public static final int TASK_ALLEGIANCE_REASSIGNMENT_NOT_SUPPORTED = 4;
        public static final int FUNCTION_NOT_SUPPORTED = 5;
        public static final int FUNCTION_AUTHORIZATION_FAILED = 6;
        public static final int FUNCTION_SUCCEEDED = 7;
        public static final int FUNCTION_REJECTED = 255;

        private TaskManagementResponse() {
        }

        public static String describe(int response) {
            switch (response) {
                case FUNCTION_COMPLETE: return "Function complete";
                case TASK_DOES_NOT_EXIST: return "Task does not exist";
                case LUN_DOES_NOT_EXIST: return "LUN does not exist";
                case TASK_STILL_ALLEGIANT: return "Task still allegiant";
                case TASK_ALLEGIANCE_REASSIGNMENT_NOT_SUPPORTED: return "Task allegiance reassignment not supported";
                case FUNCTION_NOT_SUPPORTED: return "Task management function not supported";
                case FUNCTION_AUTHORIZATION_FAILED: return "Function authorization failed";
                case FUNCTION_SUCCEEDED: return "Function succeeded";
                case FUNCTION_REJECTED: return "Function rejected";
                default: return "unknown task management response";
            }
        }
    }

    /** AsyncEvent codes, §11.9.1. */
    public static final class AsyncEvent {
        public static final int SCSI_ASYNC_EVENT = 0;
        public static final int LOGOUT_REQUEST = 1;
        public static final int CONNECTION_DROP = 2;
        public static final int SESSION_DROP = 3;
        public static final int NEGOTIATION_REQUEST = 4;
        public static final int TASK_TERMINATION = 5;
        public static final int VENDOR_SPECIFIC = 255;

        private AsyncEvent() {
        }

        public static String describe(int event) {
            switch (event) {
                case SCSI_ASYNC_EVENT: return "SCSI asynchronous event";
                case LOGOUT_REQUEST: return "Logout request";
                case CONNECTION_DROP: return "Connection drop";
                case SESSION_DROP: return "Session drop";
                case NEGOTIATION_REQUEST: return "Negotiation request";
                case TASK_TERMINATION: return "Task termination";
                case VENDOR_SPECIFIC: return "Vendor specific";
                default: return "reserved async event";
            }
        }
    }

    /** Logout Request Reason Code, §11.14.1. */
    public static final class LogoutReason {
        public static final int CLOSE_SESSION = 0;
        public static final int CLOSE_CONNECTION = 1;
        public static final int REMOVE_CONNECTION_FOR_RECOVERY = 2;

        private LogoutReason() {
        }
    }

    /** Logout Response, §11.15.1. */
    public static final class LogoutResponse {
        public static final int CLOSED_SUCCESSFULLY = 0;
        public static final int CID_NOT_FOUND = 1;
        public static final int CONNECTION_RECOVERY_NOT_SUPPORTED = 2;
        public static final int CLEANUP_FAILED = 3;

        private LogoutResponse() {
        }
    }

    /** SNACK Type, §11.16.1. */
    public static final class SnackType {
        public static final int DATA_R2T = 0;
        public static final int STATUS = 1;
        public static final int DATA_ACK = 2;
        public static final int R_DATA = 3;

        private SnackType() {
        }
    }

    /** SCSI Response "Response" field, §11.4.3. */
    public static final class ScsiResponse {
        public static final int COMMAND_COMPLETED_AT_TARGET = 0x00;
        public static final int TARGET_FAILURE = 0x01;

        private ScsiResponse() {
        }
    }
}
