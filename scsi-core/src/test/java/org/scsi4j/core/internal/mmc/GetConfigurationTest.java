package org.scsi4j.core.internal.mmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.mmc.Cdrom.assertGood;
import static org.scsi4j.core.internal.mmc.Cdrom.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.mmc.Cdrom.assertMediumMayHaveChanged;
import static org.scsi4j.core.internal.mmc.MmcCdb.getConfiguration;
import static org.scsi4j.core.internal.mmc.MmcCdb.u16;
import static org.scsi4j.core.internal.mmc.MmcCdb.u32;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.loopback.ScsiResponse;

class GetConfigurationTest {
    private static final long CD_BLOCKS = 1000;
    private static final long DVD_BLOCKS = 2_295_104;   // a single-layer DVD-5

    /** The feature codes and their byte 2 (version, persistent, current), in order. */
    private static List<int[]> features(byte[] d) {
        List<int[]> out = new ArrayList<>();
        int end = (int) u32(d, 0) + 4;
        int p = 8;
        while (p < end) {
            out.add(new int[] {u16(d, p), d[p + 2] & 0xFF, d[p + 3] & 0xFF, p});
            p += 4 + (d[p + 3] & 0xFF);
        }
        assertThat(p).isEqualTo(end);
        return out;
    }

    private static int[] codes(List<int[]> features) {
        return features.stream().mapToInt(f -> f[0]).toArray();
    }

