package org.scsi4j.core.internal.spc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.spc.SpcCdb.reportSupportedOperationCodes;
import static org.scsi4j.core.internal.spc.SpcCdb.u16;
import static org.scsi4j.core.internal.spc.SpcCdb.u32;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.loopback.ScsiResponse;

/** REPORT SUPPORTED OPERATION CODES (SPC-4 §6.35), checked against the unit's opcode table. */
class ReportSupportedOperationCodesTest {

    private static ScsiResponse rsoc(SpcTarget t, boolean rctd, int options, int opcode, int sa, int alloc) {
        return t.in(reportSupportedOperationCodes(rctd, options, opcode, sa, alloc), alloc);
    }

    @Test
    void allCommandsListsTheOpcodeTable() {
        try (SpcTarget t = SpcTarget.disk()) {
            List<CommandDescriptor> table = t.lu(0).commands().all();
            ScsiResponse r = rsoc(t, false, 0, 0, 0, 65535);
            assertThat(r.isGood()).isTrue();
            byte[] d = r.data();
            assertThat(u32(d, 0)).isEqualTo(8L * table.size());
            assertThat(d).hasSize(4 + 8 * table.size());
            for (int i = 0; i < table.size(); i++) {
                CommandDescriptor c = table.get(i);
                int p = 4 + 8 * i;
                assertThat(d[p] & 0xFF).as("opcode of %s", c).isEqualTo(c.opcode());
                assertThat(u16(d, p + 2)).as("service action of %s", c).isEqualTo(c.hasServiceAction() ? c.serviceAction() : 0);
                assertThat(d[p + 5]).as("CTDP 0, SERVACTV of %s", c).isEqualTo((byte) (c.hasServiceAction() ? 1 : 0));
                assertThat(u16(d, p + 6)).as("CDB LENGTH of %s", c).isEqualTo(c.cdbLength());
            }
            assertThat(find(d, 8, 0x12, 0)).isGreaterThan(0);
            int rsocAt = find(d, 8, 0xA3, 0x0C);
            assertThat(d[rsocAt + 5]).isEqualTo((byte) 0x01);
        }
    }

    @Test
    void rctdAddsATimeoutsDescriptorToEveryCommand() {
        try (SpcTarget t = SpcTarget.disk()) {
            List<CommandDescriptor> table = t.lu(0).commands().all();
            byte[] d = rsoc(t, true, 0, 0, 0, 65535).data();
            assertThat(d).hasSize(4 + 20 * table.size());
            for (int i = 0; i < table.size(); i++) {
                int p = 4 + 20 * i;
                CommandDescriptor c = table.get(i);
                assertThat(d[p + 5] & 0x02).as("CTDP of %s", c).isEqualTo(0x02);
                assertThat(u16(d, p + 8)).as("DESCRIPTOR LENGTH").isEqualTo(0x0A);
                assertThat(u32(d, p + 12)).isEqualTo(c.nominalTimeoutSeconds());
                assertThat(u32(d, p + 16)).isEqualTo(c.recommendedTimeoutSeconds());
            }
            int inquiry = find(d, 20, 0x12, 0);
            assertThat(u32(d, inquiry + 12)).isEqualTo(SpcCommands.NOMINAL_TIMEOUT);
            assertThat(u32(d, inquiry + 16)).isEqualTo(SpcCommands.RECOMMENDED_TIMEOUT);
        }
    }

    @Test
    void oneOpcodeCarriesTheUsageMap() {
        try (SpcTarget t = SpcTarget.disk()) {
            ScsiResponse r = rsoc(t, false, 1, 0x12, 0, 65535);
            assertThat(r.isGood()).isTrue();
            assertThat(r.data()).containsExactly(0x00, 0x03, 0x00, 0x06, 0x12, 0x01, 0xFF, 0xFF, 0xFF, 0x00);

            byte[] withTimeouts = rsoc(t, true, 1, 0x12, 0, 65535).data();
            assertThat(withTimeouts).hasSize(4 + 6 + 12);
            assertThat(withTimeouts[1]).as("CTDP, SUPPORT 011b").isEqualTo((byte) 0x83);
            assertThat(u16(withTimeouts, 10)).isEqualTo(0x0A);
            assertThat(u32(withTimeouts, 14)).isEqualTo(SpcCommands.NOMINAL_TIMEOUT);
            assertThat(u32(withTimeouts, 18)).isEqualTo(SpcCommands.RECOMMENDED_TIMEOUT);
        }
    }

