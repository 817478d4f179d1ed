package org.scsi4j.core.internal.spc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.spc.SpcCdb.inquiry;

import org.junit.jupiter.api.Test;

/** The INQUIRY 3PC bit (SPC-4 §6.6.2) follows whether the unit implements EXTENDED COPY. */
class ThirdPartyCopyInquiryTest {

    @Test
    void aDiskReports3pcAndAnUnmappedLunDoesNot() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] d = t.in(inquiry(false, 0, 96), 96).data();
            assertThat(d[5] & 0x08).as("3PC").isEqualTo(0x08);
            assertThat(d[5] & 0x30).as("TPGS 01b").isEqualTo(0x10);
            byte[] none = t.in(5, inquiry(false, 0, 96), 96).data();
            assertThat(none[5] & 0x08).as("3PC of an unmapped LUN").isZero();
        }
    }
}
