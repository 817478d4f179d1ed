package org.scsi4j.iscsi.initiator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.iscsi.ChapCredentials;
import org.scsi4j.iscsi.Digest;
import org.scsi4j.iscsi.testing.ServerFixture;

/** Login (None, CHAP, mutual CHAP, refusals), negotiation and discovery against scsi4j's own target. */
class InitiatorLoginTest {
    private static final String IQN = ServerFixture.IQN;
    private static final ChapCredentials USER = ChapCredentials.of("alice", "alice-secret-16b");
    private static final ChapCredentials TARGET = ChapCredentials.of("target", "target-secret-16");

    @AfterEach
    void noThreadsLeft() throws Exception {
        Fixture.assertNoInitiatorThreads();
    }

    @Test
    void loginWithoutAuthenticationAndInquiry() throws Exception {
        try (ServerFixture f = ServerFixture.start();
             IscsiSession s = Fixture.initiator().build().login(f.address(), IQN)) {
            assertThat(s.state()).isEqualTo(IscsiSession.State.LOGGED_IN);
            assertThat(s.parameters().tsih()).isNotZero();
            assertThat(s.parameters().targetPortalGroupTag()).isEqualTo(1);
            assertThat(s.parameters().errorRecoveryLevel()).isZero();
            assertThat(f.server().sessionCount()).isEqualTo(1);
            Fixture.ready(s);
            ByteBuffer in = ByteBuffer.allocate(96);
            ScsiResult r = s.execute(0, Cdbs.inquiry(96), null, in, Fixture.T);
            assertThat(r.isGood()).isTrue();
            assertThat(in.get(0) & 0x1F).as("peripheral device type: disk").isZero();
            assertThat(in.position()).as("positions untouched").isZero();
            assertThat(s.ping(Fixture.T)).isPositive();
        }
    }

    @Test
    void negotiatesWhatBothSidesAllow() throws Exception {
        try (ServerFixture f = ServerFixture.start(b -> b.maxRecvDataSegmentLength(16384).maxBurstLength(131072)
                .firstBurstLength(32768).maxOutstandingR2T(2).immediateData(false));
             IscsiSession s = Fixture.initiator().headerDigests(Digest.CRC32C, Digest.NONE)
                     .dataDigests(Digest.CRC32C).maxRecvDataSegmentLength(65536).maxBurstLength(1 << 20)
                     .firstBurstLength(65536).maxOutstandingR2T(4).initialR2T(true).build().login(f.address(), IQN)) {
            SessionParameters p = s.parameters();
            assertThat(p.headerDigest()).isTrue();
            assertThat(p.dataDigest()).isTrue();
            assertThat(p.targetMaxRecvDataSegmentLength()).isEqualTo(16384);
            assertThat(p.initiatorMaxRecvDataSegmentLength()).isEqualTo(65536);
            assertThat(p.maxBurstLength()).isEqualTo(131072);
            assertThat(p.maxOutstandingR2T()).isEqualTo(2);
            assertThat(p.immediateData()).isFalse();
            assertThat(p.initialR2T()).isTrue();
            assertThat(p.firstBurstLength()).as("irrelevant with InitialR2T=Yes, ImmediateData=No").isZero();
            Fixture.ready(s);
            byte[] data = Fixture.random(200 * 1024, 1);
            assertThat(Fixture.write(s, 0, data).isGood()).isTrue();
            assertThat(Fixture.read(s, 0, data.length)).isEqualTo(data);
        }
    }

    @Test
    void oneWayChap() throws Exception {
        try (ServerFixture f = ServerFixture.start(b -> { }, e -> e.chap(USER));
             IscsiSession s = Fixture.initiator().chap(USER).build().login(f.address(), IQN)) {
            Fixture.ready(s);
        }
    }

    @Test
    void mutualChap() throws Exception {
        try (ServerFixture f = ServerFixture.start(b -> { }, e -> e.chap(USER).mutualChap(TARGET));
             IscsiSession s = Fixture.initiator().chap(USER).mutualChap(TARGET).build().login(f.address(), IQN)) {
            Fixture.ready(s);
        }
    }

    @Test
    void wrongSecretIsAnAuthenticationFailure() throws Exception {
        try (ServerFixture f = ServerFixture.start(b -> { }, e -> e.chap(USER))) {
            IscsiInitiator wrong = Fixture.initiator().chap(ChapCredentials.of("alice", "not-the-secret!!")).build();
            assertThatThrownBy(() -> wrong.login(f.address(), IQN))
                    .isInstanceOfSatisfying(LoginException.class, e -> {
                        assertThat(e.isAuthenticationFailure()).isTrue();
                        assertThat(e.status()).isEqualTo(0x0201);
                        assertThat(e.reason()).isEqualTo(IscsiException.Reason.LOGIN_FAILED);
                    });
            assertThat(f.server().sessionCount()).isZero();
        }
    }

