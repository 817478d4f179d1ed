package org.scsi4j.core.internal.sbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.sbc.Disk.assertGood;
import static org.scsi4j.core.internal.sbc.Disk.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.sbc.Disk.assertLbaOutOfRange;
import static org.scsi4j.core.internal.sbc.Disk.assertSense;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.device.IoStatus;
import org.scsi4j.core.testing.MemoryBlockDevice;

class ReadWriteTest {
    private static final long BLOCKS = 4096;

    @ParameterizedTest(name = "{0}-byte CDB, {1}-byte blocks")
    @CsvSource({"6,512", "10,512", "12,512", "16,512", "6,4096", "10,4096", "12,4096", "16,4096"})
    void writeThenReadBackEveryCdbLength(int cdbLength, int blockSize) {
        try (Disk d = new Disk(new MemoryBlockDevice(blockSize, BLOCKS))) {
            byte[] data = d.pattern(3, cdbLength);
            assertGood(d.out(SbcCdb.write(cdbLength, 17, 3), data));
            ScsiResponse r = d.in(SbcCdb.read(cdbLength, 17, 3), 3 * blockSize);
            assertGood(r);
            assertThat(r.data()).isEqualTo(data);
            assertThat(r.underflow() || r.overflow()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}-byte CDB, {1}-byte blocks")
    @CsvSource({"6,512", "10,512", "12,512", "16,512", "6,4096", "10,4096", "12,4096", "16,4096"})
    void lastBlockIsInRangeAndOnePastIsNot(int cdbLength, int blockSize) {
        try (Disk d = new Disk(new MemoryBlockDevice(blockSize, BLOCKS))) {
            assertGood(d.in(SbcCdb.read(cdbLength, BLOCKS - 1, 1), blockSize));
            assertGood(d.out(SbcCdb.write(cdbLength, BLOCKS - 2, 2), new byte[2 * blockSize]));
            assertLbaOutOfRange(d.in(SbcCdb.read(cdbLength, BLOCKS, 1), blockSize));
            assertLbaOutOfRange(d.in(SbcCdb.read(cdbLength, BLOCKS - 1, 2), 2 * blockSize));
            assertLbaOutOfRange(d.out(SbcCdb.write(cdbLength, BLOCKS - 1, 2), new byte[2 * blockSize]));
        }
    }

    @ParameterizedTest(name = "{0}-byte blocks")
    @ValueSource(ints = {512, 4096})
    void lbaPlusLengthOverflowIsOutOfRange(int blockSize) {
        try (Disk d = new Disk(new MemoryBlockDevice(blockSize, BLOCKS))) {
            assertLbaOutOfRange(d.in(SbcCdb.read(16, -1L, 2), 2 * blockSize));
            assertLbaOutOfRange(d.in(SbcCdb.read(16, Long.MIN_VALUE, 1), blockSize));
            assertLbaOutOfRange(d.in(SbcCdb.read(10, 0xFFFF_FFFFL, 1), blockSize));
            assertLbaOutOfRange(d.in(SbcCdb.read(12, 0x8000_0000L, 1), blockSize));
            assertLbaOutOfRange(d.out(SbcCdb.write(16, -2L, 3), new byte[3 * blockSize]));
            assertLbaOutOfRange(d.in(SbcCdb.read(6, 0x1F_FFFF, 1), blockSize));
        }
    }

    @ParameterizedTest(name = "{0}-byte CDB")
    @ValueSource(ints = {10, 12, 16})
    void zeroBlocksIsGoodWithoutDataButStillRangeChecked(int cdbLength) {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS))) {
            ScsiResponse r = d.in(SbcCdb.read(cdbLength, 0, 0), 512);
            assertGood(r);
            assertThat(r.data()).isEmpty();
            assertGood(d.none(SbcCdb.read(cdbLength, BLOCKS, 0)));
            assertGood(d.none(SbcCdb.write(cdbLength, BLOCKS, 0)));
            assertLbaOutOfRange(d.none(SbcCdb.read(cdbLength, BLOCKS + 1, 0)));
            assertLbaOutOfRange(d.none(SbcCdb.write(cdbLength, BLOCKS + 1, 0)));
            assertThat(d.in(SbcCdb.read(cdbLength, 0, 0), 0).isGood()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}-byte blocks")
    @ValueSource(ints = {512, 4096})
    void sixByteLengthZeroMeans256Blocks(int blockSize) {
        MemoryBlockDevice dev = new MemoryBlockDevice(blockSize, BLOCKS);
        try (Disk d = new Disk(dev)) {
            byte[] data = d.pattern(256, 5);
            assertGood(d.out(SbcCdb.write(6, 100, 0), data));
            assertThat(dev.peek(100, 256)).isEqualTo(data);
            ScsiResponse r = d.in(SbcCdb.read(6, 100, 0), 256 * blockSize);
            assertGood(r);
            assertThat(r.data()).isEqualTo(data);
            assertLbaOutOfRange(d.in(SbcCdb.read(6, BLOCKS - 255, 0), 256 * blockSize));
        }
    }

    @ParameterizedTest(name = "{0}-byte CDB, {1}-byte blocks")
    @CsvSource({"10,512", "12,512", "16,512", "10,4096", "12,4096", "16,4096"})
    void transferLengthAboveMaximumIsInvalidFieldPointingAtTheLength(int cdbLength, int blockSize) {
        long max = BlockLimits.MAX_TRANSFER_BYTES / blockSize;
        // a 16-bit TRANSFER LENGTH cannot exceed 65,535 blocks: then the limit is not reachable
        Assumptions.assumeTrue(cdbLength != 10 || max + 1 <= 0xFFFF, "limit beyond the 10-byte CDB's field");
        try (Disk d = new Disk(new MemoryBlockDevice(blockSize, 1L << 20))) {
            assertInvalidFieldInCdb(d.in(SbcCdb.read(cdbLength, 0, max + 1), 0), DiskIo.lengthByte(cdbLength), -1);
            assertInvalidFieldInCdb(d.none(SbcCdb.write(cdbLength, 0, max + 1)), DiskIo.lengthByte(cdbLength), -1);
            assertGood(d.in(SbcCdb.read(cdbLength, 0, max), (int) max * blockSize));
        }
    }

    @ParameterizedTest(name = "{0}-byte CDB")
    @ValueSource(ints = {10, 12, 16})
    void protectionFieldsAndReservedBitsAreInvalidFieldsWithBitPointer(int cdbLength) {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS))) {
            for (int protect = 1; protect < 8; protect++) {
                byte[] read = SbcCdb.block(SbcCdb.readOpcode(cdbLength), cdbLength, 0, 1, protect << 5);
                assertInvalidFieldInCdb(d.in(read, 512), 1, 31 - Integer.numberOfLeadingZeros(protect << 5));
                byte[] write = SbcCdb.block(SbcCdb.writeOpcode(cdbLength), cdbLength, 0, 1, protect << 5);
                assertInvalidFieldInCdb(d.out(write, new byte[512]), 1, 31 - Integer.numberOfLeadingZeros(protect << 5));
            }
            // RELADR (bit 0, obsolete) and the CONTROL byte's NACA
            assertInvalidFieldInCdb(d.in(SbcCdb.block(SbcCdb.readOpcode(cdbLength), cdbLength, 0, 1, 0x01), 512), 1, 0);
            byte[] naca = SbcCdb.read(cdbLength, 0, 1);
            naca[cdbLength - 1] = 0x04;
            assertInvalidFieldInCdb(d.in(naca, 512), cdbLength - 1, 2);
        }
    }

    @ParameterizedTest(name = "{0}-byte CDB")
    @ValueSource(ints = {10, 12, 16})
    void dpoFuaAndFuaNvAreAcceptedAndFuaReachesTheDevice(int cdbLength) {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            assertGood(d.in(SbcCdb.block(SbcCdb.readOpcode(cdbLength), cdbLength, 0, 1, 0x1A), 512));
            assertGood(d.out(SbcCdb.block(SbcCdb.writeOpcode(cdbLength), cdbLength, 0, 1, 0x10), new byte[512]));
            assertGood(d.out(SbcCdb.block(SbcCdb.writeOpcode(cdbLength), cdbLength, 0, 1, 0x02), new byte[512]));
            assertThat(dev.fuaWrites()).isZero();
            assertGood(d.out(SbcCdb.block(SbcCdb.writeOpcode(cdbLength), cdbLength, 0, 1, 0x08), new byte[512]));
            assertGood(d.out(SbcCdb.block(SbcCdb.writeOpcode(cdbLength), cdbLength, 0, 1, 0x1A), new byte[512]));
            assertThat(dev.fuaWrites()).isEqualTo(2);
            assertThat(dev.writes()).isEqualTo(4);
        }
    }

    @ParameterizedTest(name = "volatile cache {0}")
    @ValueSource(booleans = {true, false})
    void writeCacheDisabledMakesEveryWriteFuaWhenTheDeviceHasAVolatileCache(boolean volatileCache) {
        MemoryBlockDevice dev = new MemoryBlockDevice(4096, BLOCKS).volatileCache(volatileCache);
        try (Disk d = new Disk(dev)) {
            assertGood(d.out(SbcCdb.write(10, 0, 1), new byte[4096]));
            assertThat(dev.fuaWrites()).isZero();
            d.lu().modePages().writeCacheEnabled(false);
            assertGood(d.out(SbcCdb.write(10, 0, 1), new byte[4096]));
            assertGood(d.out(SbcCdb.write(6, 0, 1), new byte[4096]));
            assertThat(dev.fuaWrites()).isEqualTo(volatileCache ? 2 : 0);
        }
    }

    @ParameterizedTest(name = "{0}-byte blocks")
    @ValueSource(ints = {512, 4096})
    void deviceErrorsBecomeMediumErrors(int blockSize) {
        MemoryBlockDevice dev = new MemoryBlockDevice(blockSize, BLOCKS);
        try (Disk d = new Disk(dev)) {
            dev.failNext(IoStatus.READ_ERROR);
            assertSense(d.in(SbcCdb.read(10, 3, 2), 2 * blockSize), 0x3, 0x11, 0x00);
            dev.failNext(IoStatus.WRITE_ERROR);
            assertSense(d.out(SbcCdb.write(10, 3, 2), new byte[2 * blockSize]), 0x3, 0x0C, 0x00);
            dev.failNext(IoStatus.DEVICE_FAILURE);
            assertSense(d.out(SbcCdb.write(16, 3, 1), new byte[blockSize]), 0x3, 0x0C, 0x00);
            dev.failNext(IoStatus.MEDIUM_NOT_PRESENT);
            assertSense(d.in(SbcCdb.read(16, 3, 1), blockSize), 0x2, 0x3A, 0x00);
            assertGood(d.in(SbcCdb.read(10, 3, 2), 2 * blockSize));
        }
    }

    @ParameterizedTest(name = "other thread {0}")
    @ValueSource(booleans = {true, false})
    void readShorterThanExpectedReportsResiduals(boolean otherThread) {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS).completeOnOtherThread(otherThread);
        try (Disk d = new Disk(dev)) {
            ScsiResponse longer = d.in(SbcCdb.read(10, 0, 1), 10000);
            assertGood(longer);
            assertThat(longer.data()).hasSize(512);
            assertThat(longer.underflow()).isTrue();
            assertThat(longer.residual()).isEqualTo(10000 - 512);
            ScsiResponse shorter = d.in(SbcCdb.read(10, 0, 2), 512);
            assertGood(shorter);
            assertThat(shorter.data()).hasSize(512);
            assertThat(shorter.overflow()).isTrue();
            assertThat(shorter.residual()).isEqualTo(512);
        }
    }

    @Test
    void aReadFlaggedAsAWriteGetsItsStatusAndNoDataIn() {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS))) {
            // libiscsi Read10Invalid: READ(10) of one block sent with the iSCSI W bit and a block of
            // data-out; Data-In would break an initiator that expects none (RFC 7143 §11.4.1)
            ScsiResponse r = d.out(SbcCdb.read(10, 0, 1), new byte[512]);
            assertGood(r);
            assertThat(r.data()).isEmpty();
            assertThat(r.overflow()).isTrue();
            assertThat(r.residual()).isEqualTo(512);
        }
    }

    @ParameterizedTest(name = "{0}-byte blocks")
    @ValueSource(ints = {512, 4096})
    void manyCommandsLeaveNoBufferBehind(int blockSize) {
        MemoryBlockDevice dev = new MemoryBlockDevice(blockSize, BLOCKS).completeOnOtherThread(true);
        try (Disk d = new Disk(dev)) {
            for (int i = 0; i < 200; i++) {
                byte[] data = d.pattern(1 + i % 7, i);
                d.write(i * 8L, data);
                assertThat(d.read(i * 8L, 1 + i % 7)).isEqualTo(data);
            }
        }
    }
}
