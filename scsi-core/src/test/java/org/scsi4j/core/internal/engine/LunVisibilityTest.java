package org.scsi4j.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.core.testing.MemoryBlockDevice;

/** Initiator groups with their own LUN maps, read-only mappings, and live changes. */
class LunVisibilityTest {

    private static ScsiTarget target() {
        return ScsiTarget.builder("iqn.2026-11.org.scsi4j:masking")
                .unit(LogicalUnitSpec.disk("a", new MemoryBlockDevice(512, 64)))
                .unit(LogicalUnitSpec.disk("b", new MemoryBlockDevice(512, 64)))
                .unit(LogicalUnitSpec.disk("c", new MemoryBlockDevice(512, 64)))
                .initiatorGroup("cluster", "iqn.2026-11.org.example:node*", "iqn.2026-11.org.example:admin")
                .map("cluster", 0, "a", false)
                .map("cluster", 1, "b", true)
                .build();
    }

    private static int[] reportLuns(LoopbackSession s) {
        ScsiResponse r = s.execute(ScsiCommand.of(0, Cdbs.reportLuns(256)).dataIn(256));
        ByteBuffer b = ByteBuffer.wrap(r.data());
        int n = b.getInt(0) / 8;
        int[] luns = new int[n];
        for (int i = 0; i < n; i++) {
            luns[i] = (int) (LunAddress.decode(b.getLong(8 + 8 * i)));
        }
        return luns;
    }

    private static ScsiResponse write(LoopbackSession s, int lun) {
        return s.execute(ScsiCommand.of(lun, Cdbs.write10(0, 1, false)).dataOut(new byte[512]));
    }

    @Test
    void groupsSeeTheirOwnMapsAndOthersAreRefused() {
        try (ScsiTarget target = target(); LoopbackTransport lt = LoopbackTransport.start(target)) {
            var port = target.port(LoopbackTransport.DEFAULT_RELATIVE_PORT_ID);
            assertThat(port.isAccessAllowed("iqn.2026-11.org.example:node7")).isTrue();
            assertThat(port.isAccessAllowed("IQN.2026-11.ORG.EXAMPLE:ADMIN")).as("names are case-insensitive").isTrue();
            assertThat(port.isAccessAllowed("iqn.2026-11.org.example:intruder"))
                    .as("the default group is empty once groups exist").isFalse();

            LoopbackSession node = lt.login("iqn.2026-11.org.example:node1");
            node.clearUnitAttentions(0);
            node.clearUnitAttentions(1);
            assertThat(reportLuns(node)).containsExactly(0, 1);
            assertThat(write(node, 0).isGood()).isTrue();
            ScsiResponse ro = write(node, 1);
            assertThat(ro.senseKey()).as("DATA PROTECT").isEqualTo(7);
            assertThat(ro.asc()).isEqualTo(0x27);
            assertThat(node.execute(ScsiCommand.of(2, Cdbs.testUnitReady())).asc()).isEqualTo(0x25);

            target.map(ScsiTarget.DEFAULT_GROUP, 0, "c", false);
            assertThat(port.isAccessAllowed("iqn.2026-11.org.example:intruder")).isTrue();
            LoopbackSession other = lt.login("iqn.2026-11.org.example:intruder");
            other.clearUnitAttentions(0);
            assertThat(reportLuns(other)).containsExactly(0);
            ScsiResponse otherSerial = other.execute(ScsiCommand.of(0, new byte[] {0x12, 1, (byte) 0x80, 0, (byte) 255, 0}).dataIn(255));
            ScsiResponse nodeSerial = node.execute(ScsiCommand.of(0, new byte[] {0x12, 1, (byte) 0x80, 0, (byte) 255, 0}).dataIn(255));
            assertThat(otherSerial.data()).as("LUN 0 is a different unit for each group").isNotEqualTo(nodeSerial.data());
            assertThat(node.execute(ScsiCommand.of(0, Cdbs.testUnitReady())).isGood())
                    .as("the default group's change does not disturb the cluster").isTrue();
            node.close();
            other.close();
        }
    }

    @Test
    void liveChangesReachSessionsWithoutDroppingThem() {
        try (ScsiTarget target = target(); LoopbackTransport lt = LoopbackTransport.start(target)) {
            LoopbackSession node = lt.login("iqn.2026-11.org.example:node1");
            node.clearUnitAttentions(0);
            node.clearUnitAttentions(1);

            target.map("cluster", 2, "c", false);
            ScsiResponse ua = node.execute(ScsiCommand.of(0, Cdbs.testUnitReady()));
            assertThat(ua.asc()).isEqualTo(0x3F);
            assertThat(ua.ascq()).as("REPORTED LUNS DATA HAS CHANGED").isEqualTo(0x0E);
            assertThat(reportLuns(node)).containsExactly(0, 1, 2);
            node.clearUnitAttentions(1);
            node.clearUnitAttentions(2);

            target.map("cluster", 1, "b", false);
            node.clearUnitAttentions(1);
            assertThat(write(node, 1).isGood()).as("no longer read-only").isTrue();
            target.map("cluster", 0, "a", true);
            node.clearUnitAttentions(0);
            assertThat(write(node, 0).senseKey()).as("read-only from the next command on").isEqualTo(7);

            target.unmap("cluster", 2);
            assertThat(node.execute(ScsiCommand.of(2, Cdbs.testUnitReady())).asc())
                    .as("LOGICAL UNIT NOT SUPPORTED").isEqualTo(0x25);
            assertThatThrownBy(() -> target.removeUnit("a")).hasMessageContaining("still mapped");
            target.removeUnit("c");
            assertThat(node.outstandingTasks()).isZero();
            node.close();
        }
    }
}
