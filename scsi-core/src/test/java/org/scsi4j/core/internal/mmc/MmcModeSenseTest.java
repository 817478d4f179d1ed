package org.scsi4j.core.internal.mmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.mmc.Cdrom.assertGood;
import static org.scsi4j.core.internal.mmc.Cdrom.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.mmc.Cdrom.assertSense;
import static org.scsi4j.core.internal.mmc.MmcCdb.modeSense10;
import static org.scsi4j.core.internal.mmc.MmcCdb.modeSense6;
import static org.scsi4j.core.internal.mmc.MmcCdb.preventAllow;
import static org.scsi4j.core.internal.mmc.MmcCdb.u16;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.loopback.ScsiResponse;

class MmcModeSenseTest {

    private static byte[] page(ScsiResponse r, int header) {
        assertGood(r);
        return Arrays.copyOfRange(r.data(), header, r.data().length);
    }

    @Test
    void capabilitiesPageAsLinuxSrReadsIt() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, 10))) {
            ScsiResponse r = c.in(modeSense10(0, 0x2A, 0, 128), 128);
            assertGood(r);
            byte[] d = r.data();
            assertThat(d).hasSize(40);
            assertThat(u16(d, 0)).as("MODE DATA LENGTH").isEqualTo(38);
            assertThat(u16(d, 6)).as("no block descriptor").isZero();
            byte[] p = page(r, 8);
            assertThat(p[0] & 0xFF).isEqualTo(0x2A);
            assertThat(p[1] & 0xFF).isEqualTo(0x1E);
            assertThat(p[2] & 0x08).as("DVD-ROM read").isEqualTo(0x08);
            assertThat(p[3]).as("no write").isZero();
            assertThat(p[6] & 0xFF).as("tray, eject, lock, unlocked").isEqualTo(0x29);
            assertThat(u16(p, 8) / 176).as("speed").isEqualTo(48);
            assertGood(c.none(preventAllow(1)));
            assertThat(page(c.in(modeSense10(0, 0x2A, 0, 128), 128), 8)[6] & 0x02).as("LOCK STATE").isEqualTo(0x02);
            assertThat(page(c.in(modeSense10(2, 0x2A, 0, 128), 128), 8)[6] & 0x02).as("default: unlocked").isZero();
            assertThat(page(c.in(modeSense10(0, 0x3F, 0xFF, 128), 128), 8)).hasSize(32);
        }
    }

    @Test
    void changeableValuesAreNone() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, 10))) {
            byte[] p = page(c.in(modeSense10(1, 0x2A, 0, 128), 128), 8);
            assertThat(p[0] & 0xFF).isEqualTo(0x2A);
            assertThat(Arrays.copyOfRange(p, 2, 32)).containsOnly(0);
        }
    }

    @Test
    void modeSenseSixAndTruncation() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, 10))) {
            ScsiResponse r = c.in(modeSense6(0, 0x2A, 255), 255);
            assertGood(r);
            assertThat(r.data()).hasSize(36);
            assertThat(r.data()[0] & 0xFF).isEqualTo(35);
            assertThat(r.data()[3]).as("BLOCK DESCRIPTOR LENGTH").isZero();
            assertThat(r.data()[4] & 0xFF).isEqualTo(0x2A);
            ScsiResponse cut = c.in(modeSense10(0, 0x2A, 0, 8), 128);
            assertThat(cut.data()).hasSize(8);
            assertThat(u16(cut.data(), 0)).isEqualTo(38);
        }
    }

    @Test
    void otherPagesSavedValuesAndReservedBits() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, 10))) {
            assertInvalidFieldInCdb(c.in(modeSense10(0, 0x08, 0, 128), 128), 2, 5);
            assertInvalidFieldInCdb(c.in(modeSense10(0, 0x2A, 1, 128), 128), 3, -1);
            assertSense(c.in(modeSense10(3, 0x2A, 0, 128), 128), 0x5, 0x39, 0x00);
            byte[] cdb = modeSense10(0, 0x2A, 0, 128);
            cdb[1] = 0x18;                                   // LLBAA, DBD: accepted
            assertGood(c.in(cdb, 128));
            cdb[1] = 0x01;
            assertInvalidFieldInCdb(c.in(cdb, 128), 1, 0);
            assertSense(c.out(new byte[] {0x55, 0x10, 0, 0, 0, 0, 0, 0, 8, 0}, new byte[8]), 0x5, 0x20, 0x00);
        }
    }
}
