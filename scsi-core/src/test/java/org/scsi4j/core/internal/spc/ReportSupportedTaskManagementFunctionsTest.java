package org.scsi4j.core.internal.spc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.transport.TmfFunction;
import org.scsi4j.core.spi.transport.TmfResponse;
import org.scsi4j.core.testing.MemoryBlockDevice;

/** REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS (SPC-4 §6.40). */
class ReportSupportedTaskManagementFunctionsTest {

    static byte[] rstmf(boolean repd, int allocationLength) {
        byte[] c = new byte[12];
        c[0] = (byte) 0xA3;
        c[1] = 0x0D;
        c[2] = (byte) (repd ? 0x80 : 0);
        SpcCdb.putInt(c, 6, allocationLength);
        return c;
    }

    @Test
    void basicFormatNamesTheFunctionsTheEngineImplements() {
        try (SpcTarget t = SpcTarget.disk()) {
            ScsiResponse r = t.in(rstmf(false, 64), 64);
            assertThat(r.isGood()).isTrue();
            // ATS ATSS CTSS LURS QTS TRS; ITNRS
            assertThat(r.data()).containsExactly(0xDE, 0x01, 0x00, 0x00);
        }
    }

    @Test
    void everyReportedFunctionIsAnsweredAndEveryOtherIsNotSupported() {
        Map<TmfFunction, int[]> bits = Map.of(
                TmfFunction.ABORT_TASK_SET, new int[] {0, 0x40},
                TmfFunction.CLEAR_ACA, new int[] {0, 0x20},
                TmfFunction.CLEAR_TASK_SET, new int[] {0, 0x10},
                TmfFunction.LOGICAL_UNIT_RESET, new int[] {0, 0x08},
                TmfFunction.QUERY_TASK, new int[] {0, 0x04},
                TmfFunction.TARGET_WARM_RESET, new int[] {0, 0x02},
                TmfFunction.QUERY_ASYNC_EVENT, new int[] {1, 0x04},
                TmfFunction.QUERY_TASK_SET, new int[] {1, 0x02},
                TmfFunction.I_T_NEXUS_RESET, new int[] {1, 0x01});
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] d = t.in(rstmf(false, 4), 4).data();
            for (Map.Entry<TmfFunction, int[]> e : bits.entrySet()) {
                boolean reported = (d[e.getValue()[0]] & e.getValue()[1]) != 0;
                TmfResponse response = t.session.taskManagement(e.getKey(), 0, 12345);
                assertThat(response == TmfResponse.FUNCTION_NOT_SUPPORTED)
                        .as("%s reported %s, answered %s", e.getKey(), reported, response).isEqualTo(!reported);
                for (int lun : t.target.luns()) {
                    t.session.clearUnitAttentions(lun);
                }
            }
        }
    }

    @Test
    void extendedFormatCarriesTheTimeouts() {
        ScsiTarget target = ScsiTarget.builder(SpcTarget.TARGET_NAME)
                .taskManagementTimeout(Duration.ofMillis(2550))
                .logicalUnit(0, LogicalUnitSpec.disk("d0", new MemoryBlockDevice(512, 64)))
                .build();
        try (SpcTarget t = new SpcTarget(target)) {
            ScsiResponse r = t.in(rstmf(true, 64), 64);
            assertThat(r.isGood()).isTrue();
            byte[] d = r.data();
            assertThat(d).hasSize(16);
            assertThat(d[0] & 0xFF).isEqualTo(0xDE);
            assertThat(d[1]).isEqualTo((byte) 0x01);
            assertThat(d[3]).as("ADDITIONAL DATA LENGTH").isEqualTo((byte) 0x0C);
            assertThat(d[4]).as("TMFTMOV").isEqualTo((byte) 0x01);
            assertThat(d[6]).as("QTTS: QUERY TASK uses the short timeout").isEqualTo((byte) 0x04);
            assertThat(d[7]).isZero();
            assertThat(SpcCdb.u32(d, 8)).as("TMF LONG TIMEOUT: 2.6 s + 1 s").isEqualTo(36);
            assertThat(SpcCdb.u32(d, 12)).as("TMF SHORT TIMEOUT: 1 s").isEqualTo(10);
            // truncated to the allocation length
            assertThat(t.in(rstmf(true, 2), 2).data()).containsExactly(0xDE, 0x01);
        }
    }

    @Test
    void reservedCdbBitsAreRefused() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] c = rstmf(false, 4);
            c[2] = 0x40;
            SenseAssert.invalidFieldInCdb(t.in(c, 4), 2, 6);
        }
    }
}
