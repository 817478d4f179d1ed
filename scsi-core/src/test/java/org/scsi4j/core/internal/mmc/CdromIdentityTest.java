package org.scsi4j.core.internal.mmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.mmc.Cdrom.assertGood;
import static org.scsi4j.core.internal.mmc.Cdrom.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.mmc.Cdrom.assertNotReady;
import static org.scsi4j.core.internal.mmc.MmcCdb.u16;
import static org.scsi4j.core.internal.mmc.MmcCdb.u32;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.Cdbs;

/** The SPC commands a CD/DVD unit shares with disks, answered as MMC asks. */
class CdromIdentityTest {

    @Test
    void inquirySaysCdDvdRemovableMmc6() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(true))) {
            ScsiResponse r = c.in(Cdbs.inquiry(96), 96);
            assertGood(r);
            byte[] d = r.data();
            assertThat(d[0] & 0xFF).as("peripheral device type 5").isEqualTo(0x05);
            assertThat(d[1] & 0xFF).as("RMB").isEqualTo(0x80);
            assertThat(new String(d, 16, 16, java.nio.charset.StandardCharsets.US_ASCII).trim()).isEqualTo("CDROM");
            assertThat(u16(d, 62)).as("MMC-6 version descriptor").isEqualTo(0x04E0);
        }
    }

    @Test
    void vpdHasNoBlockPages() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(true))) {
            ScsiResponse r = c.in(new byte[] {0x12, 1, 0, 0, (byte) 255, 0}, 255);
            assertGood(r);
            byte[] d = r.data();
            assertThat(d[0] & 0xFF).isEqualTo(0x05);
            assertThat(Arrays.copyOfRange(d, 4, 4 + d[3])).containsExactly(0x00, 0x80, (byte) 0x83);
            assertInvalidFieldInCdb(c.in(new byte[] {0x12, 1, (byte) 0xB0, 0, (byte) 255, 0}, 255), 2, -1);
        }
    }

    @Test
    void reportLunsRequestSenseAndTheirFriendsWorkOnAnEmptyDrive() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(true))) {
            assertGood(c.in(Cdbs.reportLuns(64), 64));
            ScsiResponse sense = c.in(new byte[] {0x03, 0, 0, 0, 18, 0}, 18);
            assertGood(sense);
            assertThat(sense.data()[2] & 0x0F).as("NO SENSE").isZero();
            assertNotReady(c.in(MmcCdb.readCapacity10(), 8));
        }
    }

    @Test
    void reportSupportedOperationCodesListsTheMmcTable() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, 10))) {
            byte[] cdb = new byte[12];
            cdb[0] = (byte) 0xA3;
            cdb[1] = 0x0C;
            MmcCdb.putInt(cdb, 6, 4096);
            ScsiResponse r = c.in(cdb, 4096);
            assertGood(r);
            byte[] d = r.data();
            long length = u32(d, 0);
            java.util.Set<Integer> opcodes = new java.util.TreeSet<>();
            for (int p = 4; p < 4 + length; p += 8) {
                opcodes.add(d[p] & 0xFF);
            }
            assertThat(opcodes).contains(0x00, 0x03, 0x12, 0x1B, 0x1E, 0x25, 0x28, 0x2A, 0x43, 0x46, 0x4A, 0x51,
                    0x52, 0x5A, 0xA0, 0xA8, 0xBD);
            assertThat(opcodes).doesNotContain(0x08, 0x15, 0x55, 0x88, 0x8A, 0x42, 0x9E);
            // one command: GET CONFIGURATION's usage map
            byte[] one = new byte[12];
            one[0] = (byte) 0xA3;
            one[1] = 0x0C;
            one[2] = 0x01;
            one[3] = 0x46;
            MmcCdb.putInt(one, 6, 64);
            byte[] g = c.in(one, 64).data();
            assertThat(g[1] & 0x07).as("SUPPORT: standard").isEqualTo(3);
            assertThat(Arrays.copyOfRange(g, 4, 14)).containsExactly(0x46, 0x03, (byte) 0xFF, (byte) 0xFF, 0, 0, 0,
                    (byte) 0xFF, (byte) 0xFF, 0);
        }
    }
}
