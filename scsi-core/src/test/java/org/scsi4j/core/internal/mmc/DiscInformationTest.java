package org.scsi4j.core.internal.mmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.mmc.Cdrom.assertGood;
import static org.scsi4j.core.internal.mmc.Cdrom.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.mmc.Cdrom.assertNotReady;
import static org.scsi4j.core.internal.mmc.Cdrom.assertSense;
import static org.scsi4j.core.internal.mmc.MmcCdb.readDiscInformation;
import static org.scsi4j.core.internal.mmc.MmcCdb.readTrackInformation;
import static org.scsi4j.core.internal.mmc.MmcCdb.u16;
import static org.scsi4j.core.internal.mmc.MmcCdb.u32;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.loopback.ScsiResponse;

class DiscInformationTest {

    @Test
    void aFinishedOneSessionDisc() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, 500))) {
            ScsiResponse r = c.in(readDiscInformation(0, 64), 64);
            assertGood(r);
            byte[] d = r.data();
            assertThat(d).hasSize(34);
            assertThat(u16(d, 0)).isEqualTo(32);
            assertThat(d[2] & 0xFF).as("not erasable, session complete, disc complete").isEqualTo(0x0E);
            assertThat(new byte[] {d[3], d[4], d[5], d[6]}).containsExactly(1, 1, 1, 1);
            assertThat(u32(d, 16)).isEqualTo(0xFFFF_FFFFL);
            assertThat(c.in(readDiscInformation(0, 8), 64).data()).hasSize(8);
            assertInvalidFieldInCdb(c.in(readDiscInformation(1, 64), 64), 1, 2);
        }
    }

    @Test
    void trackOneByNumberSessionOrAddress() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, 500))) {
            ScsiResponse r = c.in(readTrackInformation(1, 1, 64), 64);
            assertGood(r);
            byte[] d = r.data();
            assertThat(d).hasSize(48);
            assertThat(u16(d, 0)).isEqualTo(46);
            assertThat(d[2]).isEqualTo((byte) 1);
            assertThat(d[3]).isEqualTo((byte) 1);
            assertThat(d[5] & 0x0F).as("TRACK MODE data").isEqualTo(4);
            assertThat(d[6] & 0x0F).as("DATA MODE 1").isEqualTo(1);
            assertThat(d[7] & 0x03).as("LRA_V, no NWA").isEqualTo(2);
            assertThat(u32(d, 8)).isZero();
            assertThat(u32(d, 24)).as("TRACK SIZE").isEqualTo(500);
            assertThat(u32(d, 28)).as("LAST RECORDED ADDRESS").isEqualTo(499);
            assertThat(c.in(readTrackInformation(0, 499, 64), 64).data()).isEqualTo(d);
            assertThat(c.in(readTrackInformation(2, 1, 64), 64).data()).isEqualTo(d);
        }
    }

    @Test
    void invalidTracksAddressesAndTypes() {
        MemoryCdrom dev = new MemoryCdrom(1, 500);
        try (Cdrom c = new Cdrom(dev)) {
            assertSense(c.in(readTrackInformation(0, 500, 64), 64), 0x5, 0x21, 0x00);
            assertInvalidFieldInCdb(c.in(readTrackInformation(1, 2, 64), 64), 2, -1);
            assertInvalidFieldInCdb(c.in(readTrackInformation(1, 0xFF, 64), 64), 2, -1);
            assertInvalidFieldInCdb(c.in(readTrackInformation(2, 0, 64), 64), 2, -1);
            assertInvalidFieldInCdb(c.in(readTrackInformation(3, 1, 64), 64), 1, 1);
            assertInvalidFieldInCdb(c.in(readTrackInformation(4 | 1, 1, 64), 64), 1, 2);
            dev.remove();
            assertNotReady(c.in(readTrackInformation(1, 1, 64), 64));
            assertNotReady(c.in(readDiscInformation(0, 64), 64));
        }
    }

    @Test
    void aDvdTrackHasABlockingFactor() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, Disc.CD_MAX_BLOCKS + 16))) {
            byte[] d = c.in(readTrackInformation(1, 1, 64), 64).data();
            assertThat(u32(d, 20)).isEqualTo(16);
        }
    }
}
