package org.scsi4j.core.internal.spc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.spc.SpcCdb.reportTargetPortGroups;
import static org.scsi4j.core.internal.spc.SpcCdb.u16;
import static org.scsi4j.core.internal.spc.SpcCdb.u32;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiResponse;

/** REPORT TARGET PORT GROUPS (SPC-4 §6.36): one group, active/optimized, every target port. */
class ReportTargetPortGroupsTest {

    @Test
    void lengthOnlyFormatListsOneActiveOptimizedGroup() {
        try (SpcTarget t = SpcTarget.disk()) {
            ScsiResponse r = t.in(reportTargetPortGroups(0, 1024), 1024);
            assertThat(r.isGood()).isTrue();
            byte[] d = r.data();
            assertThat(d).hasSize(16);
            assertThat(u32(d, 0)).as("RETURN DATA LENGTH").isEqualTo(12);
            assertThat(d[4]).as("PREF 0, active/optimized").isEqualTo((byte) 0x00);
            assertThat(d[5]).as("AO_SUP only").isEqualTo((byte) 0x01);
            assertThat(u16(d, 6)).as("TARGET PORT GROUP").isEqualTo(1);
            assertThat(d[9]).as("STATUS CODE").isEqualTo((byte) 0);
            assertThat(d[11]).as("TARGET PORT COUNT").isEqualTo((byte) 1);
            assertThat(u16(d, 14)).isEqualTo(LoopbackTransport.DEFAULT_RELATIVE_PORT_ID);
            assertThat(r.underflow()).isTrue();
        }
    }

    @Test
    void extendedHeaderAndEveryPort() {
        try (SpcTarget t = SpcTarget.disk()) {
            t.secondPort(7);
            byte[] d = t.in(reportTargetPortGroups(1, 1024), 1024).data();
            assertThat(d).hasSize(8 + 8 + 8);
            assertThat(u32(d, 0)).isEqualTo(20);
            assertThat(d[4]).as("FORMAT TYPE 001b").isEqualTo((byte) 0x10);
            assertThat(d[5]).as("IMPLICIT TRANSITION TIME").isEqualTo((byte) 0);
            assertThat(d[8 + 7]).isEqualTo((byte) 2);
            assertThat(u16(d, 8 + 10)).isEqualTo(7);
            assertThat(u16(d, 8 + 14)).isEqualTo(LoopbackTransport.DEFAULT_RELATIVE_PORT_ID);
        }
    }

    @Test
    void otherFormatsAreRejectedAndAllocationLengthTruncates() {
        try (SpcTarget t = SpcTarget.disk()) {
            SenseAssert.invalidFieldInCdb(t.in(reportTargetPortGroups(2, 1024), 1024), 1, 6);
            SenseAssert.invalidFieldInCdb(t.in(reportTargetPortGroups(4, 1024), 1024), 1, 7);
            ScsiResponse r = t.in(reportTargetPortGroups(0, 4), 4);
            assertThat(r.data()).hasSize(4);
            assertThat(u32(r.data(), 0)).isEqualTo(12);
        }
    }
}
