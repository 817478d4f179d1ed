package org.scsi4j.core.internal.sbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.sbc.Disk.assertGood;
import static org.scsi4j.core.internal.sbc.Disk.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.sbc.Disk.assertLbaOutOfRange;
import static org.scsi4j.core.internal.sbc.Disk.filled;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.MemoryBlockDevice;

class GetLbaStatusTest {
    private static final long BLOCKS = 4096;

    /** (lba, blocks, status) triples of the descriptors, after checking PARAMETER DATA LENGTH. */
    private static long[] descriptors(ScsiResponse r) {
        assertGood(r);
        ByteBuffer b = ByteBuffer.wrap(r.data());
        int n = (b.getInt(0) - 4) / 16;
        assertThat(b.getInt(0)).isEqualTo(4 + 16 * n);
        long[] out = new long[3 * n];
        for (int i = 0; i < n; i++) {
            out[3 * i] = b.getLong(8 + 16 * i);
            out[3 * i + 1] = b.getInt(16 + 16 * i) & 0xFFFF_FFFFL;
            out[3 * i + 2] = b.get(20 + 16 * i) & 0x0F;
        }
        return out;
    }

    @Test
    void aFullyProvisionedDeviceIsMappedToTheEnd() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS).unmapSupported(false);
        try (Disk d = new Disk(dev)) {
            assertThat(descriptors(d.in(SbcCdb.getLbaStatus(0, 24), 24))).containsExactly(0, BLOCKS, 0);
            assertThat(descriptors(d.in(SbcCdb.getLbaStatus(BLOCKS - 1, 1000), 1000))).containsExactly(BLOCKS - 1, 1, 0);
        }
    }

    @Test
    void extentsFollowWritesUnmapAndWriteSameUnmap() {
        ScriptedDevice dev = new ScriptedDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            assertThat(descriptors(d.in(SbcCdb.getLbaStatus(0, 24), 24))).containsExactly(0, BLOCKS, 1);
            d.write(0, filled(64 * 512, 1));
            byte[] list = SbcCdb.unmapList(10, 5);
            assertGood(d.out(SbcCdb.unmap(list.length, 0), list));
            assertGood(d.out(SbcCdb.block(0x93, 16, 40, 8, 0x08), new byte[512]));    // WRITE SAME UNMAP
            assertThat(descriptors(d.in(SbcCdb.getLbaStatus(0, 200), 200))).containsExactly(
                    0, 10, 0,
                    10, 5, 1,
                    15, 25, 0,
                    40, 8, 1,
                    48, 16, 0,
                    64, BLOCKS - 64, 1);
            // starting inside an extent: the first descriptor starts at the STARTING LBA
            assertThat(descriptors(d.in(SbcCdb.getLbaStatus(12, 24), 24))).containsExactly(12, 3, 1);
        }
    }

    @Test
    void allocationLengthBoundsTheDescriptors() {
        ScriptedDevice dev = new ScriptedDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            for (int i = 0; i < 10; i++) {
                d.write(2L * i, new byte[512]);
            }
            ScsiResponse none = d.in(SbcCdb.getLbaStatus(0, 0), 0);
            assertGood(none);
            assertThat(none.data()).isEmpty();
            ScsiResponse header = d.in(SbcCdb.getLbaStatus(0, 8), 8);
            assertGood(header);
            assertThat(header.data()).hasSize(8);
            assertThat(ByteBuffer.wrap(header.data()).getInt(0)).as("one descriptor available").isEqualTo(20);
            assertThat(descriptors(d.in(SbcCdb.getLbaStatus(0, 56), 56))).hasSize(9);
            assertThat(descriptors(d.in(SbcCdb.getLbaStatus(0, 4096), 4096))).hasSize(3 * 20);
        }
    }

    @Test
    void startingLbaBeyondTheLastBlockIsOutOfRange() {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS))) {
            assertLbaOutOfRange(d.in(SbcCdb.getLbaStatus(BLOCKS, 24), 24));
            assertLbaOutOfRange(d.in(SbcCdb.getLbaStatus(BLOCKS + 1, 24), 24));
            assertLbaOutOfRange(d.in(SbcCdb.getLbaStatus(0x8000_0000_0000_0000L, 24), 24));
            assertLbaOutOfRange(d.in(SbcCdb.getLbaStatus(-1L, 24), 24));
            byte[] reportType = SbcCdb.getLbaStatus(0, 24);
            reportType[14] = 0x01;
            assertInvalidFieldInCdb(d.in(reportType, 24), 14, 0);
        }
    }
}
