package org.scsi4j.core.internal.sbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.sbc.Disk.assertGood;
import static org.scsi4j.core.internal.sbc.Disk.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.sbc.Disk.assertLbaOutOfRange;
import static org.scsi4j.core.internal.sbc.Disk.assertSense;
import static org.scsi4j.core.internal.sbc.Disk.information;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.device.IoStatus;
import org.scsi4j.core.testing.MemoryBlockDevice;

/** VERIFY (10/12/16) and WRITE AND VERIFY (10/12/16). */
class VerifyTest {
    private static final long BLOCKS = 2048;

    private static byte[] verify(int cdbLength, long lba, long blocks, int bytchk) {
        return SbcCdb.block(SbcCdb.verifyOpcode(cdbLength), cdbLength, lba, blocks, bytchk << 1);
    }

    private static byte[] writeAndVerify(int cdbLength, long lba, long blocks, int byte1) {
        return SbcCdb.block(SbcCdb.writeAndVerifyOpcode(cdbLength), cdbLength, lba, blocks, byte1);
    }

    @ParameterizedTest(name = "{0}-byte CDB, {1}-byte blocks")
    @CsvSource({"10,512", "12,512", "16,512", "10,4096", "12,4096", "16,4096"})
    void byteCheckComparesAndReportsTheOffsetOfTheFirstDifference(int cdbLength, int blockSize) {
        try (Disk d = new Disk(new MemoryBlockDevice(blockSize, BLOCKS))) {
            byte[] data = d.pattern(4, 9);
            d.write(BLOCKS - 4, data);
            assertGood(d.out(verify(cdbLength, BLOCKS - 4, 4, 1), data));
            int offset = 2 * blockSize + 77;
            byte[] changed = data.clone();
            changed[offset] ^= 0x58;
            ScsiResponse r = d.out(verify(cdbLength, BLOCKS - 4, 4, 1), changed);
            assertSense(r, 0xE, 0x1D, 0x00);
            assertThat(information(r)).isEqualTo(offset);
            changed[offset] ^= 0x58;
            changed[0] ^= 1;
            assertThat(information(d.out(verify(cdbLength, BLOCKS - 4, 4, 1), changed))).isZero();
        }
    }

    @ParameterizedTest(name = "{0}-byte blocks")
    @ValueSource(ints = {512, 4096})
    void miscompareInformationInDescriptorSense(int blockSize) {
        try (Disk d = new Disk(new MemoryBlockDevice(blockSize, BLOCKS), true)) {
            byte[] data = d.pattern(2, 1);
            d.write(0, data);
            data[blockSize + 5] ^= 1;
            ScsiResponse r = d.out(verify(16, 0, 2, 1), data);
            assertSense(r, 0xE, 0x1D, 0x00);
            assertThat(r.sense()[0]).isEqualTo((byte) 0x72);
            assertThat(information(r)).isEqualTo(blockSize + 5);
        }
    }

    @ParameterizedTest(name = "{0}-byte blocks")
    @ValueSource(ints = {512, 4096})
    void mediumVerificationOnlyReadsAndReportsReadErrors(int blockSize) {
        ScriptedDevice dev = new ScriptedDevice(blockSize, BLOCKS);
        try (Disk d = new Disk(dev)) {
            assertGood(d.none(verify(10, 0, 256, 0)));
            assertThat(dev.reads.get()).isEqualTo(1);
            dev.failNextRead(IoStatus.READ_ERROR);
            assertSense(d.none(verify(16, 7, 3, 0)), 0x3, 0x11, 0x00);
            assertGood(d.none(verify(12, 7, 3, 0)));
        }
    }

    @ParameterizedTest(name = "{0}-byte blocks")
    @ValueSource(ints = {512, 4096})
    void byteCheckOneBlockComparesItWithEveryBlock(int blockSize) {
        try (Disk d = new Disk(new MemoryBlockDevice(blockSize, BLOCKS))) {
            byte[] block = d.pattern(1, 3);
            byte[] run = new byte[5 * blockSize];
            for (int i = 0; i < 5; i++) {
                System.arraycopy(block, 0, run, i * blockSize, blockSize);
            }
            d.write(100, run);
            assertGood(d.out(verify(10, 100, 5, 3), block));
            run[3 * blockSize + 11] ^= 0x20;
            d.write(100, run);
            ScsiResponse r = d.out(verify(16, 100, 5, 3), block);
            assertSense(r, 0xE, 0x1D, 0x00);
            assertThat(information(r)).isEqualTo(3L * blockSize + 11);
        }
    }

