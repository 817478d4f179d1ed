package org.scsi4j.core.internal.sbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.sbc.Disk.assertGood;
import static org.scsi4j.core.internal.sbc.Disk.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.sbc.Disk.assertLbaOutOfRange;
import static org.scsi4j.core.internal.sbc.Disk.assertSense;
import static org.scsi4j.core.internal.sbc.Disk.filled;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.spi.device.IoStatus;
import org.scsi4j.core.testing.MemoryBlockDevice;

class WriteSameTest {
    private static final long BLOCKS = 8192;

    private static byte[] ws(int cdbLength, long lba, long blocks, int byte1) {
        return SbcCdb.block(cdbLength == 10 ? 0x41 : 0x93, cdbLength, lba, blocks, byte1);
    }

    private static byte[] repeat(byte[] block, int times) {
        byte[] out = new byte[block.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(block, 0, out, i * block.length, block.length);
        }
        return out;
    }

    @ParameterizedTest(name = "{0}-byte CDB, {1}-byte blocks, native {2}")
    @CsvSource({"10,512,true", "16,512,true", "10,4096,true", "16,4096,true",
            "10,512,false", "16,512,false", "10,4096,false", "16,4096,false"})
    void writesThePatternToEveryBlock(int cdbLength, int blockSize, boolean nativeWriteSame) {
        MemoryBlockDevice dev = new MemoryBlockDevice(blockSize, BLOCKS).writeSameSupported(nativeWriteSame);
        try (Disk d = new Disk(dev)) {
            byte[] block = d.pattern(1, 42);
            assertGood(d.out(ws(cdbLength, 10, 37, 0), block));
            assertThat(d.read(10, 37)).isEqualTo(repeat(block, 37));
            assertThat(d.read(9, 1)).isEqualTo(new byte[blockSize]);
            assertThat(d.read(47, 1)).isEqualTo(new byte[blockSize]);
            assertThat(dev.writeSames()).isEqualTo(nativeWriteSame ? 1 : 0);
            assertThat(dev.writes()).isEqualTo(nativeWriteSame ? 0 : 1);
        }
    }

    @ParameterizedTest(name = "{0}-byte blocks, completion on another thread {1}")
    @CsvSource({"512,false", "4096,false", "512,true", "4096,true"})
    void emulationWritesOneChunkPerDeviceCall(int blockSize, boolean otherThread) {
        MemoryBlockDevice dev = new MemoryBlockDevice(blockSize, BLOCKS).writeSameSupported(false)
                .completeOnOtherThread(otherThread);
        int perChunk = BlockLimits.WRITE_SAME_CHUNK_BYTES / blockSize;
        int blocks = 2 * perChunk + 3;
        try (Disk d = new Disk(dev)) {
            byte[] block = d.pattern(1, 7);
            assertGood(d.out(ws(16, 5, blocks, 0), block));
            assertThat(dev.writes()).isEqualTo(3);
            assertThat(dev.peek(5, blocks)).isEqualTo(repeat(block, blocks));
            dev.failNext(IoStatus.WRITE_ERROR);
            assertSense(d.out(ws(16, 5, blocks, 0), block), 0x3, 0x0C, 0x00);
        }
    }

