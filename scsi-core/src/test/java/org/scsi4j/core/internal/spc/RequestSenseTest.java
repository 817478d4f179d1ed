package org.scsi4j.core.internal.spc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.spc.SpcCdb.requestSense;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.Cdbs;

/** REQUEST SENSE (SPC-4 §6.39): unit attentions, formats, unmapped LUNs. */
class RequestSenseTest {

    @Test
    void returnsAndClearsThePendingUnitAttention() {
        try (SpcTarget t = SpcTarget.disk()) {
            LoopbackSession fresh = t.transport.login("iqn.2026-11.org.scsi4j:fresh");
            try {
                ScsiResponse r = fresh.execute(ScsiCommand.of(0, requestSense(false, 252)).dataIn(252));
                assertThat(r.isGood()).isTrue();
                byte[] d = r.data();
                assertThat(d).hasSize(18);
                assertThat(d[0]).as("fixed format, current").isEqualTo((byte) 0x70);
                assertThat(d[2]).as("UNIT ATTENTION").isEqualTo((byte) 0x06);
                assertThat(d[7]).as("ADDITIONAL SENSE LENGTH").isEqualTo((byte) 10);
                assertThat(d[12]).as("POWER ON, RESET").isEqualTo((byte) 0x29);
                assertThat(d[13]).isEqualTo((byte) 0x00);
                assertThat(r.underflow()).isTrue();
                assertThat(r.residual()).isEqualTo(252 - 18);

                ScsiResponse none = fresh.execute(ScsiCommand.of(0, requestSense(false, 252)).dataIn(252));
                assertThat(none.isGood()).isTrue();
                assertThat(none.data()[2]).as("NO SENSE").isEqualTo((byte) 0);
                assertThat(none.data()[12]).isEqualTo((byte) 0);
                assertThat(fresh.execute(ScsiCommand.of(0, Cdbs.testUnitReady())).isGood()).isTrue();
            } finally {
                fresh.close();
            }
        }
    }

    @Test
    void descBitSelectsDescriptorFormat() {
        try (SpcTarget t = SpcTarget.disk()) {
            LoopbackSession fresh = t.transport.login("iqn.2026-11.org.scsi4j:fresh");
            try {
                ScsiResponse r = fresh.execute(ScsiCommand.of(0, requestSense(true, 252)).dataIn(252));
                assertThat(r.isGood()).isTrue();
                assertThat(r.data()).containsExactly(0x72, 0x06, 0x29, 0x00, 0, 0, 0, 0);
                ScsiResponse none = t.in(requestSense(true, 252), 252);
                assertThat(none.data()).containsExactly(0x72, 0x00, 0x00, 0x00, 0, 0, 0, 0);
            } finally {
                fresh.close();
            }
        }
    }

    @Test
    void unmappedLunReportsLogicalUnitNotSupportedWithGoodStatus() {
        try (SpcTarget t = SpcTarget.disk()) {
            ScsiResponse r = t.in(9, requestSense(false, 18), 18);
            assertThat(r.isGood()).isTrue();
            assertThat(r.data()[2]).isEqualTo((byte) 0x05);
            assertThat(r.data()[12]).isEqualTo((byte) 0x25);
        }
    }

    @Test
    void allocationLengthTruncates() {
        try (SpcTarget t = SpcTarget.disk()) {
            ScsiResponse r = t.in(requestSense(false, 8), 8);
            assertThat(r.isGood()).isTrue();
            assertThat(r.data()).hasSize(8);
            assertThat(r.data()[0]).isEqualTo((byte) 0x70);
            byte[] reserved = requestSense(false, 18);
            reserved[2] = 1;
            SenseAssert.invalidFieldInCdb(t.in(reserved, 18), 2, 0);
        }
    }
}
