package org.scsi4j.iscsi.internal.pdu;

/**
 * Login Response, opcode 0x23, RFC 7143 §11.13.
 *
 * <pre>
 *  0|.|.| 0x23      |T|C|.|.|CSG|NSG| Version-max   |Version-active |
 *  4|TotalAHSLength | DataSegmentLength                             |
 *  8| ISID                                          | TSIH          |
 * 16| Initiator Task Tag                                            |
 * 20| Reserved                                                      |
 * 24| StatSN                                                        |
 * 28| ExpCmdSN                                                      |
 * 32| MaxCmdSN                                                      |
 * 36| Status-Class  | Status-Detail | Reserved                      |
 * 40/ Reserved                                                      /
 * 48/ DataSegment: login parameters in text request format          /
 * </pre>
 *
 * <p>Status-Class and Status-Detail values are in {@link PduCodes.LoginStatus}.
 */
public final class LoginResponsePdu extends HeaderFlyweight<LoginResponsePdu> {
    public static final int VERSION_MAX_OFFSET = 2;
    public static final int VERSION_ACTIVE_OFFSET = 3;
    public static final int ISID_OFFSET = 8;
    public static final int TSIH_OFFSET = 14;
    public static final int STAT_SN_OFFSET = 24;
    public static final int EXP_CMD_SN_OFFSET = 28;
    public static final int MAX_CMD_SN_OFFSET = 32;
    public static final int STATUS_CLASS_OFFSET = 36;
    public static final int STATUS_DETAIL_OFFSET = 37;

    public static final int TRANSIT_BIT = LoginRequestPdu.TRANSIT_BIT;
    public static final int CONTINUE_BIT = LoginRequestPdu.CONTINUE_BIT;

    /** Clears the BHS, opcode 0x23. */
    public LoginResponsePdu init() {
        return init(Opcode.LOGIN_RESPONSE, false);
    }

    public boolean transit() {
        return bit(FLAGS_OFFSET, TRANSIT_BIT);
    }

    public LoginResponsePdu transit(boolean transit) {
        return bit(FLAGS_OFFSET, TRANSIT_BIT, transit);
    }

    public boolean continues() {
        return bit(FLAGS_OFFSET, CONTINUE_BIT);
    }

    public LoginResponsePdu continues(boolean continues) {
        return bit(FLAGS_OFFSET, CONTINUE_BIT, continues);
    }

    public int currentStage() {
        return (flags() & LoginRequestPdu.CSG_MASK) >> LoginRequestPdu.CSG_SHIFT;
    }

    public LoginResponsePdu currentStage(int stage) {
        return bitsAt(FLAGS_OFFSET, LoginRequestPdu.CSG_MASK, stage << LoginRequestPdu.CSG_SHIFT);
    }

    public int nextStage() {
        return flags() & LoginRequestPdu.NSG_MASK;
    }

    public LoginResponsePdu nextStage(int stage) {
        return bitsAt(FLAGS_OFFSET, LoginRequestPdu.NSG_MASK, stage);
    }

    public int versionMax() {
        return unsignedByteAt(VERSION_MAX_OFFSET);
    }

    public LoginResponsePdu versionMax(int version) {
        return unsignedByteAt(VERSION_MAX_OFFSET, version);
    }

    public int versionActive() {
        return unsignedByteAt(VERSION_ACTIVE_OFFSET);
    }

    public LoginResponsePdu versionActive(int version) {
        return unsignedByteAt(VERSION_ACTIVE_OFFSET, version);
    }

    /** @return the 6-byte ISID as the low 48 bits of a long */
    public long isid() {
        return (buffer.getLong(offset + ISID_OFFSET) >>> 16);
    }

    public LoginResponsePdu isid(long isid) {
        int tsih = tsih();
        buffer.putLong(offset + ISID_OFFSET, (isid << 16) | tsih);
        return this;
    }

    public int tsih() {
        return unsignedShortAt(TSIH_OFFSET);
    }

    public LoginResponsePdu tsih(int tsih) {
        return unsignedShortAt(TSIH_OFFSET, tsih);
    }

    public int statSn() {
        return intAt(STAT_SN_OFFSET);
    }

    public LoginResponsePdu statSn(int statSn) {
        return intAt(STAT_SN_OFFSET, statSn);
    }

    public int expCmdSn() {
        return intAt(EXP_CMD_SN_OFFSET);
    }

    public LoginResponsePdu expCmdSn(int expCmdSn) {
        return intAt(EXP_CMD_SN_OFFSET, expCmdSn);
    }

    public int maxCmdSn() {
        return intAt(MAX_CMD_SN_OFFSET);
    }

    public LoginResponsePdu maxCmdSn(int maxCmdSn) {
        return intAt(MAX_CMD_SN_OFFSET, maxCmdSn);
    }

    public int statusClass() {
        return unsignedByteAt(STATUS_CLASS_OFFSET);
    }

    public LoginResponsePdu statusClass(int statusClass) {
        return unsignedByteAt(STATUS_CLASS_OFFSET, statusClass);
    }

    public int statusDetail() {
        return unsignedByteAt(STATUS_DETAIL_OFFSET);
    }

    public LoginResponsePdu statusDetail(int statusDetail) {
        return unsignedByteAt(STATUS_DETAIL_OFFSET, statusDetail);
    }

    /** @return Status-Class and Status-Detail as one {@code 0xCCDD} value */
    public int status() {
        return unsignedShortAt(STATUS_CLASS_OFFSET);
    }

    /** @param status {@code 0xCCDD}: class in the high byte, detail in the low byte */
    public LoginResponsePdu status(int status) {
        return unsignedShortAt(STATUS_CLASS_OFFSET, status);
    }
}
