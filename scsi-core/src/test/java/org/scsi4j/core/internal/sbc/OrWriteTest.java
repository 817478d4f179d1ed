package org.scsi4j.core.internal.sbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.sbc.Disk.assertGood;
import static org.scsi4j.core.internal.sbc.Disk.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.sbc.Disk.assertLbaOutOfRange;
import static org.scsi4j.core.internal.sbc.Disk.assertSense;
import static org.scsi4j.core.internal.sbc.Disk.filled;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.device.IoStatus;
import org.scsi4j.core.testing.MemoryBlockDevice;

class OrWriteTest {
    private static final long BLOCKS = 4096;

    @ParameterizedTest(name = "{0}-byte blocks, {1} blocks, other thread {2}")
    @CsvSource({"512,1,false", "512,256,true", "4096,3,true"})
    void orsTheDataIntoTheBlocks(int blockSize, int blocks, boolean otherThread) {
        MemoryBlockDevice dev = new MemoryBlockDevice(blockSize, BLOCKS).completeOnOtherThread(otherThread);
        try (Disk d = new Disk(dev)) {
            d.write(BLOCKS - blocks, filled(blocks * blockSize, 0xA0));
            assertGood(d.out(SbcCdb.orWrite(BLOCKS - blocks, blocks, 0), filled(blocks * blockSize, 0x05)));
            assertThat(d.read(BLOCKS - blocks, blocks)).isEqualTo(filled(blocks * blockSize, 0xA5));
            assertGood(d.out(SbcCdb.orWrite(BLOCKS - blocks, blocks, 0x08), filled(blocks * blockSize, 0x5A)));
            assertThat(d.read(BLOCKS - blocks, blocks)).isEqualTo(filled(blocks * blockSize, 0xFF));
            assertThat(dev.fuaWrites()).isEqualTo(1);
        }
    }

    @Test
    void zeroBlocksRangeAndFieldErrors() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            assertGood(d.none(SbcCdb.orWrite(0, 0, 0)));
            assertGood(d.none(SbcCdb.orWrite(BLOCKS, 0, 0)));
            assertLbaOutOfRange(d.none(SbcCdb.orWrite(BLOCKS + 1, 0, 0)));
            assertLbaOutOfRange(d.out(SbcCdb.orWrite(BLOCKS - 1, 2, 0), new byte[1024]));
            assertLbaOutOfRange(d.out(SbcCdb.orWrite(-1L, 1, 0), new byte[512]));
            assertLbaOutOfRange(d.out(SbcCdb.orWrite(0x8000_0000_0000_0000L, 1, 0), new byte[512]));
            for (int protect = 1; protect < 8; protect++) {
                assertInvalidFieldInCdb(d.out(SbcCdb.orWrite(0, 1, protect << 5), new byte[512]),
                        1, 31 - Integer.numberOfLeadingZeros(protect << 5));
            }
            assertGood(d.out(SbcCdb.orWrite(0, 1, 0x1A), new byte[512]));          // DPO, FUA, FUA_NV
            long max = BlockLimits.MAX_TRANSFER_BYTES / 512;
            assertInvalidFieldInCdb(d.none(SbcCdb.orWrite(0, max + 1, 0)), 10, -1);
            dev.failNext(IoStatus.READ_ERROR);
            assertSense(d.out(SbcCdb.orWrite(0, 1, 0), new byte[512]), 0x3, 0x11, 0x00);
            assertThat(dev.writes()).as("only the GOOD one wrote").isEqualTo(1);
        }
    }

    @Test
    void overlappingWritesWaitForIt() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            d.write(0, filled(512, 0x01));
            dev.hold();
            CompletableFuture<ScsiResponse> or = d.session.submit(ScsiCommand.of(0, SbcCdb.orWrite(0, 1, 0)).dataOut(filled(512, 0x10)));
            CompareAndWriteTest.awaitHeld(dev, 1);          // its read
            CompletableFuture<ScsiResponse> write = d.session.submit(ScsiCommand.of(0, SbcCdb.write(10, 0, 1)).dataOut(filled(512, 0x02)));
            Thread.sleep(50);
            assertThat(dev.heldCount()).isEqualTo(1);
            dev.release();
            assertGood(or.get(10, TimeUnit.SECONDS));
            assertGood(write.get(10, TimeUnit.SECONDS));
            assertThat(d.read(0, 1)).isEqualTo(filled(512, 0x02));
        }
    }
}
