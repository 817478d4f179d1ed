package org.scsi4j.core.internal.sbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.sbc.Disk.assertGood;
import static org.scsi4j.core.internal.sbc.Disk.assertInvalidFieldInCdb;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.MemoryBlockDevice;

class ReadCapacityTest {

    @ParameterizedTest(name = "{0} blocks of {1} bytes")
    @CsvSource({"2048,512", "2048,4096", "4294967295,512", "4294967296,512", "4294967297,4096", "1099511627776,512"})
    void readCapacity10ReportsLastLbaOrAllOnesWhenItDoesNotFit(long blocks, int blockSize) {
        try (Disk d = new Disk(new MemoryBlockDevice(blockSize, blocks))) {
            ScsiResponse r = d.in(SbcCdb.readCapacity10(0, false), 8);
            assertGood(r);
            ByteBuffer b = ByteBuffer.wrap(r.data());
            long returned = b.getInt(0) & 0xFFFF_FFFFL;
            assertThat(returned).isEqualTo(Math.min(blocks - 1, 0xFFFF_FFFFL));
            assertThat(b.getInt(4)).isEqualTo(blockSize);
        }
    }

    @Test
    void readCapacity10WithLbaNeedsPmi() {
        try (Disk d = new Disk(new MemoryBlockDevice(512, 2048))) {
            assertInvalidFieldInCdb(d.in(SbcCdb.readCapacity10(5, false), 8), 2, -1);
            ScsiResponse r = d.in(SbcCdb.readCapacity10(5, true), 8);
            assertGood(r);
            assertThat(ByteBuffer.wrap(r.data()).getInt(0)).isEqualTo(2047);
            byte[] reserved = SbcCdb.readCapacity10(0, false);
            reserved[8] = 0x02;
            assertInvalidFieldInCdb(d.in(reserved, 8), 8, 1);
        }
    }

    @ParameterizedTest(name = "{0}-byte blocks")
    @ValueSource(ints = {512, 4096})
    void readCapacity16ReportsGeometryAndProvisioning(int blockSize) {
        long blocks = (1L << 33) + 7;
        try (Disk d = new Disk(new ScriptedDevice(blockSize, blocks).physicalBlockExponent(3))) {
            ScsiResponse r = d.in(SbcCdb.readCapacity16(32), 32);
            assertGood(r);
            ByteBuffer b = ByteBuffer.wrap(r.data());
            assertThat(b.getLong(0)).isEqualTo(blocks - 1);
            assertThat(b.getInt(8)).isEqualTo(blockSize);
            assertThat(b.get(12)).as("P_TYPE, PROT_EN").isZero();
            assertThat(b.get(13)).as("P_I_EXPONENT, LBPPBE").isEqualTo((byte) 3);
            assertThat(b.get(14) & 0xFF).as("LBPME, LBPRZ").isEqualTo(0xC0);
            assertThat(b.get(15)).as("LOWEST ALIGNED LBA").isZero();
            for (int i = 16; i < 32; i++) {
                assertThat(b.get(i)).isZero();
            }
        }
    }

    @Test
    void lbprzFollowsTheDeviceAndLbpmeIsClearWithoutUnmap() {
        ScriptedDevice noZero = new ScriptedDevice(512, 2048).unmappedReadsZero(false);
        try (Disk d = new Disk(noZero)) {
            assertThat(d.in(SbcCdb.readCapacity16(32), 32).data()[14] & 0xFF).isEqualTo(0x80);
        }
        MemoryBlockDevice thick = new MemoryBlockDevice(512, 2048).unmapSupported(false);
        try (Disk d = new Disk(thick)) {
            assertThat(d.in(SbcCdb.readCapacity16(32), 32).data()[14]).isZero();
        }
    }

    @Test
    void readCapacity16TruncatesToTheAllocationLength() {
        try (Disk d = new Disk(new MemoryBlockDevice(512, 2048))) {
            for (int alloc = 0; alloc < 16; alloc++) {
                ScsiResponse r = d.in(SbcCdb.readCapacity16(alloc), alloc);
                assertGood(r);
                assertThat(r.data()).hasSize(alloc);
            }
            ScsiResponse big = d.in(SbcCdb.readCapacity16(512), 512);
            assertGood(big);
            assertThat(big.data()).hasSize(32);
            assertThat(big.underflow()).isTrue();
            assertThat(big.residual()).isEqualTo(512 - 32);
        }
    }

    @Test
    void readCapacity16WithLbaNeedsPmi() {
        try (Disk d = new Disk(new MemoryBlockDevice(512, 2048))) {
            byte[] cdb = SbcCdb.readCapacity16(32);
            cdb[9] = 1;
            assertInvalidFieldInCdb(d.in(cdb, 32), 2, -1);
            cdb[14] = 1;
            assertGood(d.in(cdb, 32));
        }
    }

    @Test
    void capacityFollowsAResizedDevice() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, 2048);
        try (Disk d = new Disk(dev)) {
            dev.resize(4096);
            d.session.clearUnitAttentions(0);
            assertThat(ByteBuffer.wrap(d.in(SbcCdb.readCapacity16(32), 32).data()).getLong(0)).isEqualTo(4095);
            assertGood(d.in(SbcCdb.read(10, 4095, 1), 512));
        }
    }
}
