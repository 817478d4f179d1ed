package org.scsi4j.core.internal.mmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.mmc.Cdrom.assertGood;
import static org.scsi4j.core.internal.mmc.Cdrom.assertMediumMayHaveChanged;
import static org.scsi4j.core.internal.mmc.Cdrom.assertNotReady;
import static org.scsi4j.core.internal.mmc.Cdrom.in;
import static org.scsi4j.core.internal.mmc.Cdrom.none;
import static org.scsi4j.core.internal.mmc.EventStatusTest.mediaEvent;
import static org.scsi4j.core.internal.mmc.MmcCdb.eventStatus;
import static org.scsi4j.core.internal.mmc.MmcCdb.readCapacity10;
import static org.scsi4j.core.internal.mmc.MmcCdb.testUnitReady;
import static org.scsi4j.core.internal.mmc.MmcCdb.u32;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.ScsiResponse;

/** Media change while initiators are connected: SPC-4 unit attention plus MMC media events, per nexus. */
class HotSwapTest {

    @Test
    void swappingTheDiscTellsEveryNexusOnceAndDropsNoSession() {
        MemoryCdrom dev = new MemoryCdrom(1, 100);
        try (Cdrom c = new Cdrom(dev)) {
            LoopbackSession a = c.session;
            LoopbackSession b = c.login("iqn.2026-11.org.scsi4j:other");
            dev.insert(2, 300);
            for (LoopbackSession s : new LoopbackSession[] {a, b}) {
                assertMediumMayHaveChanged(none(s, testUnitReady()));
                assertGood(none(s, testUnitReady()));
                ScsiResponse cap = in(s, readCapacity10(), 8);
                assertGood(cap);
                assertThat(u32(cap.data(), 0)).as("last LBA of the new disc").isEqualTo(299);
                assertThat(u32(cap.data(), 4)).isEqualTo(2048);
                assertThat(mediaEvent(in(s, eventStatus(true, 0x10, 8), 8))).as("NEW MEDIA, present").containsExactly(2, 0x02);
                assertThat(mediaEvent(in(s, eventStatus(true, 0x10, 8), 8))).as("then none").containsExactly(0, 0x02);
                assertThat(MmcReadTest.read(s, 0, 1)[5]).isEqualTo(MemoryCdrom.expected(2, 0, 5));
            }
            assertThat(c.target.openNexusCount()).isEqualTo(2);
        }
    }

    @Test
    void theEventIsThereBeforeTheUnitAttentionIsTaken() {
        MemoryCdrom dev = new MemoryCdrom(1, 100);
        try (Cdrom c = new Cdrom(dev)) {
            dev.insert(2, 300);
            assertThat(mediaEvent(c.in(eventStatus(true, 0x10, 8), 8))[0]).isEqualTo(2);
            assertMediumMayHaveChanged(c.none(testUnitReady()));
        }
    }

    @Test
    void removalThenInsertion() {
        MemoryCdrom dev = new MemoryCdrom(1, 100);
        try (Cdrom c = new Cdrom(dev)) {
            dev.remove();
            ScsiResponse tur = c.none(testUnitReady());
            Cdrom.assertSense(tur, 0x2, 0x3A, 0x01);
            assertNotReady(c.in(readCapacity10(), 8));
            assertThat(mediaEvent(c.in(eventStatus(true, 0x10, 8), 8))).containsExactly(3, 0);
            dev.insert(3, 50);
            assertMediumMayHaveChanged(c.none(testUnitReady()));
            assertGood(c.none(testUnitReady()));
            assertThat(u32(c.in(readCapacity10(), 8).data(), 0)).isEqualTo(49);
        }
    }

    @Test
    void aNexusThatLogsInLaterGetsOnlyItsPowerOnAttention() {
        MemoryCdrom dev = new MemoryCdrom(1, 100);
        try (Cdrom c = new Cdrom(dev)) {
            dev.insert(2, 300);
            assertMediumMayHaveChanged(c.none(testUnitReady()));
            LoopbackSession late = c.transport.login("iqn.2026-11.org.scsi4j:late");
            try {
                Cdrom.assertSense(none(late, testUnitReady()), 0x6, 0x29, 0x00);
                assertGood(none(late, testUnitReady()));
            } finally {
                late.close();
            }
        }
    }
}