    @Test
    void emulatedWriteSameUnderWriteThroughUsesFuaAndNativeFlushes() {
        MemoryBlockDevice emulated = new MemoryBlockDevice(512, BLOCKS).writeSameSupported(false).volatileCache(true);
        try (Disk d = new Disk(emulated)) {
            d.lu().modePages().writeCacheEnabled(false);
            assertGood(d.out(ws(10, 0, 8, 0), filled(512, 1)));
            assertThat(emulated.fuaWrites()).isEqualTo(1);
        }
        MemoryBlockDevice nativeWs = new MemoryBlockDevice(512, BLOCKS).volatileCache(true);
        try (Disk d = new Disk(nativeWs)) {
            assertGood(d.out(ws(10, 0, 8, 0), filled(512, 1)));
            assertThat(nativeWs.flushes()).isZero();
            d.lu().modePages().writeCacheEnabled(false);
            assertGood(d.out(ws(10, 0, 8, 0), filled(512, 1)));
            assertThat(nativeWs.flushes()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}-byte CDB, {1}-byte blocks")
    @CsvSource({"10,512", "16,512", "10,4096", "16,4096"})
    void unmapBitUnmapsZeroPatternWhenUnmappedBlocksReadAsZero(int cdbLength, int blockSize) {
        ScriptedDevice dev = new ScriptedDevice(blockSize, BLOCKS);
        try (Disk d = new Disk(dev)) {
            d.write(0, filled(16 * blockSize, 0xFF));
            assertGood(d.out(ws(cdbLength, 0, 16, 0x08), new byte[blockSize]));
            assertThat(dev.memory.unmaps()).isEqualTo(1);
            assertThat(d.read(0, 16)).isEqualTo(new byte[16 * blockSize]);
        }
    }

    @Test
    void unmapBitDeallocatesWhateverThePattern() {
        ScriptedDevice dev = new ScriptedDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            assertGood(d.out(SbcCdb.write(16, 0, 4), filled(4 * 512, 0x5A)));
            assertGood(d.out(ws(16, 0, 4, 0x08), filled(512, 0xA6)));
            assertThat(dev.memory.unmaps()).as("deallocated, as libiscsi's UnmapUntilEnd expects").isEqualTo(1);
            assertThat(d.read(0, 4)).as("LBPRZ: reads zeroes").isEqualTo(new byte[4 * 512]);
        }
    }

    @ParameterizedTest(name = "{0}-byte CDB")
    @ValueSource(ints = {10, 16})
    void unmapBitWithoutUnmapSupportAndAnchorAreInvalid(int cdbLength) {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS).unmapSupported(false))) {
            assertInvalidFieldInCdb(d.out(ws(cdbLength, 0, 1, 0x08), new byte[512]), 1, 3);
            assertInvalidFieldInCdb(d.out(ws(cdbLength, 0, 1, 0x10), new byte[512]), 1, 4);
            assertInvalidFieldInCdb(d.out(ws(cdbLength, 0, 1, 0x18), new byte[512]), 1, 4);
            assertInvalidFieldInCdb(d.out(ws(cdbLength, 0, 1, 0x20), new byte[512]), 1, 5);
            assertInvalidFieldInCdb(d.out(ws(cdbLength, 0, 1, 0x02), new byte[512]), 1, 1);   // LBDATA
            assertGood(d.out(ws(cdbLength, 0, 1, 0), new byte[512]));
        }
    }

    @ParameterizedTest(name = "{0}-byte CDB")
    @ValueSource(ints = {10, 16})
    void numberOfBlocksZeroMeansToTheEnd(int cdbLength) {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            assertGood(d.out(ws(cdbLength, BLOCKS - 5, 0, 0), filled(512, 0x33)));
            assertThat(dev.peek(BLOCKS - 5, 5)).isEqualTo(filled(5 * 512, 0x33));
            assertThat(dev.peek(BLOCKS - 6, 1)).isEqualTo(new byte[512]);
            assertGood(d.out(ws(cdbLength, BLOCKS, 0, 0), filled(512, 0x33)));
            assertLbaOutOfRange(d.out(ws(cdbLength, BLOCKS + 1, 0, 0), new byte[512]));
        }
    }

    @Test
    void maximumWriteSameLengthIsEnforcedAlsoForTheRestOfTheMedium() {
        long max = BlockLimits.MAX_WRITE_SAME_BLOCKS;
        long blocks = 4 * max;
        ScriptedDevice dev = new ScriptedDevice(512, blocks);
        try (Disk d = new Disk(dev)) {
            assertInvalidFieldInCdb(d.out(ws(16, 0, 0, 0x08), new byte[512]), 10, -1);
            assertInvalidFieldInCdb(d.out(ws(16, blocks - max - 1, 0, 0x08), new byte[512]), 10, -1);
            assertInvalidFieldInCdb(d.out(ws(16, 0, max + 1, 0x08), new byte[512]), 10, -1);
            assertGood(d.out(ws(16, blocks - max, 0, 0x08), new byte[512]));
            assertGood(d.out(ws(16, 0, max, 0x08), new byte[512]));
            assertThat(dev.memory.unmaps()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}-byte CDB")
    @ValueSource(ints = {10, 16})
    void rangeErrors(int cdbLength) {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            assertLbaOutOfRange(d.out(ws(cdbLength, BLOCKS - 1, 2, 0), new byte[512]));
            assertLbaOutOfRange(d.out(ws(cdbLength, cdbLength == 10 ? 0xFFFF_FFFFL : -1L, 1, 0), new byte[512]));
            assertLbaOutOfRange(d.out(ws(cdbLength, cdbLength == 10 ? 0x8000_0000L : Long.MIN_VALUE, 0, 0), new byte[512]));
            assertGood(d.out(ws(cdbLength, BLOCKS - 1, 1, 0), new byte[512]));
            assertThat(dev.writeSames()).isEqualTo(1);
        }
    }

    @Test
    void ndobWritesZeroesWithoutDataOut() {
        MemoryBlockDevice dev = new MemoryBlockDevice(4096, BLOCKS).unmapSupported(false);
        try (Disk d = new Disk(dev)) {
            d.write(0, filled(8 * 4096, 0x5A));
            assertGood(d.none(ws(16, 0, 4, 0x01)));
            assertThat(d.read(0, 8)).isEqualTo(concat(new byte[4 * 4096], filled(4 * 4096, 0x5A)));
            dev.writeSameSupported(false);
            assertGood(d.none(ws(16, 4, 4, 0x01)));
            assertThat(d.read(0, 8)).isEqualTo(new byte[8 * 4096]);
            assertInvalidFieldInCdb(d.none(ws(10, 4, 4, 0x01)), 1, 0);    // no NDOB in WRITE SAME(10)
        }
        ScriptedDevice thin = new ScriptedDevice(512, BLOCKS);
        try (Disk d = new Disk(thin)) {
            assertGood(d.none(ws(16, 0, 4, 0x09)));
            assertThat(thin.memory.unmaps()).isEqualTo(1);
        }
    }

    @Test
    void dataOutOtherThanOneBlockIsRejected() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            assertSense(d.out(ws(10, 0, 1, 0), new byte[1024]), 0x5, 0x0E, 0x03);
            assertSense(d.session.execute(ScsiCommand.of(0, ws(10, 0, 1, 0)).dataOut(new byte[256])), 0x5, 0x0E, 0x03);
            assertThat(dev.writeSames()).isZero();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