    @Test
    void targetThatAnswersMutualChapWronglyIsRefused() throws Exception {
        try (ServerFixture f = ServerFixture.start(b -> { }, e -> e.chap(USER).mutualChap(TARGET))) {
            IscsiInitiator i = Fixture.initiator().chap(USER)
                    .mutualChap(ChapCredentials.of("target", "another-secret!!")).build();
            assertThatThrownBy(() -> i.login(f.address(), IQN)).isInstanceOf(LoginException.class)
                    .hasMessageContaining("failed mutual CHAP");
        }
    }

    @Test
    void mutualChapAgainstATargetWithoutItFails() throws Exception {
        try (ServerFixture f = ServerFixture.start(b -> { }, e -> e.chap(USER))) {
            IscsiInitiator i = Fixture.initiator().chap(USER).mutualChap(TARGET).build();
            assertThatThrownBy(() -> i.login(f.address(), IQN)).isInstanceOf(LoginException.class);
        }
    }

    @Test
    void noCredentialsForATargetThatRequiresChap() throws Exception {
        try (ServerFixture f = ServerFixture.start(b -> { }, e -> e.chap(USER))) {
            assertThatThrownBy(() -> Fixture.initiator().build().login(f.address(), IQN))
                    .isInstanceOf(LoginException.class);
        }
    }

    @Test
    void unknownTargetIsNotFound() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            assertThatThrownBy(() -> Fixture.initiator().build().login(f.address(), "iqn.2026-11.org.scsi4j:nope"))
                    .isInstanceOfSatisfying(LoginException.class, e -> assertThat(e.status()).isEqualTo(0x0203));
        }
    }

    @Test
    void nothingListeningFailsFast() throws Exception {
        InetSocketAddress dead;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), s.getLocalPort());
        }
        assertThatThrownBy(() -> Fixture.initiator().build().login(dead, IQN)).isInstanceOf(LoginException.class)
                .hasMessageContaining("cannot log in");
    }

    @Test
    void discoveryListsTheTargets() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            List<DiscoveredTarget> targets = Fixture.initiator().build().discover(f.address());
            assertThat(targets).hasSize(1);
            assertThat(targets.get(0).name()).isEqualTo(IQN);
            assertThat(targets.get(0).portals()).containsExactly(
                    new TargetPortal("127.0.0.1", f.address().getPort(), 1));
            ServerFixture.await("discovery session logged out", () -> f.server().sessionCount() == 0);
        }
    }

    @Test
    void discoveryWithChap() throws Exception {
        try (ServerFixture f = ServerFixture.start(b -> b.discoveryChap(USER).discoveryMutualChap(TARGET))) {
            assertThat(Fixture.initiator().discoveryChap(USER, TARGET).build().discover(f.address()))
                    .extracting(DiscoveredTarget::name).containsExactly(IQN);
            assertThatThrownBy(() -> Fixture.initiator().build().discover(f.address()))
                    .isInstanceOf(LoginException.class);
        }
    }

    @Test
    void builderNamesTheBadSetting() {
        assertThatThrownBy(() -> IscsiInitiator.builder("not-a-name").build()).hasMessageContaining("initiatorName");
        assertThatThrownBy(() -> Fixture.initiator().firstBurstLength(1 << 21).build())
                .hasMessageContaining("firstBurstLength");
        assertThatThrownBy(() -> Fixture.initiator().mutualChap(TARGET).build()).hasMessageContaining("mutualChap");
        assertThatThrownBy(() -> Fixture.initiator().chap(USER).mutualChap(ChapCredentials.of("x", "alice-secret-16b"))
                .build()).hasMessageContaining("differ");
    }

    @Test
    void targetAddressesParse() {
        assertThat(TargetPortal.parse("10.0.0.1:3261,2")).isEqualTo(new TargetPortal("10.0.0.1", 3261, 2));
        assertThat(TargetPortal.parse("[fe80::1]:3260,1")).isEqualTo(new TargetPortal("fe80::1", 3260, 1));
        assertThat(TargetPortal.parse("host.example")).isEqualTo(new TargetPortal("host.example", 3260, -1));
        assertThat(TargetPortal.parse("[::1]").toString()).isEqualTo("[::1]:3260");
        assertThatThrownBy(() -> TargetPortal.parse("h:99999")).isInstanceOf(IllegalArgumentException.class);
    }
}
