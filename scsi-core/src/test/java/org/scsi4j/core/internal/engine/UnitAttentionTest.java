package org.scsi4j.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.core.testing.MemoryBlockDevice;

/** Unit attentions per I_T nexus (SPC-4 §5.14): power on at first access, LUN inventory changes. */
class UnitAttentionTest {

    @Test
    void eachNexusSeesPowerOnOnceAndLunChangesAfterwards() {
        try (ScsiTarget target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:ua")
                .logicalUnit(0, LogicalUnitSpec.disk("a", new MemoryBlockDevice(512, 64))).build();
             LoopbackTransport lt = LoopbackTransport.start(target)) {
            LoopbackSession s1 = lt.login("iqn.2026-11.org.scsi4j:one");
            LoopbackSession s2 = lt.login("iqn.2026-11.org.scsi4j:two");
            assertThat(tur(s1).asc()).isEqualTo(0x29);
            assertThat(tur(s1).isGood()).isTrue();
            assertThat(tur(s2).asc()).isEqualTo(0x29);
            assertThat(tur(s2).isGood()).isTrue();

            target.addLogicalUnit(1, LogicalUnitSpec.disk("b", new MemoryBlockDevice(4096, 64)));
            ScsiResponse changed = tur(s1);
            assertThat(changed.senseKey()).isEqualTo(6);
            assertThat(changed.asc()).isEqualTo(0x3F);
            assertThat(changed.ascq()).isEqualTo(0x0E);
            assertThat(tur(s1).isGood()).isTrue();

            target.removeLogicalUnit(1);
            ScsiResponse gone = s2.execute(ScsiCommand.of(1, Cdbs.testUnitReady()));
            assertThat(gone.asc()).as("LOGICAL UNIT NOT SUPPORTED").isEqualTo(0x25);
            assertThat(tur(s2).ascq()).isEqualTo(0x0E);
            s1.close();
            s2.close();
        }
    }

    @Test
    void inquiryIsNotBlockedByAPendingUnitAttention() {
        try (ScsiTarget target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:ua2")
                .logicalUnit(0, LogicalUnitSpec.disk("a", new MemoryBlockDevice(512, 64))).build();
             LoopbackTransport lt = LoopbackTransport.start(target)) {
            LoopbackSession s = lt.login("iqn.2026-11.org.scsi4j:one");
            ScsiResponse inq = s.execute(ScsiCommand.of(0, Cdbs.inquiry(96)).dataIn(96));
            assertThat(inq.isGood()).isTrue();
            assertThat(tur(s).asc()).as("the UA is still pending after INQUIRY").isEqualTo(0x29);
            s.close();
        }
    }

    private static ScsiResponse tur(LoopbackSession s) {
        return s.execute(ScsiCommand.of(0, Cdbs.testUnitReady()));
    }

    @Test
    void aResizedDeviceGivesCapacityDataHasChangedToEveryNexusOnce() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, 64);
        try (ScsiTarget target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:ua3")
                .logicalUnit(0, LogicalUnitSpec.disk("a", dev)).build();
             LoopbackTransport lt = LoopbackTransport.start(target)) {
            LoopbackSession s1 = lt.login("iqn.2026-11.org.scsi4j:one");
            LoopbackSession s2 = lt.login("iqn.2026-11.org.scsi4j:two");
            s1.clearUnitAttentions(0);
            s2.clearUnitAttentions(0);
            dev.resize(128);
            for (LoopbackSession s : new LoopbackSession[] {s1, s2}) {
                ScsiResponse r = tur(s);
                assertThat(r.asc()).isEqualTo(0x2A);
                assertThat(r.ascq()).isEqualTo(0x09);
                assertThat(tur(s).isGood()).isTrue();
            }
            ScsiResponse cap = s1.execute(ScsiCommand.of(0, Cdbs.readCapacity16(32)).dataIn(32));
            assertThat(java.nio.ByteBuffer.wrap(cap.data()).getLong(0)).isEqualTo(127);
            s1.close();
            s2.close();
        }
    }
}
