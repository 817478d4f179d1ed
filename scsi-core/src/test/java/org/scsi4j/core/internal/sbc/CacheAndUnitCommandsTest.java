package org.scsi4j.core.internal.sbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.sbc.Disk.assertGood;
import static org.scsi4j.core.internal.sbc.Disk.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.sbc.Disk.assertLbaOutOfRange;
import static org.scsi4j.core.internal.sbc.Disk.assertSense;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.device.IoStatus;
import org.scsi4j.core.spi.transport.ScsiStatus;
import org.scsi4j.core.testing.MemoryBlockDevice;

/** SYNCHRONIZE CACHE, PRE-FETCH and START STOP UNIT. */
class CacheAndUnitCommandsTest {
    private static final long BLOCKS = 1000;

    private static byte[] sync(int cdbLength, long lba, long blocks, int byte1) {
        return SbcCdb.block(cdbLength == 10 ? 0x35 : 0x91, cdbLength, lba, blocks, byte1);
    }

    private static byte[] prefetch(int cdbLength, long lba, long blocks, int byte1) {
        return SbcCdb.block(cdbLength == 10 ? 0x34 : 0x90, cdbLength, lba, blocks, byte1);
    }

    @ParameterizedTest(name = "{0}-byte CDB, {1}-byte blocks")
    @CsvSource({"10,512", "16,512", "10,4096", "16,4096"})
    void synchronizeCacheFlushesTheDevice(int cdbLength, int blockSize) {
        MemoryBlockDevice dev = new MemoryBlockDevice(blockSize, BLOCKS).volatileCache(true);
        try (Disk d = new Disk(dev)) {
            assertGood(d.none(sync(cdbLength, 0, 0, 0)));
            assertGood(d.none(sync(cdbLength, 10, 20, 0x02)));       // IMMED: still flushed first
            assertGood(d.none(sync(cdbLength, BLOCKS - 1, 1, 0x04))); // SYNC_NV
            assertGood(d.none(sync(cdbLength, BLOCKS, 0, 0)));        // 0 blocks = to the end (nothing)
            assertThat(dev.flushes()).isEqualTo(4);
        }
    }

    @ParameterizedTest(name = "{0}-byte CDB")
    @ValueSource(ints = {10, 16})
    void synchronizeCacheChecksTheRange(int cdbLength) {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            assertLbaOutOfRange(d.none(sync(cdbLength, BLOCKS + 1, 0, 0)));
            assertLbaOutOfRange(d.none(sync(cdbLength, BLOCKS - 1, 2, 0)));
            assertLbaOutOfRange(d.none(sync(cdbLength, cdbLength == 10 ? 0xFFFF_FFFFL : -1L, 1, 0)));
            assertInvalidFieldInCdb(d.none(sync(cdbLength, 0, 0, 0x01)), 1, 0);
            assertThat(dev.flushes()).isZero();
        }
    }

    @Test
    void synchronizeCacheFailureIsAWriteError() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            dev.failNext(IoStatus.WRITE_ERROR);
            assertSense(d.none(sync(10, 0, 0, 0)), 0x3, 0x0C, 0x00);
        }
    }

    @ParameterizedTest(name = "{0}-byte CDB, {1}-byte blocks")
    @CsvSource({"10,512", "16,512", "10,4096", "16,4096"})
    void preFetchIsGoodInRangeAndReadsNothing(int cdbLength, int blockSize) {
        ScriptedDevice dev = new ScriptedDevice(blockSize, BLOCKS);
        try (Disk d = new Disk(dev)) {
            for (int n = 0; n <= 256; n += 64) {
                ScsiResponse r = d.none(prefetch(cdbLength, 0, n, 0));
                assertThat(r.status()).isEqualTo(ScsiStatus.GOOD);
                assertGood(d.none(prefetch(cdbLength, BLOCKS - n, n, 0)));
            }
            byte[] flags = prefetch(cdbLength, 0, 1, 0x02);
            flags[cdbLength == 10 ? 6 : 14] = 3;                      // GROUP NUMBER
            assertGood(d.none(flags));
            assertLbaOutOfRange(d.none(prefetch(cdbLength, BLOCKS + 1, 0, 0)));
            assertLbaOutOfRange(d.none(prefetch(cdbLength, BLOCKS - 1, 2, 0)));
            assertLbaOutOfRange(d.none(prefetch(cdbLength, cdbLength == 10 ? 0x8000_0000L : Long.MIN_VALUE, 1, 0)));
            assertInvalidFieldInCdb(d.none(prefetch(cdbLength, 0, 1, 0x01)), 1, 0);
            assertThat(dev.reads.get()).isZero();
        }
    }

    @Test
    void startIsGoodAndStopFlushesUnlessNoFlush() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS).volatileCache(true);
        try (Disk d = new Disk(dev)) {
            assertGood(d.none(SbcCdb.startStopUnit(0, 0x01)));
            assertGood(d.none(SbcCdb.startStopUnit(1, 0x01)));
            assertThat(dev.flushes()).isZero();
            assertGood(d.none(SbcCdb.startStopUnit(0, 0x00)));
            assertGood(d.none(SbcCdb.startStopUnit(1, 0x00)));
            assertThat(dev.flushes()).isEqualTo(2);
            assertGood(d.none(SbcCdb.startStopUnit(0, 0x04)));
            assertThat(dev.flushes()).isEqualTo(2);
            assertGood(d.in(SbcCdb.read(10, 0, 1), 512));             // still ready after a stop
        }
    }

    @Test
    void startStopUnitRejectsLoejAndPowerConditions() {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS))) {
            assertInvalidFieldInCdb(d.none(SbcCdb.startStopUnit(0, 0x02)), 4, 1);
            assertInvalidFieldInCdb(d.none(SbcCdb.startStopUnit(0, 0x03)), 4, 1);
            assertInvalidFieldInCdb(d.none(SbcCdb.startStopUnit(0, 0x10)), 4, 4);
            assertInvalidFieldInCdb(d.none(SbcCdb.startStopUnit(0, 0x31)), 4, 5);
            byte[] modifier = SbcCdb.startStopUnit(0, 1);
            modifier[3] = 1;
            assertInvalidFieldInCdb(d.none(modifier), 3, 0);
        }
    }
}
