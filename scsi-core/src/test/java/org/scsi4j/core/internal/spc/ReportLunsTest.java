package org.scsi4j.core.internal.spc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.spc.SpcCdb.reportLuns;
import static org.scsi4j.core.internal.spc.SpcCdb.u32;
import static org.scsi4j.core.internal.spc.SpcCdb.u64;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.core.testing.MemoryBlockDevice;

/** REPORT LUNS (SPC-4 §6.33). */
class ReportLunsTest {

    private static SpcTarget threeLuns() {
        return new SpcTarget(ScsiTarget.builder(SpcTarget.TARGET_NAME)
                .logicalUnit(0, LogicalUnitSpec.disk("a", new MemoryBlockDevice(512, 64)))
                .logicalUnit(3, LogicalUnitSpec.disk("b", new MemoryBlockDevice(512, 64)))
                .logicalUnit(300, LogicalUnitSpec.disk("c", new MemoryBlockDevice(512, 64)))
                .build());
    }

    @Test
    void listsTheVisibleLunsInSam5Format() {
        try (SpcTarget t = threeLuns()) {
            for (int select : new int[] {0x00, 0x02}) {
                ScsiResponse r = t.in(reportLuns(select, 512), 512);
                assertThat(r.isGood()).isTrue();
                byte[] d = r.data();
                assertThat(d).hasSize(32);
                assertThat(u32(d, 0)).as("LUN LIST LENGTH").isEqualTo(24);
                assertThat(u32(d, 4)).isZero();
                assertThat(u64(d, 8)).isEqualTo(0L);
                assertThat(u64(d, 16)).as("peripheral device addressing").isEqualTo(0x0003_0000_0000_0000L);
                assertThat(u64(d, 24)).as("flat space addressing").isEqualTo(0x412C_0000_0000_0000L);
                assertThat(r.underflow()).isTrue();
                assertThat(r.residual()).isEqualTo(512 - 32);
            }
        }
    }

    @Test
    void wellKnownLogicalUnitsOnlyIsAnEmptyList() {
        try (SpcTarget t = threeLuns()) {
            ScsiResponse r = t.in(reportLuns(0x01, 512), 512);
            assertThat(r.isGood()).isTrue();
            assertThat(r.data()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    @Test
    void otherSelectReportValuesAreInvalid() {
        try (SpcTarget t = threeLuns()) {
            SenseAssert.invalidFieldInCdb(t.in(reportLuns(0x03, 512), 512), 2, -1);
            SenseAssert.invalidFieldInCdb(t.in(reportLuns(0x10, 512), 512), 2, -1);
            SenseAssert.invalidFieldInCdb(t.in(reportLuns(0xFF, 512), 512), 2, -1);
        }
    }

    @Test
    void allocationLengthBelowSixteenIsInvalidAndSixteenTruncates() {
        try (SpcTarget t = threeLuns()) {
            SenseAssert.invalidFieldInCdb(t.in(reportLuns(0, 15), 15), 6, -1);
            SenseAssert.invalidFieldInCdb(t.in(reportLuns(0, 0), 0), 6, -1);
            ScsiResponse r = t.in(reportLuns(0, 16), 16);
            assertThat(r.isGood()).isTrue();
            assertThat(r.data()).hasSize(16);
            assertThat(u32(r.data(), 0)).as("the full list length is still reported").isEqualTo(24);
            assertThat(r.underflow()).isFalse();
        }
    }

    @Test
    void reservedBitsAreRejected() {
        try (SpcTarget t = threeLuns()) {
            byte[] cdb = reportLuns(0, 512);
            cdb[1] = 0x01;
            SenseAssert.invalidFieldInCdb(t.in(cdb, 512), 1, 0);
            cdb = reportLuns(0, 512);
            cdb[10] = (byte) 0x80;
            SenseAssert.invalidFieldInCdb(t.in(cdb, 512), 10, 7);
        }
    }

    @Test
    void clearsReportedLunsDataHasChangedAndRunsDespiteIt() {
        try (SpcTarget t = threeLuns()) {
            t.target.addLogicalUnit(7, LogicalUnitSpec.disk("d", new MemoryBlockDevice(512, 64)));
            ScsiResponse r = t.in(reportLuns(0, 512), 512);
            assertThat(r.isGood()).as("REPORT LUNS runs with the unit attention pending").isTrue();
            assertThat(u32(r.data(), 0)).isEqualTo(32);
            assertThat(t.session.execute(ScsiCommand.of(0, Cdbs.testUnitReady())).isGood())
                    .as("REPORTED LUNS DATA HAS CHANGED was cleared by REPORT LUNS").isTrue();
            assertThat(t.session.execute(ScsiCommand.of(3, Cdbs.testUnitReady())).isGood()).isTrue();
        }
    }

    @Test
    void answersThroughAnUnmappedLunZero() {
        ScsiTarget target = ScsiTarget.builder(SpcTarget.TARGET_NAME)
                .logicalUnit(5, LogicalUnitSpec.disk("only", new MemoryBlockDevice(512, 64))).build();
        try (SpcTarget t = new SpcTarget(target)) {
            ScsiResponse r = t.in(0, reportLuns(0, 64), 64);
            assertThat(r.isGood()).isTrue();
            assertThat(u32(r.data(), 0)).isEqualTo(8);
            assertThat(u64(r.data(), 8)).isEqualTo(0x0005_0000_0000_0000L);
        }
    }
}
