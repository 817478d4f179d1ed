package org.scsi4j.iscsi.internal.pdu;

/**
 * SNACK Request, opcode 0x10, RFC 7143 §11.16. Only meaningful at ErrorRecoveryLevel &gt; 0;
 * a target at level 0 answers it with Reject.
 *
 * <pre>
 *  0|.|.| 0x10      |1|.|.|.| Type  | Reserved                      |
 *  4|TotalAHSLength | DataSegmentLength (0)                         |
 *  8| LUN or Reserved                                               |
 * 16| Initiator Task Tag or 0xffffffff                              |
 * 20| Target Transfer Tag or SNACK Tag or 0xffffffff                |
 * 24| Reserved                                                      |
 * 28| ExpStatSN                                                     |
 * 32| Reserved                                                      |
 * 36| BegRun                                                        |
 * 40| RunLength                                                     |
 * 44| Reserved                                                      |
 * </pre>
 *
 * <p>Types are in {@link PduCodes.SnackType}.
 */
public final class SnackRequestPdu extends HeaderFlyweight<SnackRequestPdu> {
    public static final int TARGET_TRANSFER_TAG_OFFSET = 20;
    public static final int EXP_STAT_SN_OFFSET = 28;
    public static final int BEG_RUN_OFFSET = 36;
    public static final int RUN_LENGTH_OFFSET = 40;
    /** Type: the low 4 bits of byte 1, §11.16.1. */
    public static final int TYPE_MASK = 0x0F;

    /** Clears the BHS, opcode 0x10, F=1. */
    public SnackRequestPdu init() {
        return init(Opcode.SNACK_REQUEST, true);
    }

    public int type() {
        return flags() & TYPE_MASK;
    }

    public SnackRequestPdu type(int type) {
        return bitsAt(FLAGS_OFFSET, TYPE_MASK, type);
    }

    /** @return TTT (DataACK) or SNACK Tag (R-Data), §11.16.3 */
    public int targetTransferTag() {
        return intAt(TARGET_TRANSFER_TAG_OFFSET);
    }

    public SnackRequestPdu targetTransferTag(int tag) {
        return intAt(TARGET_TRANSFER_TAG_OFFSET, tag);
    }

    public int expStatSn() {
        return intAt(EXP_STAT_SN_OFFSET);
    }

    public SnackRequestPdu expStatSn(int expStatSn) {
        return intAt(EXP_STAT_SN_OFFSET, expStatSn);
    }

    public int begRun() {
        return intAt(BEG_RUN_OFFSET);
    }

    public SnackRequestPdu begRun(int begRun) {
        return intAt(BEG_RUN_OFFSET, begRun);
    }

    public int runLength() {
        return intAt(RUN_LENGTH_OFFSET);
    }

    public SnackRequestPdu runLength(int runLength) {
        return intAt(RUN_LENGTH_OFFSET, runLength);
    }
}