    @Test
    void allFeaturesOfACdInAscendingOrderWithTheCdProfileCurrent() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, CD_BLOCKS))) {
            ScsiResponse r = c.in(getConfiguration(0, 0, 1024), 1024);
            assertGood(r);
            byte[] d = r.data();
            assertThat(u16(d, 6)).as("CURRENT PROFILE").isEqualTo(0x0008);
            List<int[]> f = features(d);
            assertThat(codes(f)).containsExactly(0x0000, 0x0001, 0x0002, 0x0003, 0x0010, 0x001E, 0x001F);
            // Profile List: persistent, current; DVD-ROM then CD-ROM, CurrentP on the CD-ROM
            int pl = f.get(0)[3];
            assertThat(f.get(0)[1]).isEqualTo(0x03);
            assertThat(f.get(0)[2]).isEqualTo(8);
            assertThat(u16(d, pl + 4)).isEqualTo(0x0010);
            assertThat(d[pl + 6] & 1).isZero();
            assertThat(u16(d, pl + 8)).isEqualTo(0x0008);
            assertThat(d[pl + 10] & 1).isEqualTo(1);
            // Core: version 2, SCSI family
            assertThat(f.get(1)[1]).isEqualTo((2 << 2) | 0x03);
            assertThat(u32(d, f.get(1)[3] + 4)).isEqualTo(1);
            // Removable Medium: tray, load, eject, no prevent jumper, lock
            assertThat(d[f.get(3)[3] + 4] & 0xFF).isEqualTo(0x20 | 0x10 | 0x08 | 0x04 | 0x01);
            // Random Readable: current, 2048-byte blocks, blocking 1
            int rr = f.get(4)[3];
            assertThat(d[rr + 2] & 0x03).isEqualTo(0x01);
            assertThat(u32(d, rr + 4)).isEqualTo(2048);
            assertThat(u16(d, rr + 8)).isEqualTo(1);
            // CD Read current, DVD Read not
            assertThat(f.get(5)[1] & 0x01).isEqualTo(1);
            assertThat(f.get(6)[1] & 0x01).isZero();
        }
    }

    @Test
    void aDiscLargerThanAnEightyMinuteCdIsADvd() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, Disc.CD_MAX_BLOCKS))) {
            assertThat(u16(c.in(getConfiguration(0, 0, 8), 8).data(), 6)).isEqualTo(0x0008);
        }
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, Disc.CD_MAX_BLOCKS + 1))) {
            assertThat(u16(c.in(getConfiguration(0, 0, 8), 8).data(), 6)).isEqualTo(0x0010);
        }
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, DVD_BLOCKS))) {
            byte[] d = c.in(getConfiguration(1, 0, 1024), 1024).data();
            assertThat(u16(d, 6)).isEqualTo(0x0010);
            List<int[]> f = features(d);
            assertThat(codes(f)).as("current features of a DVD").containsExactly(0x0000, 0x0001, 0x0002, 0x0003, 0x0010, 0x001F);
            assertThat(u16(d, f.get(4)[3] + 8)).as("DVD blocking factor").isEqualTo(16);
            int pl = f.get(0)[3];
            assertThat(d[pl + 6] & 1).as("CurrentP of DVD-ROM").isEqualTo(1);
        }
    }

    @Test
    void anEmptyDriveHasNoCurrentProfileAndNoCurrentMediumFeatures() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(true))) {
            byte[] d = c.in(getConfiguration(1, 0, 1024), 1024).data();
            assertThat(u16(d, 6)).isZero();
            assertThat(codes(features(d))).containsExactly(0x0000, 0x0001, 0x0002, 0x0003);
            byte[] all = c.in(getConfiguration(0, 0, 1024), 1024).data();
            assertThat(codes(features(all))).hasSize(7);
        }
    }

    @Test
    void startingFeatureNumberAndSingleFeature() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, CD_BLOCKS))) {
            assertThat(codes(features(c.in(getConfiguration(0, 0x0004, 1024), 1024).data())))
                    .containsExactly(0x0010, 0x001E, 0x001F);
            assertThat(codes(features(c.in(getConfiguration(1, 0x0011, 1024), 1024).data())))
                    .containsExactly(0x001E);
            assertThat(codes(features(c.in(getConfiguration(2, 0x001F, 1024), 1024).data())))
                    .as("RT 10b: that feature, current or not").containsExactly(0x001F);
            ScsiResponse none = c.in(getConfiguration(2, 0x0028, 1024), 1024);
            assertGood(none);
            assertThat(none.data()).hasSize(8);
            assertThat(u32(none.data(), 0)).as("DATA LENGTH of the header alone").isEqualTo(4);
            assertThat(u16(none.data(), 6)).isEqualTo(0x0008);
        }
    }

    @Test
    void allocationLengthCutsTheTransferNotTheDataLength() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, CD_BLOCKS))) {
            ScsiResponse full = c.in(getConfiguration(0, 0, 1024), 1024);
            ScsiResponse cut = c.in(getConfiguration(0, 0, 10), 1024);
            assertGood(cut);
            assertThat(cut.data()).hasSize(10).isEqualTo(java.util.Arrays.copyOf(full.data(), 10));
            assertThat(u32(cut.data(), 0)).isEqualTo(full.data().length - 4);
        }
    }

    @Test
    void reservedRtAndReservedBitsAreInvalidFields() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, CD_BLOCKS))) {
            assertInvalidFieldInCdb(c.in(getConfiguration(3, 0, 64), 64), 1, 1);
            byte[] cdb = getConfiguration(0, 0, 64);
            cdb[4] = 1;
            assertInvalidFieldInCdb(c.in(cdb, 64), 4, 0);
            cdb = getConfiguration(0, 0, 64);
            cdb[1] |= 0x20;                                  // the old LUN field
            assertInvalidFieldInCdb(c.in(cdb, 64), 1, 5);
        }
    }

    @Test
    void runsWhileAUnitAttentionIsPendingAndLeavesIt() {
        MemoryCdrom dev = new MemoryCdrom(1, CD_BLOCKS);
        try (Cdrom c = new Cdrom(dev)) {
            dev.insert(2, 2 * CD_BLOCKS);
            assertGood(c.in(getConfiguration(0, 0, 64), 64));
            assertGood(c.in(MmcCdb.eventStatus(true, 0x10, 8), 8));
            assertMediumMayHaveChanged(c.none(MmcCdb.testUnitReady()));
            assertGood(c.none(MmcCdb.testUnitReady()));
        }
    }
}
