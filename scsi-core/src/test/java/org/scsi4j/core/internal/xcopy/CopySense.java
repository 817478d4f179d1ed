package org.scsi4j.core.internal.xcopy;

import static org.assertj.core.api.Assertions.assertThat;

import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.transport.ScsiStatus;

/** Assertions on CHECK CONDITION responses (fixed format sense, SPC-4 §4.5.3). */
final class CopySense {
    static final int ILLEGAL_REQUEST = 0x5;
    static final int DATA_PROTECT = 0x7;
    static final int COPY_ABORTED = 0xA;

    private CopySense() {
    }

    static void checkCondition(ScsiResponse r, int key, int asc, int ascq) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(ScsiStatus.CHECK_CONDITION);
        assertThat(r.senseKey()).as("sense key of %s", r).isEqualTo(key);
        assertThat(r.asc()).as("ASC of %s", r).isEqualTo(asc);
        assertThat(r.ascq()).as("ASCQ of %s", r).isEqualTo(ascq);
    }

    static void parameterListLengthError(ScsiResponse r) {
        checkCondition(r, ILLEGAL_REQUEST, 0x1A, 0x00);
    }

    /** ILLEGAL REQUEST, INVALID FIELD IN PARAMETER LIST, SKSV set, C/D clear, the field pointer. */
    static void invalidFieldInParameterList(ScsiResponse r, int byteIndex, int bit) {
        checkCondition(r, ILLEGAL_REQUEST, 0x26, 0x00);
        fieldPointer(r, false, byteIndex, bit);
    }

    /** ILLEGAL REQUEST, INVALID FIELD IN CDB, SKSV and C/D set, the field pointer. */
    static void invalidFieldInCdb(ScsiResponse r, int byteIndex, int bit) {
        checkCondition(r, ILLEGAL_REQUEST, 0x24, 0x00);
        fieldPointer(r, true, byteIndex, bit);
    }

    private static void fieldPointer(ScsiResponse r, boolean inCdb, int byteIndex, int bit) {
        byte[] s = r.sense();
        int expected = 0x80 | (inCdb ? 0x40 : 0) | (bit >= 0 ? 0x08 | bit : 0);
        assertThat(s[15] & 0xFF).as("SKSV, C/D, BPV, BIT POINTER").isEqualTo(expected);
        assertThat(CopyCdb.u16(s, 16)).as("FIELD POINTER").isEqualTo(byteIndex);
    }
}
