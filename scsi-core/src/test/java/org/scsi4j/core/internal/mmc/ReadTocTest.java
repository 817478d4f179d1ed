package org.scsi4j.core.internal.mmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.mmc.Cdrom.assertGood;
import static org.scsi4j.core.internal.mmc.Cdrom.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.mmc.Cdrom.assertNotReady;
import static org.scsi4j.core.internal.mmc.MmcCdb.readToc;
import static org.scsi4j.core.internal.mmc.MmcCdb.u16;
import static org.scsi4j.core.internal.mmc.MmcCdb.u32;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.loopback.ScsiResponse;

class ReadTocTest {
    private static final long BLOCKS = 10_000;   // lead-out at 10150 frames = 02:15:25

    private static byte[] ok(ScsiResponse r) {
        assertGood(r);
        return r.data();
    }

    @Test
    void tocInLbaForm() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, BLOCKS))) {
            byte[] d = ok(c.in(readToc(false, 0, 0, 1024), 1024));
            assertThat(d).hasSize(20);
            assertThat(u16(d, 0)).isEqualTo(18);
            assertThat(d[2]).isEqualTo((byte) 1);
            assertThat(d[3]).isEqualTo((byte) 1);
            assertThat(d[5] & 0xFF).as("ADR 1, CONTROL data").isEqualTo(0x14);
            assertThat(d[6]).isEqualTo((byte) 1);
            assertThat(u32(d, 8)).isZero();
            assertThat(d[14] & 0xFF).isEqualTo(0xAA);
            assertThat(u32(d, 16)).isEqualTo(BLOCKS);
            assertThat(ok(c.in(readToc(false, 0, 1, 1024), 1024))).isEqualTo(d);
        }
    }

    @Test
    void tocInMsfFormAndTheLeadOutAlone() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, BLOCKS))) {
            byte[] d = ok(c.in(readToc(true, 0, 0, 1024), 1024));
            assertThat(Arrays.copyOfRange(d, 8, 12)).containsExactly(0, 0, 2, 0);
            assertThat(Arrays.copyOfRange(d, 16, 20)).containsExactly(0, 2, 15, 25);
            byte[] leadOut = ok(c.in(readToc(false, 0, 0xAA, 1024), 1024));
            assertThat(leadOut).hasSize(12);
            assertThat(u16(leadOut, 0)).isEqualTo(10);
            assertThat(leadOut[6] & 0xFF).isEqualTo(0xAA);
        }
    }

    @Test
    void dvdAddressesSaturateInMsfForm() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, 2_295_104))) {
            byte[] d = ok(c.in(readToc(true, 0, 0xAA, 1024), 1024));
            assertThat(Arrays.copyOfRange(d, 8, 12)).containsExactly(0, (byte) 255, 59, 74);
        }
    }

    @Test
    void sessionInformationAlsoThroughTheLegacyFormatBits() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, BLOCKS))) {
            byte[] d = ok(c.in(readToc(false, 1, 0, 12), 12));
            assertThat(d).hasSize(12);
            assertThat(u16(d, 0)).isEqualTo(10);
            assertThat(d[5] & 0xFF).isEqualTo(0x14);
            assertThat(d[6]).isEqualTo((byte) 1);
            assertThat(u32(d, 8)).isZero();
            byte[] linux = readToc(false, 0, 0, 12);
            linux[9] = 0x40;                                 // as Linux's sr_cd_check sends it
            assertThat(ok(c.in(linux, 12))).isEqualTo(d);
        }
    }

    @Test
    void fullTocOfACd() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, BLOCKS))) {
            byte[] d = ok(c.in(readToc(false, 2, 1, 1024), 1024));
            assertThat(d).hasSize(48);
            assertThat(u16(d, 0)).isEqualTo(46);
            int[] points = {d[4 + 3] & 0xFF, d[15 + 3] & 0xFF, d[26 + 3] & 0xFF, d[37 + 3] & 0xFF};
            assertThat(points).containsExactly(0xA0, 0xA1, 0xA2, 0x01);
            assertThat(d[4 + 8]).as("first track").isEqualTo((byte) 1);
            assertThat(d[15 + 8]).as("last track").isEqualTo((byte) 1);
            assertThat(Arrays.copyOfRange(d, 26 + 8, 26 + 11)).as("lead-out").containsExactly(2, 15, 25);
            assertThat(Arrays.copyOfRange(d, 37 + 8, 37 + 11)).as("track 1").containsExactly(0, 2, 0);
        }
    }

    @Test
    void invalidFormatsTracksAndBits() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, BLOCKS))) {
            assertInvalidFieldInCdb(c.in(readToc(false, 0, 2, 64), 64), 6, -1);
            assertInvalidFieldInCdb(c.in(readToc(false, 3, 0, 64), 64), 2, 3);
            assertInvalidFieldInCdb(c.in(readToc(false, 2, 2, 64), 64), 6, -1);
            byte[] legacy = readToc(false, 0, 0, 64);
            legacy[9] = (byte) 0xC0;
            assertInvalidFieldInCdb(c.in(legacy, 64), 9, 7);
            byte[] naca = readToc(false, 0, 0, 64);
            naca[9] = 0x04;
            assertInvalidFieldInCdb(c.in(naca, 64), 9, 2);
            byte[] reserved = readToc(false, 0, 0, 64);
            reserved[2] = 0x10;
            assertInvalidFieldInCdb(c.in(reserved, 64), 2, 4);
        }
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, 2_295_104))) {
            assertInvalidFieldInCdb(c.in(readToc(false, 2, 0, 64), 64), 2, 3);
            assertGood(c.in(readToc(false, 1, 0, 64), 64));
        }
    }

    @Test
    void truncatedToTheAllocationLengthAndNotReadyWithoutADisc() {
        MemoryCdrom dev = new MemoryCdrom(1, BLOCKS);
        try (Cdrom c = new Cdrom(dev)) {
            byte[] d = ok(c.in(readToc(false, 0, 0, 4), 1024));
            assertThat(d).hasSize(4);
            assertThat(u16(d, 0)).as("the full length still").isEqualTo(18);
            dev.remove();
            assertNotReady(c.in(readToc(false, 0, 0, 64), 64));
        }
    }
}
