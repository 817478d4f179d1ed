package org.scsi4j.core.internal.sbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.sbc.Disk.assertGood;
import static org.scsi4j.core.internal.sbc.Disk.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.sbc.Disk.assertLbaOutOfRange;
import static org.scsi4j.core.internal.sbc.Disk.assertSense;
import static org.scsi4j.core.internal.sbc.Disk.filled;
import static org.scsi4j.core.internal.sbc.Disk.information;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.device.IoStatus;
import org.scsi4j.core.spi.transport.ScsiStatus;
import org.scsi4j.core.spi.transport.TmfFunction;
import org.scsi4j.core.spi.transport.TmfResponse;
import org.scsi4j.core.testing.MemoryBlockDevice;

class CompareAndWriteTest {
    private static final long BLOCKS = 4096;

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static ScsiResponse caw(Disk d, long lba, byte[] verify, byte[] write) {
        return d.out(SbcCdb.compareAndWrite(lba, verify.length / d.blockSize, 0), concat(verify, write));
    }

    @ParameterizedTest(name = "{0}-byte blocks, {1} blocks, other thread {2}")
    @CsvSource({"512,1,false", "512,255,true", "4096,1,true", "4096,17,false"})
    void writesWhenTheBlocksMatch(int blockSize, int blocks, boolean otherThread) {
        MemoryBlockDevice dev = new MemoryBlockDevice(blockSize, BLOCKS).completeOnOtherThread(otherThread);
        try (Disk d = new Disk(dev)) {
            byte[] old = d.pattern(blocks, 3);
            byte[] fresh = d.pattern(blocks, 99);
            d.write(BLOCKS - blocks, old);
            assertGood(caw(d, BLOCKS - blocks, old, fresh));
            assertThat(d.read(BLOCKS - blocks, blocks)).isEqualTo(fresh);
        }
    }

