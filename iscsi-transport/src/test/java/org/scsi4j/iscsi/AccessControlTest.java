package org.scsi4j.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.iscsi.testing.LoginOptions;
import org.scsi4j.iscsi.testing.LoginResult;
import org.scsi4j.iscsi.testing.ServerFixture;
import org.scsi4j.iscsi.testing.TestInitiator;

/**
 * LUN masking seen from the wire: an initiator that no group admits cannot log in (login status
 * 0x0202, authorization failure) and does not see the target in SendTargets; admitting it live
 * lets the next login through.
 */
class AccessControlTest {
    private static final String ALLOWED = "iqn.2026-11.org.scsi4j:allowed-node1";
    private static final String STRANGER = "iqn.2026-11.org.scsi4j:stranger";

    @Test
    void initiatorsOutsideEveryGroupAreRefusedAndDoNotSeeTheTarget() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            ScsiTarget target = f.target();
            target.defineInitiatorGroup("cluster", "iqn.2026-11.org.scsi4j:allowed-*");
            target.map("cluster", 0, "lun0", false);
            target.unmap(ScsiTarget.DEFAULT_GROUP, 0);

            TestInitiator stranger = f.connect();
            LoginResult refused = stranger.login(LoginOptions.normal(ServerFixture.IQN).initiatorName(STRANGER));
            assertThat(refused.status()).as("authorization failure").isEqualTo(0x0202);
            assertThat(stranger.closedByPeer(5000)).isTrue();

            TestInitiator discovery = f.connect();
            assertThat(discovery.login(LoginOptions.discovery().initiatorName(STRANGER)).success()).isTrue();
            assertThat(discovery.sendTargets("All")).as("the target is hidden from it").isEmpty();
            discovery.logout(0);

            TestInitiator member = f.connect();
            assertThat(member.login(LoginOptions.normal(ServerFixture.IQN).initiatorName(ALLOWED)).success()).isTrue();
            TestInitiator memberDiscovery = f.connect();
            assertThat(memberDiscovery.login(LoginOptions.discovery().initiatorName(ALLOWED)).success()).isTrue();
            assertThat(memberDiscovery.sendTargets("All")).contains("TargetName=" + ServerFixture.IQN);
            memberDiscovery.logout(0);

            target.map(ScsiTarget.DEFAULT_GROUP, 0, "lun0", true);
            TestInitiator admitted = f.connect();
            assertThat(admitted.login(LoginOptions.normal(ServerFixture.IQN).initiatorName(STRANGER)).success())
                    .as("admitted live, read-only, through the default group").isTrue();
        }
    }
}
