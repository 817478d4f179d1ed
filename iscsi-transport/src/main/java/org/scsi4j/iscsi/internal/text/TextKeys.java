package org.scsi4j.iscsi.internal.text;

/**
 * Key names and reserved values of RFC 7143 §12 and §13, spelled as on the wire.
 */
public final class TextKeys {
    // §12 security keys
    public static final String AUTH_METHOD = "AuthMethod";
    public static final String CHAP_A = "CHAP_A";
    public static final String CHAP_I = "CHAP_I";
    public static final String CHAP_C = "CHAP_C";
    public static final String CHAP_N = "CHAP_N";
    public static final String CHAP_R = "CHAP_R";

    // §13 operational keys
    public static final String HEADER_DIGEST = "HeaderDigest";
    public static final String DATA_DIGEST = "DataDigest";
    public static final String MAX_CONNECTIONS = "MaxConnections";
    public static final String SEND_TARGETS = "SendTargets";
    public static final String TARGET_NAME = "TargetName";
    public static final String INITIATOR_NAME = "InitiatorName";
    public static final String TARGET_ALIAS = "TargetAlias";
    public static final String INITIATOR_ALIAS = "InitiatorAlias";
    public static final String TARGET_ADDRESS = "TargetAddress";
    public static final String TARGET_PORTAL_GROUP_TAG = "TargetPortalGroupTag";
    public static final String INITIAL_R2T = "InitialR2T";
    public static final String IMMEDIATE_DATA = "ImmediateData";
    public static final String MAX_RECV_DATA_SEGMENT_LENGTH = "MaxRecvDataSegmentLength";
    public static final String MAX_BURST_LENGTH = "MaxBurstLength";
    public static final String FIRST_BURST_LENGTH = "FirstBurstLength";
    public static final String DEFAULT_TIME_2_WAIT = "DefaultTime2Wait";
    public static final String DEFAULT_TIME_2_RETAIN = "DefaultTime2Retain";
    public static final String MAX_OUTSTANDING_R2T = "MaxOutstandingR2T";
    public static final String DATA_PDU_IN_ORDER = "DataPDUInOrder";
    public static final String DATA_SEQUENCE_IN_ORDER = "DataSequenceInOrder";
    public static final String ERROR_RECOVERY_LEVEL = "ErrorRecoveryLevel";
    public static final String SESSION_TYPE = "SessionType";
    public static final String TASK_REPORTING = "TaskReporting";
    /** §13.24 / RFC 7144 §7. */
    public static final String ISCSI_PROTOCOL_LEVEL = "iSCSIProtocolLevel";
    /** §13.25: obsoleted marker keys of RFC 3720. */
    public static final String IF_MARKER = "IFMarker";
    public static final String OF_MARKER = "OFMarker";
    public static final String IF_MARK_INT = "IFMarkInt";
    public static final String OF_MARK_INT = "OFMarkInt";

    // reserved and common values, §6.2 and §13
    public static final String NOT_UNDERSTOOD = "NotUnderstood";
    public static final String IRRELEVANT = "Irrelevant";
    public static final String REJECT = "Reject";
    public static final String NONE = "None";
    public static final String YES = "Yes";
    public static final String NO = "No";
    public static final String CRC32C = "CRC32C";
    public static final String CHAP = "CHAP";
    public static final String DISCOVERY = "Discovery";
    public static final String NORMAL = "Normal";
    public static final String ALL = "All";
    public static final String RFC3720 = "RFC3720";

    /** Prefix of private extension keys, §13.22. */
    public static final String PRIVATE_EXTENSION_PREFIX = "X-";
    /** Prefix of public extension keys (e.g. X#NodeArchitecture), §13.22 and §13.26. */
    public static final String PUBLIC_EXTENSION_PREFIX = "X#";

    private TextKeys() {
    }

    /** @return true for the keys of the security negotiation stage, §12 */
    public static boolean isSecurityKey(String key) {
        return AUTH_METHOD.equals(key) || key.startsWith("CHAP_") || key.startsWith("SRP_")
                || key.startsWith("KRB_");
    }

    /** @return true for X- and X# extension keys, §13.22 */
    public static boolean isExtensionKey(String key) {
        return key.startsWith(PRIVATE_EXTENSION_PREFIX) || key.startsWith(PUBLIC_EXTENSION_PREFIX);
    }
}
