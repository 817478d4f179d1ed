package org.scsi4j.core.internal.mmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scsi4j.core.internal.mmc.Cdrom.assertGood;
import static org.scsi4j.core.internal.mmc.Cdrom.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.mmc.Cdrom.assertMediumMayHaveChanged;
import static org.scsi4j.core.internal.mmc.Cdrom.assertSense;
import static org.scsi4j.core.internal.mmc.Cdrom.in;
import static org.scsi4j.core.internal.mmc.Cdrom.none;
import static org.scsi4j.core.internal.mmc.EventStatusTest.mediaEvent;
import static org.scsi4j.core.internal.mmc.MmcCdb.eventStatus;
import static org.scsi4j.core.internal.mmc.MmcCdb.mechanismStatus;
import static org.scsi4j.core.internal.mmc.MmcCdb.preventAllow;
import static org.scsi4j.core.internal.mmc.MmcCdb.startStop;
import static org.scsi4j.core.internal.mmc.MmcCdb.testUnitReady;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.MediumRemovalPreventedException;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.MemoryBlockDevice;

class MediumCommandsTest {
    static final String OTHER = "iqn.2026-11.org.scsi4j:other";

    static void assertRemovalPrevented(ScsiResponse r) {
        assertSense(r, 0x5, 0x53, 0x02);
    }

    @Test
    void testUnitReadyReportsTheTray() {
        MemoryCdrom dev = new MemoryCdrom(1, 10);
        try (Cdrom c = new Cdrom(dev)) {
            assertGood(c.none(testUnitReady()));
            assertGood(c.none(startStop(true, false)));
            assertSense(c.none(testUnitReady()), 0x2, 0x3A, 0x02);
            assertGood(c.none(startStop(true, true)));
            assertMediumMayHaveChanged(c.none(testUnitReady()));
            assertGood(c.none(testUnitReady()));
            dev.remove();
            assertSense(c.none(testUnitReady()), 0x2, 0x3A, 0x01);
            byte[] cdb = testUnitReady();
            cdb[5] = 0x04;                                   // NACA
            assertInvalidFieldInCdb(c.none(cdb), 5, 2);
        }
    }

    @Test
    void preventedRemovalRefusesEjectFromAnyNexusUntilEveryNexusAllows() {
        MemoryCdrom dev = new MemoryCdrom(1, 10);
        try (Cdrom c = new Cdrom(dev)) {
            LoopbackSession a = c.session;
            LoopbackSession b = c.login(OTHER);
            assertGood(none(a, preventAllow(1)));
            assertRemovalPrevented(none(b, startStop(true, false)));
            assertRemovalPrevented(none(a, startStop(true, false)));
            assertThat(dev.isMediumPresent()).isTrue();
            assertGood(none(b, preventAllow(1)));
            assertGood(none(a, preventAllow(0)));
            assertRemovalPrevented(none(a, startStop(true, false)));
            assertGood(none(b, preventAllow(0)));
            assertGood(none(a, startStop(true, false)));
            assertThat(dev.isTrayOpen()).isTrue();
            assertThat(mediaEvent(in(b, eventStatus(true, 0x10, 8), 8))).as("MEDIA REMOVAL, tray open").containsExactly(3, 0x01);
            Cdrom.assertNotReady(in(b, MmcCdb.readCapacity10(), 8));
        }
    }

