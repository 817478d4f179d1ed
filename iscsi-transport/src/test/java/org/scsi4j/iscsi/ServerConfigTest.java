package org.scsi4j.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scsi4j.backstore.file.NullBlockDevice;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.iscsi.testing.ServerFixture;

/** The builders validate once and name the bad setting; lifecycle edges. */
class ServerConfigTest {
    private static final String IQN = "iqn.2026-11.org.scsi4j:config";
    private ScsiTarget target;

    @BeforeEach
    void target() {
        target = ScsiTarget.builder(IQN).logicalUnit(0, LogicalUnitSpec.disk("n", new NullBlockDevice(1 << 20, 512))).build();
    }

    @AfterEach
    void close() {
        target.close();
        assertThat(ServerFixture.loopThreads()).isEmpty();
    }

    private void rejects(Consumer<IscsiServer.Builder> bad, String setting) {
        IscsiServer.Builder b = IscsiServer.builder().portal("127.0.0.1", 0)
                .target(ExportedTarget.builder(IQN, target).build());
        bad.accept(b);
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(setting);
    }

    @Test
    void badServerSettingsNameThemselves() {
        rejects(b -> b.maxSessions(0), "maxSessions");
        rejects(b -> b.ioLoops(0), "ioLoops");
        rejects(b -> b.maxRecvDataSegmentLength(100), "maxRecvDataSegmentLength");
        rejects(b -> b.maxBurstLength(1 << 24), "maxBurstLength");
        rejects(b -> b.firstBurstLength(1 << 20), "firstBurstLength");
        rejects(b -> b.maxOutstandingR2T(0), "maxOutstandingR2T");
        rejects(b -> b.defaultTime2Wait(-1), "defaultTime2Wait");
        rejects(b -> b.headerDigests(), "headerDigests");
        rejects(b -> b.nopInTimeout(Duration.ZERO), "nopInTimeout");
        rejects(b -> b.loginTimeout(Duration.ofSeconds(-1)), "loginTimeout");
        rejects(b -> b.discoveryMutualChap(ChapCredentials.of("x", "a-long-enough-secret")), "discoveryMutualChap");
        rejects(b -> b.target(ExportedTarget.builder(IQN, target).build()), "exported twice");
        rejects(b -> b.target(ExportedTarget.builder(IQN + "2", target).build()), "relativePortId");
        assertThatThrownBy(() -> IscsiServer.builder().target(ExportedTarget.builder(IQN, target).build()).build())
                .hasMessageContaining("portal");
        assertThatThrownBy(() -> IscsiServer.builder().portal("127.0.0.1", 0).build()).hasMessageContaining("target");
    }

    @Test
    void badTargetSettingsNameThemselves() {
        assertThatThrownBy(() -> ExportedTarget.builder("not-an-iqn", target).build()).hasMessageContaining("not an iSCSI name");
        assertThatThrownBy(() -> ExportedTarget.builder(IQN, target).portalGroupTag(70000).build()).hasMessageContaining("portalGroupTag");
        assertThatThrownBy(() -> ExportedTarget.builder(IQN, target).relativePortId(0).build()).hasMessageContaining("relativePortId");
        assertThatThrownBy(() -> ExportedTarget.builder(IQN, target).mutualChap(ChapCredentials.of("t", "target-secret-16")).build())
                .hasMessageContaining("mutualChap");
        ChapCredentials same = ChapCredentials.of("a", "the-same-secret!");
        assertThatThrownBy(() -> ExportedTarget.builder(IQN, target).chap(same).mutualChap(ChapCredentials.of("b", "the-same-secret!")).build())
                .hasMessageContaining("differ");
        assertThatThrownBy(() -> ChapCredentials.of("u", "short")).hasMessageContaining("12 bytes");
        assertThat(ChapCredentials.withWeakSecret("u", "short").name()).isEqualTo("u");
        assertThat(ExportedTarget.builder("eui.0123456789ABCDEF", target).build().iqn()).startsWith("eui.");
    }

    @Test
    void portZeroIsResolvedAndCloseIsIdempotent() {
        IscsiServer s = IscsiServer.builder().portal("127.0.0.1", 0).ioLoops(2)
                .target(ExportedTarget.builder(IQN, target).build()).build();
        assertThatThrownBy(s::boundAddress).isInstanceOf(IllegalStateException.class);
        s.start();
        try {
            assertThat(s.boundAddress().getPort()).isPositive();
            assertThat(ServerFixture.loopThreads()).containsExactlyInAnyOrder("scsi4j-iscsi-loop-0", "scsi4j-iscsi-loop-1");
            assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class);
        } finally {
            s.close();
            s.close();
        }
    }

    @Test
    void aPortalThatCannotBeBoundFailsStartAndLeavesNothingRunning() {
        IscsiServer first = IscsiServer.builder().portal("127.0.0.1", 0).target(ExportedTarget.builder(IQN, target).build())
                .build().start();
        try {
            IscsiServer clash = IscsiServer.builder().portal(first.boundAddress())
                    .target(ExportedTarget.builder(IQN, target).relativePortId(2).build()).build();
            assertThatThrownBy(clash::start).hasMessageContaining("cannot start");
            clash.close();
        } finally {
            first.close();
        }
    }
}