    @Test
    void serviceActionCommandsCarryTheirServiceActionInTheUsageData() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] d = rsoc(t, false, 2, 0xA3, 0x0C, 65535).data();
            assertThat(d).containsExactly(0x00, 0x03, 0x00, 0x0C,
                    0xA3, 0x0C, 0x87, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00);
            byte[] rtpg = rsoc(t, false, 2, 0xA3, 0x0A, 65535).data();
            assertThat(Arrays.copyOfRange(rtpg, 4, 6)).containsExactly(0xA3, 0x2A);
        }
    }

    @Test
    void reportingOptionMustFitTheOpcode() {
        try (SpcTarget t = SpcTarget.disk()) {
            SenseAssert.invalidFieldInCdb(rsoc(t, false, 1, 0xA3, 0x0C, 65535), 3, -1);
            SenseAssert.invalidFieldInCdb(rsoc(t, false, 2, 0x12, 0, 65535), 3, -1);
            SenseAssert.invalidFieldInCdb(rsoc(t, false, 4, 0x12, 0, 65535), 2, 2);
            SenseAssert.invalidFieldInCdb(rsoc(t, false, 7, 0x12, 0, 65535), 2, 2);
        }
    }

    @Test
    void unsupportedCommandsReportSupport001b() {
        try (SpcTarget t = SpcTarget.disk()) {
            assertThat(rsoc(t, false, 1, 0xFD, 0, 65535).data()).containsExactly(0, 0x01, 0, 0);
            assertThat(rsoc(t, true, 2, 0xA3, 0x1F, 65535).data()).containsExactly(0, 0x01, 0, 0);
            assertThat(rsoc(t, false, 2, 0xFD, 0x01, 65535).data()).containsExactly(0, 0x01, 0, 0);
        }
    }

    @Test
    void option011bTakesEitherKind() {
        try (SpcTarget t = SpcTarget.disk()) {
            assertThat(rsoc(t, false, 3, 0x12, 0x55, 65535).data()[1]).isEqualTo((byte) 0x03);
            byte[] d = rsoc(t, false, 3, 0xA3, 0x0C, 65535).data();
            assertThat(d[1]).isEqualTo((byte) 0x03);
            assertThat(d[5]).isEqualTo((byte) 0x0C);
            assertThat(rsoc(t, false, 3, 0xA3, 0x1E, 65535).data()[1]).isEqualTo((byte) 0x01);
        }
    }

    @Test
    void everyListedCommandCanBeQueriedAlone() {
        try (SpcTarget t = SpcTarget.disk()) {
            for (CommandDescriptor c : t.lu(0).commands().all()) {
                ScsiResponse r = rsoc(t, false, c.hasServiceAction() ? 2 : 1, c.opcode(),
                        c.hasServiceAction() ? c.serviceAction() : 0, 65535);
                assertThat(r.isGood()).as("%s", c).isTrue();
                byte[] d = r.data();
                assertThat(d[1]).as("%s supported", c).isEqualTo((byte) 0x03);
                assertThat(u16(d, 2)).isEqualTo(c.cdbLength());
                assertThat(d[4] & 0xFF).isEqualTo(c.opcode());
            }
        }
    }

    @Test
    void allocationLengthTruncates() {
        try (SpcTarget t = SpcTarget.disk()) {
            ScsiResponse r = rsoc(t, false, 0, 0, 0, 4);
            assertThat(r.isGood()).isTrue();
            assertThat(r.data()).hasSize(4);
            assertThat(u32(r.data(), 0)).isEqualTo(8L * t.lu(0).commands().all().size());
        }
    }

    /** Offset of the command descriptor for opcode/service action in all-commands data, or -1. */
    private static int find(byte[] d, int size, int opcode, int sa) {
        for (int p = 4; p + size <= d.length; p += size) {
            if ((d[p] & 0xFF) == opcode && u16(d, p + 2) == sa) {
                return p;
            }
        }
        return -1;
    }
}
