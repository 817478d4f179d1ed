package org.scsi4j.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scsi4j.backstore.file.NullBlockDevice;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.iscsi.internal.pdu.Opcode;
import org.scsi4j.iscsi.testing.LoginOptions;
import org.scsi4j.iscsi.testing.LoginResult;
import org.scsi4j.iscsi.testing.Pdu;
import org.scsi4j.iscsi.testing.Pdus;
import org.scsi4j.iscsi.testing.ServerFixture;
import org.scsi4j.iscsi.testing.TestInitiator;

/** Discovery sessions and SendTargets (RFC 7143 §13.3, Appendix C). */
class DiscoveryTest {
    private static final String A = "iqn.2026-11.org.scsi4j:alpha";
    private static final String B = "iqn.2026-11.org.scsi4j:beta";

    private static ScsiTarget target(String name) {
        return ScsiTarget.builder(name).logicalUnit(0, LogicalUnitSpec.disk("null", new NullBlockDevice(1 << 20, 512))).build();
    }

    private interface Body {
        void run(IscsiServer server) throws Exception;
    }

    private static void withServer(IscsiServer.Builder extra, int targets, Body body) throws Exception {
        ScsiTarget ta = target(A);
        ScsiTarget tb = target(B);
        IscsiServer.Builder b = extra.portal("127.0.0.1", 0).portal("127.0.0.1", 0)
                .target(ExportedTarget.builder(A, ta).portalGroupTag(1).build());
        for (int k = 1; k < targets; k++) {
            b.target(ExportedTarget.builder(k == 1 ? B : "iqn.2026-11.org.scsi4j:target-with-a-long-name-" + k,
                    k == 1 ? tb : ta).portalGroupTag(k == 1 ? 7 : 3).relativePortId(k + 1).build());
        }
        IscsiServer server = b.build().start();
        try {
            body.run(server);
        } finally {
            server.close();
            assertThat(ta.openNexusCount() + tb.openNexusCount()).isZero();
            ta.close();
            tb.close();
            assertThat(ServerFixture.loopThreads()).isEmpty();
        }
    }

    @Test
    void sendTargetsAllListsEveryTargetAtEveryPortal() throws Exception {
        withServer(IscsiServer.builder(), 2, server -> {
            int p1 = server.boundAddresses().get(0).getPort();
            int p2 = server.boundAddresses().get(1).getPort();
            try (TestInitiator i = TestInitiator.connect(server.boundAddress())) {
                LoginResult r = i.login(LoginOptions.discovery());
                assertThat(r.success()).isTrue();
                assertThat(r.keys()).doesNotContainKey("TargetPortalGroupTag");
                List<String> all = i.sendTargets("All");
                assertThat(all).containsExactlyInAnyOrder(
                        "TargetName=" + A, "TargetAddress=127.0.0.1:" + p1 + ",1", "TargetAddress=127.0.0.1:" + p2 + ",1",
                        "TargetName=" + B, "TargetAddress=127.0.0.1:" + p1 + ",7", "TargetAddress=127.0.0.1:" + p2 + ",7");
                assertThat(all.indexOf("TargetName=" + B)).isEqualTo(all.indexOf("TargetAddress=127.0.0.1:" + p1 + ",7") - 1);
                assertThat(i.sendTargets(B)).containsExactly("TargetName=" + B,
                        "TargetAddress=127.0.0.1:" + p1 + ",7", "TargetAddress=127.0.0.1:" + p2 + ",7");
                assertThat(i.sendTargets("iqn.2026-11.org.scsi4j:unknown")).isEmpty();
                assertThat(i.logout(0).byteAt(2)).isZero();
            }
        });
    }

    @Test
    void longSendTargetsAnswersSpanTextResponses() throws Exception {
        withServer(IscsiServer.builder(), 40, server -> {
            try (TestInitiator i = TestInitiator.connect(server.boundAddress())) {
                assertThat(i.login(LoginOptions.discovery().key("MaxRecvDataSegmentLength", "512")).success()).isTrue();
                List<String> all = i.sendTargets("All");
                assertThat(all.stream().filter(s -> s.startsWith("TargetName=")).count()).isEqualTo(40);
                assertThat(all).hasSize(120);
            }
        });
    }

    @Test
    void discoverySessionRejectsScsiCommands() throws Exception {
        withServer(IscsiServer.builder(), 1, server -> {
            try (TestInitiator i = TestInitiator.connect(server.boundAddress())) {
                assertThat(i.login(LoginOptions.discovery()).success()).isTrue();
                i.send(Pdus.scsiCommand(i.nextItt(), 0, Cdbs.testUnitReady(), false, false, 0, i.takeCmdSn(),
                        i.expStatSn(), true, null));
                Pdu r = i.receive();
                assertThat(r.opcode()).isEqualTo(Opcode.REJECT);
                assertThat(r.byteAt(2)).isEqualTo(0x04);
            }
        });
    }

    @Test
    void discoveryWithChap() throws Exception {
        withServer(IscsiServer.builder().discoveryChap(ChapCredentials.of("finder", "discovery-secret")), 1, server -> {
            try (TestInitiator i = TestInitiator.connect(server.boundAddress())) {
                assertThat(i.login(LoginOptions.discovery()).status()).isEqualTo(0x0201);
            }
            try (TestInitiator i = TestInitiator.connect(server.boundAddress())) {
                assertThat(i.login(LoginOptions.discovery().chap("finder", "discovery-secret")).success()).isTrue();
                assertThat(i.sendTargets("All")).contains("TargetName=" + A);
            }
        });
    }

    @Test
    void textRequestSpanningPdus() throws Exception {
        withServer(IscsiServer.builder(), 1, server -> {
            try (TestInitiator i = TestInitiator.connect(server.boundAddress())) {
                assertThat(i.login(LoginOptions.discovery()).success()).isTrue();
                byte[] text = Pdus.text(Map.of("SendTargets", "All"));
                int itt = i.nextItt();
                i.send(Pdus.text(itt, -1, i.cmdSn(), i.expStatSn(), false, true, java.util.Arrays.copyOf(text, 5)));
                Pdu empty = i.receive();
                assertThat(empty.opcode()).isEqualTo(Opcode.TEXT_RESPONSE);
                assertThat(empty.dataSegmentLength()).isZero();
                assertThat(empty.isFinal()).isFalse();
                assertThat(empty.ttt()).isNotEqualTo(-1);
                i.send(Pdus.text(itt, empty.ttt(), i.cmdSn(), i.expStatSn(), true, false,
                        java.util.Arrays.copyOfRange(text, 5, text.length)));
                Pdu answer = i.receive();
                assertThat(answer.isFinal()).isTrue();
                assertThat(answer.ttt()).isEqualTo(-1);
                assertThat(answer.rawText()).startsWith("TargetName=" + A);
            }
        });
    }
}