    @ParameterizedTest(name = "descriptor sense {0}")
    @ValueSource(booleans = {false, true})
    void aMiscompareReportsTheOffsetOfTheFirstDifferenceAndWritesNothing(boolean descriptorSense) {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev, descriptorSense)) {
            byte[] old = d.pattern(4, 5);
            d.write(10, old);
            byte[] verify = old.clone();
            verify[3 * 512 + 100] ^= 0x40;
            verify[3 * 512 + 200] ^= 0x40;
            int writesBefore = dev.writes();
            ScsiResponse r = caw(d, 10, verify, filled(4 * 512, 0xEE));
            assertSense(r, 0xE, 0x1D, 0x00);
            assertThat(information(r)).isEqualTo(3 * 512 + 100);
            assertThat(dev.writes()).isEqualTo(writesBefore);
            assertThat(d.read(10, 4)).isEqualTo(old);
        }
    }

    @Test
    void zeroBlocksIsGoodAndTouchesNothing() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            assertGood(d.none(SbcCdb.compareAndWrite(0, 0, 0)));
            assertGood(d.none(SbcCdb.compareAndWrite(BLOCKS, 0, 0)));
            assertThat(dev.writes()).isZero();
        }
    }

    @Test
    void fieldAndRangeErrors() {
        ScriptedDevice dev = new ScriptedDevice(512, BLOCKS).maxTransferBlocks(8);
        try (Disk d = new Disk(dev)) {
            assertThat(d.vpd(0xB0)[5] & 0xFF).as("MAXIMUM COMPARE AND WRITE LENGTH").isEqualTo(8);
            assertInvalidFieldInCdb(d.out(SbcCdb.compareAndWrite(0, 9, 0), new byte[18 * 512]), 13, -1);
            assertGood(d.out(SbcCdb.compareAndWrite(0, 8, 0), new byte[16 * 512]));
            assertLbaOutOfRange(d.out(SbcCdb.compareAndWrite(BLOCKS - 1, 2, 0), new byte[4 * 512]));
            assertLbaOutOfRange(d.out(SbcCdb.compareAndWrite(0x8000_0000_0000_0000L, 1, 0), new byte[2 * 512]));
            assertLbaOutOfRange(d.none(SbcCdb.compareAndWrite(BLOCKS + 1, 0, 0)));
            for (int wrprotect = 1; wrprotect < 8; wrprotect++) {
                assertInvalidFieldInCdb(d.out(SbcCdb.compareAndWrite(0, 1, wrprotect << 5), new byte[1024]),
                        1, 31 - Integer.numberOfLeadingZeros(wrprotect << 5));
            }
            assertGood(d.out(SbcCdb.compareAndWrite(0, 1, 0x1A), new byte[1024]));     // DPO, FUA, FUA_NV
            assertInvalidFieldInCdb(d.out(SbcCdb.compareAndWrite(0, 1, 0x04), new byte[1024]), 1, 2);
        }
    }

    /** libiscsi's InvalidDataOutSize and its 256-block case (the one-byte field wraps to 0). */
    @Test
    void anExpectedLengthOtherThanTwiceTheBlocksIsRefused() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            assertInvalidFieldInCdb(d.out(SbcCdb.compareAndWrite(0, 1, 0), new byte[4 * 512]), 13, -1);
            assertInvalidFieldInCdb(d.out(SbcCdb.compareAndWrite(0, 3, 0), new byte[4 * 512]), 13, -1);
            assertInvalidFieldInCdb(d.out(SbcCdb.compareAndWrite(0, 0, 0), new byte[512 * 512]), 13, -1);
            assertThat(dev.writes()).isZero();
        }
    }

    @Test
    void fuaReachesTheWriteAndDeviceErrorsAreReported() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            assertGood(d.out(SbcCdb.compareAndWrite(0, 1, 0x08), new byte[1024]));
            assertThat(dev.fuaWrites()).isEqualTo(1);
            dev.failNext(IoStatus.READ_ERROR);
            assertSense(d.out(SbcCdb.compareAndWrite(0, 1, 0), new byte[1024]), 0x3, 0x11, 0x00);
        }
    }

    @Test
    void writeProtectedUnitsRefuseIt() {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS), false, true)) {
            assertSense(d.out(SbcCdb.compareAndWrite(0, 1, 0), new byte[1024]), 0x7, 0x27, 0x00);
        }
    }

    @Test
    void aDeviceWithNativeCompareAndWriteDoesItInOneCall() {
        ScriptedDevice dev = new ScriptedDevice(512, BLOCKS).nativeCompareAndWrite(true);
        try (Disk d = new Disk(dev)) {
            byte[] old = d.pattern(2, 1);
            d.write(7, old);
            int readsBefore = dev.reads.get();
            assertGood(caw(d, 7, old, filled(1024, 0x77)));
            assertThat(d.read(7, 2)).isEqualTo(filled(1024, 0x77));
            ScsiResponse r = caw(d, 7, old, filled(1024, 0x11));
            assertSense(r, 0xE, 0x1D, 0x00);
            assertThat(information(r)).isZero();
            assertThat(dev.compareAndWrites.get()).isEqualTo(2);
            assertThat(dev.reads.get()).as("only the test's READ").isEqualTo(readsBefore + 1);
        }
    }

    /** The emulation holds the range: a WRITE in flight delays the compare; a WRITE arriving waits. */
    @Test
    void theEmulationIsAtomicAgainstWritesInFlightAndArriving() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            byte[] a = filled(4 * 512, 'A');
            byte[] b = filled(4 * 512, 'B');
            byte[] c = filled(4 * 512, 'C');
            d.write(0, a);
            dev.hold();
            CompletableFuture<ScsiResponse> write = d.session.submit(ScsiCommand.of(0, SbcCdb.write(16, 0, 4)).dataOut(b));
            awaitHeld(dev, 1);
            // compares with what the write in flight will leave: must wait for it, then succeed
            CompletableFuture<ScsiResponse> caw = d.session.submit(
                    ScsiCommand.of(0, SbcCdb.compareAndWrite(2, 2, 0)).dataOut(concat(filled(1024, 'B'), filled(1024, 'C'))));
            // a disjoint write still goes through meanwhile
            CompletableFuture<ScsiResponse> disjoint = d.session.submit(ScsiCommand.of(0, SbcCdb.write(16, 100, 1)).dataOut(c));
            awaitHeld(dev, 2);
            Thread.sleep(50);
            assertThat(dev.heldCount()).as("the compare read waits for the overlapping write").isEqualTo(2);
            dev.releaseHeldAndKeepHolding();                 // the two writes run; the CAW's read is issued, held
            assertGood(write.get(10, TimeUnit.SECONDS));
            assertGood(disjoint.get(10, TimeUnit.SECONDS));
            awaitHeld(dev, 1);
            CompletableFuture<ScsiResponse> late = d.session.submit(ScsiCommand.of(0, SbcCdb.write(16, 3, 1)).dataOut(filled(512, 'D')));
            Thread.sleep(50);
            assertThat(dev.heldCount()).as("an overlapping write waits for the CAW").isEqualTo(1);
            dev.release();
            assertGood(caw.get(10, TimeUnit.SECONDS));
            assertGood(late.get(10, TimeUnit.SECONDS));
            byte[] expected = concat(filled(1024, 'B'), concat(filled(512, 'C'), filled(512, 'D')));
            assertThat(d.read(0, 4)).isEqualTo(expected);
        }
    }

    /** A CAW aborted while it waits for the range ends TASK ABORTED once the range frees, holding nothing. */
    @Test
    void abortingAWaitingCompareAndWriteLeavesNoLeaseBehind() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            dev.hold();
            CompletableFuture<ScsiResponse> write = d.session.submit(ScsiCommand.of(0, SbcCdb.write(16, 0, 1)).dataOut(new byte[512]));
            awaitHeld(dev, 1);
            long tag = d.session.peekNextTag();
            CompletableFuture<ScsiResponse> caw = d.session.submit(ScsiCommand.of(0, SbcCdb.compareAndWrite(0, 1, 0)).dataOut(new byte[1024]));
            CompletableFuture<TmfResponse> abort = d.session.submitTaskManagement(TmfFunction.ABORT_TASK, 0, tag);
            Thread.sleep(50);
            assertThat(abort).as("the abort waits for the lease, which waits for the write").isNotDone();
            dev.release();
            assertGood(write.get(10, TimeUnit.SECONDS));
            assertThat(abort.get(10, TimeUnit.SECONDS)).isEqualTo(TmfResponse.FUNCTION_COMPLETE);
            assertThat(caw.get(10, TimeUnit.SECONDS).status()).isEqualTo(ScsiStatus.TASK_ABORTED);
            assertThat(d.lu().sbc().rangeLock().isIdle()).isTrue();
        }
    }

    /** The nexus goes away while a CAW waits for the range: the lease still runs and frees it. */
    @Test
    void closingTheNexusWhileACompareAndWriteWaitsLeavesNothingBehind() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        Disk d = new Disk(dev);
        try {
            LoopbackSession other = d.transport.login("iqn.2026-11.org.scsi4j:other");
            other.clearUnitAttentions(0);
            dev.hold();
            d.session.submit(ScsiCommand.of(0, SbcCdb.write(16, 0, 1)).dataOut(new byte[512]));
            awaitHeld(dev, 1);
            other.submit(ScsiCommand.of(0, SbcCdb.compareAndWrite(0, 1, 0)).dataOut(new byte[1024]));
            Thread.sleep(50);
            other.close();
            dev.release();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!d.lu().sbc().rangeLock().isIdle() || d.target.outstandingBuffers() > 0) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(1);
            }
            assertThat(d.session.outstandingTasks()).isZero();
        } finally {
            d.close();
        }
    }

    static void awaitHeld(MemoryBlockDevice dev, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (dev.heldCount() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("device holds " + dev.heldCount() + " operations, expected " + n);
            }
            Thread.sleep(1);
        }
    }
}