    @ParameterizedTest(name = "{0}-byte CDB")
    @ValueSource(ints = {10, 12, 16})
    void verifyFieldErrors(int cdbLength) {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS))) {
            assertInvalidFieldInCdb(d.none(verify(cdbLength, 0, 1, 2)), 1, 2);
            for (int vrprotect = 1; vrprotect < 8; vrprotect++) {
                byte[] cdb = SbcCdb.block(SbcCdb.verifyOpcode(cdbLength), cdbLength, 0, 1, (vrprotect << 5) | 0x02);
                assertInvalidFieldInCdb(d.out(cdb, new byte[512]), 1, 31 - Integer.numberOfLeadingZeros(vrprotect << 5));
            }
            assertGood(d.none(SbcCdb.block(SbcCdb.verifyOpcode(cdbLength), cdbLength, 0, 1, 0x10)));   // DPO
            long max = BlockLimits.MAX_TRANSFER_BYTES / 512;
            if (cdbLength != 10 || max + 1 <= 0xFFFF) {   // a 16-bit length cannot exceed the limit
                assertInvalidFieldInCdb(d.none(verify(cdbLength, 0, max + 1, 0)), DiskIo.lengthByte(cdbLength), -1);
            }
        }
    }

    @ParameterizedTest(name = "{0}-byte CDB")
    @ValueSource(ints = {10, 12, 16})
    void verifyRange(int cdbLength) {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS))) {
            assertGood(d.none(verify(cdbLength, 0, 0, 1)));
            assertGood(d.none(verify(cdbLength, BLOCKS, 0, 1)));
            assertLbaOutOfRange(d.none(verify(cdbLength, BLOCKS + 1, 0, 1)));
            assertLbaOutOfRange(d.none(verify(cdbLength, 0xFFFF_FFFFL, 0, 0)));
            assertLbaOutOfRange(d.out(verify(cdbLength, BLOCKS - 1, 2, 1), new byte[1024]));
            assertGood(d.out(verify(cdbLength, BLOCKS - 1, 1, 1), new byte[512]));
        }
    }

    @ParameterizedTest(name = "{0}-byte CDB, {1}-byte blocks")
    @CsvSource({"10,512", "12,512", "16,512", "10,4096", "12,4096", "16,4096"})
    void writeAndVerifyWritesWithFuaThenReadsBack(int cdbLength, int blockSize) {
        ScriptedDevice dev = new ScriptedDevice(blockSize, BLOCKS);
        try (Disk d = new Disk(dev)) {
            byte[] data = d.pattern(3, 4);
            assertGood(d.out(writeAndVerify(cdbLength, 10, 3, 0x02), data));
            assertThat(dev.memory.peek(10, 3)).isEqualTo(data);
            assertThat(dev.memory.fuaWrites()).isEqualTo(1);
            assertThat(dev.reads.get()).isEqualTo(1);
            assertGood(d.out(writeAndVerify(cdbLength, BLOCKS - 3, 3, 0x00), data));
            assertThat(dev.memory.fuaWrites()).isEqualTo(2);
            assertThat(dev.reads.get()).isEqualTo(2);
            assertGood(d.none(writeAndVerify(cdbLength, BLOCKS, 0, 0x02)));
        }
    }

    @ParameterizedTest(name = "{0}-byte blocks")
    @ValueSource(ints = {512, 4096})
    void writeAndVerifyReportsMiscompareAndDeviceErrors(int blockSize) {
        ScriptedDevice dev = new ScriptedDevice(blockSize, BLOCKS);
        try (Disk d = new Disk(dev)) {
            byte[] data = d.pattern(2, 6);
            dev.failNextWrite(IoStatus.WRITE_ERROR);
            assertSense(d.out(writeAndVerify(10, 0, 2, 0x02), data), 0x3, 0x0C, 0x00);
            dev.failNextRead(IoStatus.READ_ERROR);
            assertSense(d.out(writeAndVerify(10, 0, 2, 0x02), data), 0x3, 0x11, 0x00);
            dev.corruptReadsAt(blockSize + 1);
            ScsiResponse r = d.out(writeAndVerify(16, 0, 2, 0x02), data);
            assertSense(r, 0xE, 0x1D, 0x00);
            assertThat(information(r)).isEqualTo(blockSize + 1);
            assertGood(d.out(writeAndVerify(16, 0, 2, 0x00), data));    // BYTCHK=0: no compare
        }
    }

    @ParameterizedTest(name = "{0}-byte CDB")
    @ValueSource(ints = {10, 12, 16})
    void writeAndVerifyFieldAndRangeErrors(int cdbLength) {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            assertInvalidFieldInCdb(d.out(writeAndVerify(cdbLength, 0, 1, 0x04), new byte[512]), 1, 2);
            assertInvalidFieldInCdb(d.out(writeAndVerify(cdbLength, 0, 1, 0x06), new byte[512]), 1, 2);
            assertInvalidFieldInCdb(d.out(writeAndVerify(cdbLength, 0, 1, 0x22), new byte[512]), 1, 5);
            assertInvalidFieldInCdb(d.out(writeAndVerify(cdbLength, 0, 1, 0x08), new byte[512]), 1, 3);
            assertLbaOutOfRange(d.out(writeAndVerify(cdbLength, BLOCKS - 1, 2, 0x02), new byte[1024]));
            assertLbaOutOfRange(d.none(writeAndVerify(cdbLength, BLOCKS + 1, 0, 0)));
            assertThat(dev.writes()).isZero();
        }
    }
}
