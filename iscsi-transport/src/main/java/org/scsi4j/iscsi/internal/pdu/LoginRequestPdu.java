package org.scsi4j.iscsi.internal.pdu;

/**
 * Login Request, opcode 0x03 (always sent with I=1), RFC 7143 §11.12.
 *
 * <pre>
 *  0|.|1| 0x03      |T|C|.|.|CSG|NSG| Version-max   | Version-min   |
 *  4|TotalAHSLength | DataSegmentLength                             |
 *  8| ISID                                          | TSIH          |
 * 16| Initiator Task Tag                                            |
 * 20| CID                           | Reserved                      |
 * 24| CmdSN                                                         |
 * 28| ExpStatSN or Reserved                                         |
 * 32/ Reserved                                                      /
 * 48/ DataSegment: login parameters in text request format          /
 * </pre>
 */
public final class LoginRequestPdu extends HeaderFlyweight<LoginRequestPdu> {
    public static final int VERSION_MAX_OFFSET = 2;
    public static final int VERSION_MIN_OFFSET = 3;
    public static final int ISID_OFFSET = 8;
    public static final int ISID_LENGTH = 6;
    public static final int TSIH_OFFSET = 14;
    public static final int CID_OFFSET = 20;
    public static final int CMD_SN_OFFSET = 24;
    public static final int EXP_STAT_SN_OFFSET = 28;

    /** T bit: transit to the next stage, §11.12.1. */
    public static final int TRANSIT_BIT = 0x80;
    /** C bit: text continues in the next PDU, §11.12.2. */
    public static final int CONTINUE_BIT = 0x40;
    public static final int CSG_MASK = 0x0C;
    public static final int CSG_SHIFT = 2;
    public static final int NSG_MASK = 0x03;

    /** Clears the BHS, opcode 0x03 with I=1, as every Login Request must be. */
    public LoginRequestPdu init() {
        clear();
        opcode(Opcode.LOGIN_REQUEST);
        return immediate(true);
    }

    public boolean transit() {
        return bit(FLAGS_OFFSET, TRANSIT_BIT);
    }

    public LoginRequestPdu transit(boolean transit) {
        return bit(FLAGS_OFFSET, TRANSIT_BIT, transit);
    }

    /** @return the C bit */
    public boolean continues() {
        return bit(FLAGS_OFFSET, CONTINUE_BIT);
    }

    public LoginRequestPdu continues(boolean continues) {
        return bit(FLAGS_OFFSET, CONTINUE_BIT, continues);
    }

    /** @return CSG code (0, 1 or 3); see {@link LoginStage#fromCode} */
    public int currentStage() {
        return (flags() & CSG_MASK) >> CSG_SHIFT;
    }

    public LoginRequestPdu currentStage(int stage) {
        return bitsAt(FLAGS_OFFSET, CSG_MASK, stage << CSG_SHIFT);
    }

    /** @return NSG code, meaningful only with T=1 */
    public int nextStage() {
        return flags() & NSG_MASK;
    }

    public LoginRequestPdu nextStage(int stage) {
        return bitsAt(FLAGS_OFFSET, NSG_MASK, stage);
    }

    public int versionMax() {
        return unsignedByteAt(VERSION_MAX_OFFSET);
    }

    public LoginRequestPdu versionMax(int version) {
        return unsignedByteAt(VERSION_MAX_OFFSET, version);
    }

    public int versionMin() {
        return unsignedByteAt(VERSION_MIN_OFFSET);
    }

    public LoginRequestPdu versionMin(int version) {
        return unsignedByteAt(VERSION_MIN_OFFSET, version);
    }

    /** @return the 6-byte ISID (§11.12.5) as the low 48 bits of a long */
    public long isid() {
        return (buffer.getLong(offset + ISID_OFFSET) >>> 16);
    }

    public LoginRequestPdu isid(long isid) {
        int tsih = tsih();
        buffer.putLong(offset + ISID_OFFSET, (isid << 16) | tsih);
        return this;
    }

    /** @return TSIH, 0 for a new session, §11.12.6 */
    public int tsih() {
        return unsignedShortAt(TSIH_OFFSET);
    }

    public LoginRequestPdu tsih(int tsih) {
        return unsignedShortAt(TSIH_OFFSET, tsih);
    }

    /** @return the Connection ID, §11.12.7 */
    public int cid() {
        return unsignedShortAt(CID_OFFSET);
    }

    public LoginRequestPdu cid(int cid) {
        return unsignedShortAt(CID_OFFSET, cid);
    }

    public int cmdSn() {
        return intAt(CMD_SN_OFFSET);
    }

    public LoginRequestPdu cmdSn(int cmdSn) {
        return intAt(CMD_SN_OFFSET, cmdSn);
    }

    public int expStatSn() {
        return intAt(EXP_STAT_SN_OFFSET);
    }

    public LoginRequestPdu expStatSn(int expStatSn) {
        return intAt(EXP_STAT_SN_OFFSET, expStatSn);
    }
}
