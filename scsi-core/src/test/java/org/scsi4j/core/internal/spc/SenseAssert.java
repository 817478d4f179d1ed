package org.scsi4j.core.internal.spc;

import static org.assertj.core.api.Assertions.assertThat;

import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.transport.ScsiStatus;

/** Assertions on CHECK CONDITION responses in fixed format (SPC-4 §4.5.3). */
final class SenseAssert {
    private SenseAssert() {
    }

    static void checkCondition(ScsiResponse r, int key, int asc, int ascq) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(ScsiStatus.CHECK_CONDITION);
        assertThat(r.senseKey()).as("sense key").isEqualTo(key);
        assertThat(r.asc()).as("ASC").isEqualTo(asc);
        assertThat(r.ascq()).as("ASCQ").isEqualTo(ascq);
    }

    /** ILLEGAL REQUEST, INVALID FIELD IN CDB, SKSV and C/D set, the field pointer (bit -1: BPV 0). */
    static void invalidFieldInCdb(ScsiResponse r, int byteIndex, int bit) {
        checkCondition(r, 0x5, 0x24, 0x00);
        fieldPointer(r, true, byteIndex, bit);
    }

    /** ILLEGAL REQUEST, INVALID FIELD IN PARAMETER LIST, SKSV set and C/D clear, the field pointer. */
    static void invalidFieldInParameterList(ScsiResponse r, int byteIndex, int bit) {
        checkCondition(r, 0x5, 0x26, 0x00);
        fieldPointer(r, false, byteIndex, bit);
    }

    private static void fieldPointer(ScsiResponse r, boolean inCdb, int byteIndex, int bit) {
        byte[] s = r.sense();
        assertThat(s[0] & 0x7F).as("fixed format").isEqualTo(0x70);
        int expected = 0x80 | (inCdb ? 0x40 : 0) | (bit >= 0 ? 0x08 | bit : 0);
        assertThat(s[15] & 0xFF).as("SKSV, C/D, BPV, BIT POINTER").isEqualTo(expected);
        assertThat(SpcCdb.u16(s, 16)).as("FIELD POINTER").isEqualTo(byteIndex);
    }
}