    @Test
    void persistentPreventAlsoLocksAndIsClearedSeparately() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, 10))) {
            assertGood(c.none(preventAllow(3)));
            assertGood(c.none(preventAllow(0)));
            assertRemovalPrevented(c.none(startStop(true, false)));
            assertGood(c.none(preventAllow(2)));
            assertGood(c.none(startStop(true, false)));
            byte[] cdb = preventAllow(4);
            assertInvalidFieldInCdb(c.none(cdb), 4, 2);
        }
    }

    @Test
    void loadingClosesTheTrayEvenWhenItIsEmpty() {
        MemoryCdrom dev = new MemoryCdrom(true);
        try (Cdrom c = new Cdrom(dev)) {
            assertGood(c.none(startStop(true, false)));
            assertSense(c.none(testUnitReady()), 0x2, 0x3A, 0x02);
            assertGood(c.none(startStop(true, true)));
            assertSense(c.none(testUnitReady()), 0x2, 0x3A, 0x01);
            assertGood(c.none(startStop(false, true)));
            assertGood(c.none(startStop(false, false)));
        }
    }

    @Test
    void startStopRejectsPowerConditionsAndReservedBits() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, 10))) {
            byte[] cdb = startStop(false, true);
            cdb[4] |= 0x10;                                  // POWER CONDITION
            assertInvalidFieldInCdb(c.none(cdb), 4, 4);
            cdb = startStop(false, true);
            cdb[3] = 1;                                      // FORMAT LAYER NUMBER
            assertInvalidFieldInCdb(c.none(cdb), 3, 0);
            cdb = startStop(false, true);
            cdb[1] = 1;                                      // IMMED is fine
            assertGood(c.none(cdb));
        }
    }

    @Test
    void mechanismStatusShowsTheDoor() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, 10))) {
            ScsiResponse r = c.in(mechanismStatus(64), 64);
            assertGood(r);
            assertThat(r.data()).hasSize(8);
            assertThat(r.data()[1] & 0x10).isZero();
            assertGood(c.none(startStop(true, false)));
            assertThat(c.in(mechanismStatus(64), 64).data()[1] & 0x10).isEqualTo(0x10);
            assertThat(c.in(mechanismStatus(2), 64).data()).hasSize(2);
            byte[] cdb = mechanismStatus(8);
            cdb[2] = 1;
            assertInvalidFieldInCdb(c.in(cdb, 8), 2, 0);
        }
    }

    @Test
    void theHostEjectRespectsPreventUnlessForced() {
        MemoryCdrom dev = new MemoryCdrom(1, 10);
        try (Cdrom c = new Cdrom(dev)) {
            LoopbackSession b = c.login(OTHER);
            assertGood(none(b, preventAllow(1)));
            assertThatThrownBy(() -> c.target.ejectMedium(0))
                    .isInstanceOf(MediumRemovalPreventedException.class)
                    .hasMessageContaining("cd0")
                    .hasMessageContaining(OTHER);
            assertThat(dev.isMediumPresent()).isTrue();
            assertThat(mediaEvent(in(b, eventStatus(true, 0x10, 8), 8))[0]).as("EJECT REQUEST").isEqualTo(1);
            assertGood(none(b, preventAllow(0)));
            c.target.ejectMedium(0);
            assertThat(dev.isTrayOpen()).isTrue();
            assertGood(none(b, startStop(true, true)));
            assertMediumMayHaveChanged(none(b, preventAllow(1)));
            assertGood(none(b, preventAllow(1)));
            c.target.ejectMedium(0, true);
            assertThat(dev.isTrayOpen()).isTrue();
            assertThatThrownBy(() -> c.target.ejectMedium(7)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aUnitOverAPlainDeviceHasAFixedDisc() {
        MemoryBlockDevice plain = new MemoryBlockDevice(2048, 64);
        try (Cdrom c = new Cdrom(plain)) {
            assertGood(c.none(testUnitReady()));
            assertInvalidFieldInCdb(c.none(startStop(true, false)), 4, 1);
            assertGood(c.none(preventAllow(1)));
            assertThatThrownBy(() -> c.target.ejectMedium(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no removable medium");
            byte[] inq = c.in(new byte[] {0x12, 0, 0, 0, 96, 0}, 96).data();
            assertThat(inq[1] & 0x80).as("RMB").isEqualTo(0x80);
        }
    }

    @Test
    void aUnitOnAWritableDeviceStillRefusesWrites() {
        MemoryBlockDevice plain = new MemoryBlockDevice(2048, 64);
        try (Cdrom c = new Cdrom(plain)) {
            Cdrom.assertDataProtect(c.out(org.scsi4j.core.testing.Cdbs.write10(0, 1, false), new byte[2048]));
        }
    }
}
