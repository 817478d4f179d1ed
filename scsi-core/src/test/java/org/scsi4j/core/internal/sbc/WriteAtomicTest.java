package org.scsi4j.core.internal.sbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.sbc.Disk.assertGood;
import static org.scsi4j.core.internal.sbc.Disk.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.sbc.Disk.assertLbaOutOfRange;
import static org.scsi4j.core.internal.sbc.Disk.assertSense;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.MemoryBlockDevice;

class WriteAtomicTest {
    private static final long BLOCKS = 4096;

    @ParameterizedTest(name = "{0}-byte blocks")
    @ValueSource(ints = {512, 4096})
    void writesUpToTheAdvertisedMaximum(int blockSize) {
        MemoryBlockDevice dev = new MemoryBlockDevice(blockSize, BLOCKS).completeOnOtherThread(true);
        try (Disk d = new Disk(dev)) {
            ByteBuffer b0 = ByteBuffer.wrap(d.vpd(0xB0));
            int max = b0.getInt(44);
            assertThat(max).isEqualTo(BlockLimits.MAX_ATOMIC_TRANSFER_BYTES / blockSize).isGreaterThanOrEqualTo(256);
            assertThat(max).isLessThanOrEqualTo(b0.getInt(8));
            assertThat(b0.getInt(48)).as("ATOMIC ALIGNMENT").isZero();
            assertThat(b0.getInt(52)).as("ATOMIC TRANSFER LENGTH GRANULARITY").isZero();
            assertThat(b0.getLong(56)).as("no atomic boundary").isZero();
            byte[] data = d.pattern(max, 9);
            assertGood(d.out(SbcCdb.writeAtomic(BLOCKS - max, max, 0x18), data));
            assertThat(d.read(BLOCKS - max, max)).isEqualTo(data);
            assertThat(dev.fuaWrites()).isEqualTo(1);
            assertInvalidFieldInCdb(d.out(SbcCdb.writeAtomic(0, max + 1, 0), new byte[(max + 1) * blockSize]), 12, -1);
        }
    }

    @Test
    void zeroBlocksRangeAndFieldErrors() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            assertGood(d.none(SbcCdb.writeAtomic(0, 0, 0)));
            assertLbaOutOfRange(d.none(SbcCdb.writeAtomic(BLOCKS + 1, 0, 0)));
            assertLbaOutOfRange(d.out(SbcCdb.writeAtomic(BLOCKS - 1, 2, 0), new byte[1024]));
            assertLbaOutOfRange(d.out(SbcCdb.writeAtomic(0x8000_0000_0000_0000L, 1, 0), new byte[512]));
            assertLbaOutOfRange(d.out(SbcCdb.writeAtomic(-1L, 1, 0), new byte[512]));
            for (int protect = 1; protect < 8; protect++) {
                assertInvalidFieldInCdb(d.out(SbcCdb.writeAtomic(0, 1, protect << 5), new byte[512]),
                        1, 31 - Integer.numberOfLeadingZeros(protect << 5));
            }
            assertInvalidFieldInCdb(d.out(SbcCdb.writeAtomic(0, 1, 0x02), new byte[512]), 1, 1);     // no FUA_NV
            byte[] boundary = SbcCdb.writeAtomic(0, 1, 0);
            boundary[11] = 1;
            assertInvalidFieldInCdb(d.out(boundary, new byte[512]), 11, 0);
            assertThat(dev.writes()).isZero();
        }
    }

    @Test
    void anAtomicWriteIsNotCutToTheDataThatArrives() {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS))) {
            ScsiResponse r = d.session.execute(ScsiCommand.of(0, SbcCdb.writeAtomic(0, 4, 0))
                    .dataOut(new byte[4 * 512]).expectedLength(2 * 512));
            assertSense(r, 0x5, 0x0E, 0x03);
        }
    }

    @Test
    void physicalBlocksSetAlignmentAndGranularity() {
        ScriptedDevice dev = new ScriptedDevice(512, BLOCKS).physicalBlockExponent(3);
        try (Disk d = new Disk(dev)) {
            ByteBuffer b0 = ByteBuffer.wrap(d.vpd(0xB0));
            assertThat(b0.getInt(48)).isEqualTo(8);
            assertThat(b0.getInt(52)).isEqualTo(8);
            assertThat(b0.getInt(44) % 8).isZero();
            assertGood(d.out(SbcCdb.writeAtomic(16, 8, 0), new byte[8 * 512]));
            assertInvalidFieldInCdb(d.out(SbcCdb.writeAtomic(1, 8, 0), new byte[8 * 512]), 2, -1);
            assertInvalidFieldInCdb(d.out(SbcCdb.writeAtomic(0, 1, 0), new byte[512]), 12, -1);
            assertLbaOutOfRange(d.out(SbcCdb.writeAtomic(BLOCKS - 4, 8, 0), new byte[8 * 512]));
        }
    }
}
