package org.scsi4j.examples.tape;

import java.nio.ByteBuffer;
import org.scsi4j.core.spi.device.FixedSense;

/**
 * The sense data a tape drive answers with: fixed format (SPC-4 §4.5.3) with the three bits SSC-3
 * adds in byte 2 (FILEMARK, EOM, ILI) and the INFORMATION field carrying a residue.
 *
 * @param key         the sense key
 * @param asc         additional sense code
 * @param ascq        additional sense code qualifier
 * @param filemark    a filemark was read or spaced over
 * @param eom         end of medium: the early warning or the end of the partition when writing,
 *                    the beginning of the partition when spacing backwards
 * @param ili         the record read was not as long as asked
 * @param information the residue (VALID is set when not null)
 */
record TapeSense(int key, int asc, int ascq, boolean filemark, boolean eom, boolean ili, Integer information) {
    static final int NO_SENSE = 0x0;
    static final int NOT_READY = 0x2;
    static final int MEDIUM_ERROR = 0x3;
    static final int ILLEGAL_REQUEST = 0x5;
    static final int DATA_PROTECT = 0x7;
    static final int BLANK_CHECK = 0x8;
    static final int VOLUME_OVERFLOW = 0xD;

    /** FILEMARK DETECTED (00/01): a READ or SPACE over blocks met a filemark. */
    static TapeSense filemark(int residue) {
        return new TapeSense(NO_SENSE, 0x00, 0x01, true, false, false, residue);
    }

    /** END-OF-DATA DETECTED (00/05) with BLANK CHECK: nothing was written beyond this point. */
    static TapeSense endOfData(int residue) {
        return new TapeSense(BLANK_CHECK, 0x00, 0x05, false, false, false, residue);
    }

    /** BEGINNING-OF-PARTITION/MEDIUM DETECTED (00/04): spacing backwards reached the start. */
    static TapeSense beginningOfMedium(int residue) {
        return new TapeSense(NO_SENSE, 0x00, 0x04, false, true, false, residue);
    }

    /** END-OF-PARTITION/MEDIUM DETECTED (00/02) after a write that did complete: the early warning. */
    static TapeSense earlyWarning() {
        return new TapeSense(NO_SENSE, 0x00, 0x02, false, true, false, 0);
    }

    /** END-OF-PARTITION/MEDIUM DETECTED (00/02) with VOLUME OVERFLOW: {@code residue} was not written. */
    static TapeSense endOfMedium(int residue) {
        return new TapeSense(VOLUME_OVERFLOW, 0x00, 0x02, false, true, false, residue);
    }

    /** A record of another length than asked; {@code residue} = asked - actual (negative when longer). */
    static TapeSense incorrectLength(int residue) {
        return new TapeSense(NO_SENSE, 0x00, 0x00, false, false, true, residue);
    }

    /** A plain CHECK CONDITION reason with no residue. */
    static TapeSense of(int key, int asc, int ascq) {
        return new TapeSense(key, asc, ascq, false, false, false, null);
    }

    static final TapeSense MEDIUM_NOT_PRESENT = of(NOT_READY, 0x3A, 0x00);
    static final TapeSense INVALID_FIELD_IN_CDB = of(ILLEGAL_REQUEST, 0x24, 0x00);
    static final TapeSense INVALID_FIELD_IN_PARAMETER_LIST = of(ILLEGAL_REQUEST, 0x26, 0x00);
    static final TapeSense PARAMETER_LIST_LENGTH_ERROR = of(ILLEGAL_REQUEST, 0x1A, 0x00);
    static final TapeSense SAVING_PARAMETERS_NOT_SUPPORTED = of(ILLEGAL_REQUEST, 0x39, 0x00);
    static final TapeSense WRITE_PROTECTED = of(DATA_PROTECT, 0x27, 0x00);
    static final TapeSense UNRECOVERED_READ_ERROR = of(MEDIUM_ERROR, 0x11, 0x00);
    static final TapeSense WRITE_ERROR = of(MEDIUM_ERROR, 0x0C, 0x00);

    /** The fixed-format sense data (response code 70h, current error). */
    ByteBuffer toBytes() {
        if (information == null) {
            return FixedSense.of(key, asc, ascq);
        }
        int flags = (filemark ? FixedSense.FILEMARK : 0) | (eom ? FixedSense.EOM : 0) | (ili ? FixedSense.ILI : 0);
        return FixedSense.withInformation(key, asc, ascq, flags, information);
    }
}
