package org.scsi4j.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.iscsi.internal.pdu.Opcode;
import org.scsi4j.iscsi.testing.LoginOptions;
import org.scsi4j.iscsi.testing.LoginResult;
import org.scsi4j.iscsi.testing.Pdu;
import org.scsi4j.iscsi.testing.Pdus;
import org.scsi4j.iscsi.testing.ServerFixture;
import org.scsi4j.iscsi.testing.TestInitiator;

/** Login phase: authentication, negotiation answers, failures with their status codes. */
class LoginTest {
    private static final String IQN = ServerFixture.IQN;
    private static final String SECRET = "a-secret-of-16-b";
    private static final String TARGET_SECRET = "target-secret-16";

    private static ServerFixture chapFixture(boolean mutual) {
        return ServerFixture.start(s -> { }, t -> {
            t.chap(ChapCredentials.of("alice", SECRET));
            if (mutual) {
                t.mutualChap(ChapCredentials.of("target-bob", TARGET_SECRET));
            }
        });
    }

    @Test
    void loginWithoutAuthentication() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            LoginResult r = f.connect().login(LoginOptions.normal(IQN));
            assertThat(r.status()).isZero();
            assertThat(r.tsih()).isNotZero();
            assertThat(r.keys()).containsEntry("TargetPortalGroupTag", "1")
                    .containsEntry("MaxRecvDataSegmentLength", "262144");
            assertThat(f.server().sessionCount()).isEqualTo(1);
        }
    }

    @Test
    void loginSkippingTheSecurityStage() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            LoginResult r = f.connect().login(LoginOptions.normal(IQN).skipSecurity());
            assertThat(r.success()).isTrue();
        }
    }

    @Test
    void oneWayChap() throws Exception {
        try (ServerFixture f = chapFixture(false)) {
            TestInitiator i = f.connect();
            LoginResult r = i.login(LoginOptions.normal(IQN).chap("alice", SECRET));
            assertThat(r.success()).isTrue();
            assertThat(r.keys()).containsEntry("AuthMethod", "CHAP").containsEntry("CHAP_A", "5");
            assertThat(i.command(0, Cdbs.testUnitReady(), null, 0).status()).isIn(0, 2);
        }
    }

    @Test
    void mutualChap() throws Exception {
        try (ServerFixture f = chapFixture(true)) {
            LoginResult r = f.connect().login(LoginOptions.normal(IQN).chap("alice", SECRET)
                    .mutualChap("target-bob", TARGET_SECRET));
            assertThat(r.success()).isTrue();
            assertThat(r.keys()).containsEntry("CHAP_N", "target-bob");
        }
    }

    @Test
    void wrongSecretFailsWithAuthenticationFailure() throws Exception {
        try (ServerFixture f = chapFixture(false)) {
            TestInitiator i = f.connect();
            LoginResult r = i.login(LoginOptions.normal(IQN).chap("alice", "not-the-secret!!"));
            assertThat(r.status()).isEqualTo(0x0201);
            assertThat(i.closedByPeer(5000)).isTrue();
            assertThat(f.server().sessionCount()).isZero();
        }
    }

    @Test
    void unknownChapUserFailsLikeAWrongSecret() throws Exception {
        try (ServerFixture f = chapFixture(false)) {
            LoginResult r = f.connect().login(LoginOptions.normal(IQN).chap("mallory", SECRET));
            assertThat(r.status()).isEqualTo(0x0201);
        }
    }

    @Test
    void reflectedMutualChallengeIsRefused() throws Exception {
        try (ServerFixture f = chapFixture(true)) {
            // "reflect" makes the test initiator send the target's own challenge back (RFC 7143 §12.1.3)
            LoginResult r = f.connect().login(LoginOptions.normal(IQN).chap("alice", SECRET)
                    .mutualChap("target-bob", "reflect"));
            assertThat(r.status()).isEqualTo(0x0201);
        }
    }

    @Test
    void chapRequiredButSecurityStageSkipped() throws Exception {
        try (ServerFixture f = chapFixture(false)) {
            LoginResult r = f.connect().login(LoginOptions.normal(IQN).skipSecurity());
            assertThat(r.status()).isEqualTo(0x0201);
        }
    }

    @Test
    void chapRequiredButNoneOffered() throws Exception {
        try (ServerFixture f = chapFixture(false)) {
            LoginResult r = f.connect().login(LoginOptions.normal(IQN));
            assertThat(r.status()).isEqualTo(0x0201);
        }
    }

    @Test
    void negotiationAnswers() throws Exception {
        try (ServerFixture f = ServerFixture.start(s -> s.maxBurstLength(131072).firstBurstLength(16384))) {
            LoginResult r = f.connect().login(LoginOptions.normal(IQN)
                    .key("HeaderDigest", "CRC32C,None").key("DataDigest", "None,CRC32C")
                    .key("MaxBurstLength", "1048576").key("FirstBurstLength", "262144")
                    .key("InitialR2T", "Yes").key("ImmediateData", "No")
                    .key("MaxOutstandingR2T", "8").key("X-com.example.Foo", "bar"));
            assertThat(r.success()).isTrue();
            assertThat(r.keys()).containsEntry("HeaderDigest", "CRC32C")
                    .containsEntry("DataDigest", "None")
                    .containsEntry("MaxBurstLength", "131072")
                    .containsEntry("InitialR2T", "Yes")
                    .containsEntry("ImmediateData", "No")
                    .containsEntry("MaxOutstandingR2T", "1")
                    .containsEntry("X-com.example.Foo", "NotUnderstood");
            // §13.14: irrelevant when InitialR2T=Yes and ImmediateData=No
            assertThat(r.keys()).containsEntry("FirstBurstLength", "Irrelevant");
        }
    }

    @Test
    void digestsOnlyWhenRequiredAreForced() throws Exception {
        try (ServerFixture f = ServerFixture.start(s -> s.headerDigests(Digest.CRC32C))) {
            TestInitiator i = f.connect();
            LoginResult r = i.login(LoginOptions.normal(IQN).key("HeaderDigest", "None"));
            // None is not allowed: the answer is Reject and the login goes on without it, or the
            // target offers CRC32C itself; either way no session runs without the digest
            if (r.success()) {
                assertThat(r.keys().get("HeaderDigest")).isIn("CRC32C", "Reject");
            }
        }
    }

    @Test
    void unknownTargetIsNotFound() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = f.connect();
            LoginResult r = i.login(LoginOptions.normal("iqn.2026-11.org.scsi4j:nothing-here"));
            assertThat(r.status()).isEqualTo(0x0203);
            assertThat(i.closedByPeer(5000)).isTrue();
        }
    }

    @Test
    void missingInitiatorName() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            LoginResult r = f.connect().login(LoginOptions.normal(IQN).omitInitiatorName());
            assertThat(r.status()).isEqualTo(0x0207);
        }
    }

    @Test
    void missingTargetNameInNormalSession() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            LoginResult r = f.connect().login(LoginOptions.normal(null));
            assertThat(r.status()).isEqualTo(0x0207);
        }
    }

    @Test
    void unsupportedVersion() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = f.connect();
            Pdus.Out login = Pdus.login(1, 0, 1, 1, 0, 0, 1, true, false,
                    Pdus.text(Map.of("InitiatorName", "iqn.2026-11.x:y", "TargetName", IQN, "AuthMethod", "None")));
            login.bhs[2] = 5;
            login.bhs[3] = 3;
            i.send(login);
            Pdu r = i.receive();
            assertThat(r.opcode()).isEqualTo(Opcode.LOGIN_RESPONSE);
            assertThat(r.bhs().getShort(36)).isEqualTo((short) 0x0205);
        }
    }

    @Test
    void secondConnectionForASessionIsRefused() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator first = f.login();
            TestInitiator second = f.connect();
            second.send(Pdus.login(first.isid(), first.tsih(), 1, 1, 0, 0, 1, true, false,
                    Pdus.text(Map.of("InitiatorName", "iqn.2026-11.org.scsi4j:test-initiator", "TargetName", IQN,
                            "AuthMethod", "None"))));
            Pdu r = second.receive();
            assertThat(r.bhs().getShort(36)).isEqualTo((short) 0x0206);
            second.send(Pdus.login(first.isid(), 4711, 1, 1, 0, 0, 1, true, false, Pdus.text(Map.of())));
        }
    }

    @Test
    void sessionLimit() throws Exception {
        try (ServerFixture f = ServerFixture.start(s -> s.maxSessions(2))) {
            f.login(LoginOptions.normal(IQN).isid(1));
            f.login(LoginOptions.normal(IQN).isid(2));
            LoginResult r = f.connect().login(LoginOptions.normal(IQN).isid(3));
            assertThat(r.status()).isEqualTo(0x0302);
            assertThat(f.server().sessionCount()).isEqualTo(2);
        }
    }

    @Test
    void sessionReinstatementClosesTheOldSession() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator old = f.login(LoginOptions.normal(IQN).isid(0x23));
            int oldTsih = old.tsih();
            TestInitiator again = f.connect();
            LoginResult r = again.login(LoginOptions.normal(IQN).isid(0x23));
            assertThat(r.success()).isTrue();
            assertThat(r.tsih()).isNotEqualTo(oldTsih);
            assertThat(old.closedByPeer(5000)).isTrue();
            assertThat(f.server().sessionCount()).isEqualTo(1);
            assertThat(again.command(0, Cdbs.testUnitReady(), null, 0).status()).isIn(0, 2);
            assertThat(f.target().openNexusCount()).isEqualTo(1);
        }
    }

    @Test
    void reinstatementAbortsTheOldSessionsTasks() throws Exception {
        org.scsi4j.core.testing.MemoryBlockDevice dev = new org.scsi4j.core.testing.MemoryBlockDevice(512, 1 << 16);
        try (ServerFixture f = ServerFixture.start(s -> { }, t -> { }, dev)) {
            TestInitiator old = f.login(LoginOptions.normal(IQN).isid(0x44));
            old.command(0, Cdbs.testUnitReady(), null, 0);
            dev.hold();
            old.send(Pdus.scsiCommand(old.nextItt(), 0, Cdbs.read10(0, 8), true, false, 4096, old.takeCmdSn(),
                    old.expStatSn(), true, null));
            ServerFixture.await("read held", () -> dev.heldCount() == 1);
            LoginResult r = f.connect().login(LoginOptions.normal(IQN).isid(0x44));
            assertThat(r.success()).isTrue();
            assertThat(old.closedByPeer(5000)).isTrue();
            assertThat(f.target().openNexusCount()).isEqualTo(1);
            assertThat(f.target().outstandingBuffers()).as("the held READ's buffer").isEqualTo(1);
            dev.release();
            ServerFixture.await("orphaned task freed", () -> f.target().outstandingBuffers() == 0);
        }
    }

    @Test
    void differentIsidIsANewSession() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator a = f.login(LoginOptions.normal(IQN).isid(0x31));
            f.login(LoginOptions.normal(IQN).isid(0x32));
            assertThat(f.server().sessionCount()).isEqualTo(2);
            assertThat(a.command(0, Cdbs.testUnitReady(), null, 0).status()).isIn(0, 2);
        }
    }

    @Test
    void loginTimeoutDropsASilentConnection() throws Exception {
        try (ServerFixture f = ServerFixture.start(s -> s.loginTimeout(Duration.ofMillis(300)))) {
            TestInitiator i = f.connect();
            assertThat(i.closedByPeer(5000)).isTrue();
        }
    }

    @Test
    void scsiCommandBeforeLoginDropsTheConnection() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = f.connect();
            i.send(Pdus.scsiCommand(1, 0, Cdbs.testUnitReady(), false, false, 0, 1, 0, true, null));
            assertThat(i.closedByPeer(5000)).isTrue();
            assertThat(f.login().command(0, Cdbs.testUnitReady(), null, 0).status()).isIn(0, 2);
        }
    }

    @Test
    void loginTextSpanningPdusWithTheContinueBit() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = f.connect();
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("InitiatorName", "iqn.2026-11.org.scsi4j:split");
            keys.put("TargetName", IQN);
            keys.put("AuthMethod", "None");
            byte[] text = Pdus.text(keys);
            int cut = 17;
            i.send(Pdus.login(7, 0, 1, 1, 0, 0, 1, false, true, java.util.Arrays.copyOf(text, cut)));
            Pdu empty = i.receive();
            assertThat(empty.opcode()).isEqualTo(Opcode.LOGIN_RESPONSE);
            assertThat(empty.dataSegmentLength()).isZero();
            assertThat(empty.bhs().getShort(36)).isZero();
            i.send(Pdus.login(7, 0, 1, 1, 0, 0, 1, true, false, java.util.Arrays.copyOfRange(text, cut, text.length)));
            Pdu r = i.receive();
            assertThat(r.bhs().getShort(36)).isZero();
            assertThat(r.text()).containsEntry("AuthMethod", "None");
            assertThat(r.flags() & 0x80).isNotZero();
        }
    }

    @Test
    void nonUtf8AndOversizedKeysFailTheLogin() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = f.connect();
            byte[] bad = "InitiatorName=iqn.2026-11.x:\u00ff\0".getBytes(StandardCharsets.ISO_8859_1);
            i.send(Pdus.login(9, 0, 1, 1, 0, 0, 1, true, false, bad));
            assertThat(i.receive().bhs().getShort(36) & 0xFF00).isEqualTo(0x0200);
            TestInitiator j = f.connect();
            byte[] key = ("K" + "x".repeat(100) + "=v\0").getBytes(StandardCharsets.US_ASCII);
            j.send(Pdus.login(10, 0, 1, 1, 0, 0, 1, true, false, key));
            assertThat(j.receive().bhs().getShort(36) & 0xFF00).isEqualTo(0x0200);
            TestInitiator k = f.connect();
            ByteBuffer huge = ByteBuffer.allocate(8192);
            while (huge.remaining() > 20) {
                huge.put("X-a=bbbbbbbbbbbb\0".getBytes(StandardCharsets.US_ASCII));
            }
            byte[] chunk = java.util.Arrays.copyOf(huge.array(), huge.position());
            for (int n = 0; n < 10; n++) {
                k.send(Pdus.login(11, 0, 1, 1, 0, 0, 1, false, true, chunk));
                Pdu p = k.receive();
                if ((p.bhs().getShort(36) & 0xFFFF) != 0) {
                    assertThat(p.bhs().getShort(36) & 0xFF00).isEqualTo(0x0200);
                    return;
                }
            }
            throw new AssertionError("80 KiB of login text was accepted");
        }
    }
}
