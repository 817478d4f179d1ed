package org.scsi4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.testing.Cdbs;

/** The emulator example driven as an initiator would, through the loopback transport. */
class SnapshotDiskTest {

    @Test
    void snapshotsFreezeContentsAndRevertBringsThemBack() {
        SnapshotDisk disk = new SnapshotDisk(512, 1024);
        try (ScsiTarget target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:snap")
                .logicalUnit(0, LogicalUnitSpec.disk("snap", disk)).build();
             LoopbackTransport lt = LoopbackTransport.start(target)) {
            LoopbackSession s = lt.login("iqn.2026-11.org.scsi4j:i");
            s.clearUnitAttentions(0);
            byte[] first = new byte[1024];
            Arrays.fill(first, (byte) 1);
            assertThat(s.execute(ScsiCommand.of(0, Cdbs.write10(10, 2, false)).dataOut(first)).isGood()).isTrue();
            disk.snapshot("before");
            byte[] second = new byte[1024];
            Arrays.fill(second, (byte) 2);
            assertThat(s.execute(ScsiCommand.of(0, Cdbs.write10(10, 2, true)).dataOut(second)).isGood()).isTrue();
            assertThat(s.execute(ScsiCommand.of(0, Cdbs.read10(10, 2)).dataIn(1024)).data()).isEqualTo(second);
            disk.revert("before");
            assertThat(s.execute(ScsiCommand.of(0, Cdbs.read10(10, 2)).dataIn(1024)).data()).isEqualTo(first);
            assertThat(s.execute(ScsiCommand.of(0, Cdbs.read10(0, 1)).dataIn(512)).data()).isEqualTo(new byte[512]);
            assertThat(disk.writtenBlocks()).isEqualTo(2);
            s.close();
        }
    }
}
