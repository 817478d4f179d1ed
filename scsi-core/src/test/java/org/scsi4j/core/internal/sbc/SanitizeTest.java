package org.scsi4j.core.internal.sbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.sbc.Disk.assertGood;
import static org.scsi4j.core.internal.sbc.Disk.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.sbc.Disk.assertInvalidFieldInParameterList;
import static org.scsi4j.core.internal.sbc.Disk.assertSense;
import static org.scsi4j.core.internal.sbc.Disk.filled;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.command.CommandTable;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.device.IoStatus;
import org.scsi4j.core.testing.MemoryBlockDevice;

class SanitizeTest {
    /** 2 MiB of 512-byte blocks: two overwrite chunks per pass. */
    private static final long BLOCKS = 4096;
    private static final int OVERWRITE = 0x01;
    private static final int BLOCK_ERASE = 0x02;
    private static final int CRYPTO_ERASE = 0x03;
    private static final int EXIT_FAILURE_MODE = 0x1F;
    private static final int IMMED = 0x80;
    private static final int AUSE = 0x20;

    private static ScsiResponse overwrite(Disk d, int byte1, int byte0, byte[] pattern) {
        byte[] list = SbcCdb.overwriteList(byte0, pattern);
        return d.out(SbcCdb.sanitize(byte1 | OVERWRITE, list.length), list);
    }

    private static byte[] repeated(byte[] pattern, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = pattern[(i % 512) % pattern.length];
        }
        return out;
    }

    private static void awaitIdle(Disk d) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (d.lu().sbc().sanitize().inProgress()) {
            assertThat(System.nanoTime()).as("sanitize still running").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @ParameterizedTest(name = "pattern of {0} bytes")
    @ValueSource(ints = {512, 256, 4, 3})
    void overwriteWritesThePatternFromTheStartOfEveryBlock(int patternLength) {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS).completeOnOtherThread(true);
        try (Disk d = new Disk(dev)) {
            d.write(0, d.pattern(16, 1));
            d.write(BLOCKS - 16, d.pattern(16, 2));
            byte[] pattern = new byte[patternLength];
            for (int i = 0; i < patternLength; i++) {
                pattern[i] = (byte) (0xA0 + i);
            }
            assertGood(overwrite(d, 0, 1, pattern));
            assertThat(dev.peek(0, (int) BLOCKS)).isEqualTo(repeated(pattern, (int) BLOCKS * 512));
            assertThat(dev.writes()).isEqualTo(2 + 2);
            assertThat(dev.flushes()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0} passes")
    @ValueSource(ints = {2, 3})
    void invertAlternatesThePatternAndTheLastPassWritesItAsGiven(int passes) {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            assertGood(overwrite(d, 0, 0x80 | passes, new byte[] {0x0F}));
            assertThat(dev.writes()).isEqualTo(2 * passes);
            assertThat(dev.peek(0, (int) BLOCKS)).isEqualTo(filled((int) BLOCKS * 512, 0x0F));
        }
    }

    @Test
    void parameterErrors() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            byte[] list = SbcCdb.overwriteList(1, filled(512, 0xAA));
            for (int n = 0; n <= 4; n++) {
                assertInvalidFieldInCdb(d.out(SbcCdb.sanitize(OVERWRITE, n), list), 7, -1);
            }
            assertInvalidFieldInCdb(d.out(SbcCdb.sanitize(OVERWRITE, 512 + 5), filled(520, 0)), 7, -1);
            assertInvalidFieldInParameterList(overwrite(d, 0, 0, filled(512, 0xAA)), 0);        // COUNT 0
            assertInvalidFieldInParameterList(overwrite(d, 0, 0x21, filled(4, 0xAA)), 0);       // TEST
            byte[] reserved = SbcCdb.overwriteList(1, filled(4, 0xAA));
            reserved[1] = 1;
            assertInvalidFieldInParameterList(d.out(SbcCdb.sanitize(OVERWRITE, reserved.length), reserved), 1);
            byte[] empty = SbcCdb.overwriteList(1, filled(512, 0xAA));
            empty[2] = 0;
            empty[3] = 0;
            assertInvalidFieldInParameterList(d.out(SbcCdb.sanitize(OVERWRITE, empty.length), empty), 2);
            byte[] tooLong = SbcCdb.overwriteList(1, filled(512, 0xAA));
            tooLong[2] = 0x02;
            tooLong[3] = 0x04;                                                                  // 516 > block size
            assertInvalidFieldInParameterList(d.out(SbcCdb.sanitize(OVERWRITE, tooLong.length), tooLong), 2);
            byte[] beyond = SbcCdb.overwriteList(1, filled(4, 0xAA));
            beyond[3] = 8;                                                                      // 4 + 8 > 8 sent
            assertInvalidFieldInParameterList(d.out(SbcCdb.sanitize(OVERWRITE, beyond.length), beyond), 2);
            assertThat(dev.writes()).isZero();
            assertThat(d.lu().sbc().sanitize().inFailureMode()).isFalse();
        }
    }

    @Test
    void blockEraseDeallocatesEveryBlock() {
        ScriptedDevice dev = new ScriptedDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            assertThat(d.vpd(0xB1)[7] & 0xF0).as("WABEREQ 01b, WACEREQ 00b").isEqualTo(0x40);
            d.write(0, filled(256 * 512, 'a'));
            d.write(BLOCKS - 256, filled(256 * 512, 'a'));
            assertGood(d.none(SbcCdb.sanitize(BLOCK_ERASE, 0)));
            assertThat(d.read(0, 256)).isEqualTo(new byte[256 * 512]);
            ScsiResponse status = d.in(SbcCdb.getLbaStatus(0, 256), 256);
            assertGood(status);
            ByteBuffer b = ByteBuffer.wrap(status.data());
            assertThat(b.getInt(0)).isEqualTo(20);
            assertThat(b.getLong(8)).isZero();
            assertThat(b.getInt(16) & 0xFFFF_FFFFL).isEqualTo(BLOCKS);
            assertThat(b.get(20)).as("deallocated").isEqualTo((byte) 1);
            assertInvalidFieldInCdb(d.out(SbcCdb.sanitize(BLOCK_ERASE, 8), new byte[8]), 8, 3);
            assertInvalidFieldInCdb(d.out(SbcCdb.sanitize(EXIT_FAILURE_MODE, 8), new byte[8]), 8, 3);
        }
    }

    @Test
    void blockEraseIsNotOfferedWithoutUnmap() {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS).unmapSupported(false))) {
            assertThat(d.vpd(0xB1)[7]).isZero();
            assertSense(d.none(SbcCdb.sanitize(BLOCK_ERASE, 0)), 0x5, 0x20, 0x00);
        }
    }

    @Test
    void cryptographicEraseOtherServiceActionsAndReservedBitsAreInvalidFields() {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS))) {
            assertThat(d.vpd(0xB1)[7] & 0x30).as("WACEREQ").isZero();
            for (int sa = 0; sa < 0x1F; sa++) {
                if (sa == OVERWRITE || sa == BLOCK_ERASE) {
                    continue;
                }
                assertInvalidFieldInCdb(d.none(SbcCdb.sanitize(sa, 0)), 1, 4);
            }
            assertInvalidFieldInCdb(d.none(SbcCdb.sanitize(CRYPTO_ERASE, 0)), 1, 4);
            assertInvalidFieldInCdb(d.none(SbcCdb.sanitize(0x40 | BLOCK_ERASE, 0)), 1, 6);     // ZNR
            for (int i = 2; i <= 6; i++) {
                byte[] cdb = SbcCdb.sanitize(BLOCK_ERASE, 0);
                cdb[i] = (byte) i;
                assertInvalidFieldInCdb(d.none(cdb), i, 31 - Integer.numberOfLeadingZeros(i));
            }
        }
    }

    @Test
    void immediateReturnsAtOnceAndTheUnitReportsSanitizeInProgressWithProgress() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            SanitizeState state = d.lu().sbc().sanitize();
            dev.hold();
            assertGood(overwrite(d, IMMED, 1, new byte[] {0x33}));
            assertThat(state.inProgress()).isTrue();
            CompareAndWriteTest.awaitHeld(dev, 1);
            assertThat(state.progressIndication()).isZero();
            dev.releaseHeldAndKeepHolding();                 // first of two chunks done
            CompareAndWriteTest.awaitHeld(dev, 1);
            assertThat(state.progressIndication()).isEqualTo(0x8000);
            CommandTable table = d.lu().commands();
            CommandDescriptor read = table.lookup(SbcCdb.read(10, 0, 1));
            CommandDescriptor inquiry = table.lookup(new byte[] {0x12, 0, 0, 0, 0, 0});
            assertThat(state.refusal(read)).isEqualTo(SenseReason.NOT_READY_SANITIZE_IN_PROGRESS);
            assertThat(state.refusal(inquiry)).isNull();
            assertSense(overwrite(d, 0, 1, new byte[] {0x44}), 0x2, 0x04, 0x1B);
            assertSense(d.none(SbcCdb.sanitize(EXIT_FAILURE_MODE, 0)), 0x2, 0x04, 0x1B);
            ScsiResponse polled = d.in(new byte[] {0x03, 0, 0, 0, 18, 0}, 18);
            assertGood(polled);
            assertThat(polled.data()[2] & 0x0F).as("REQUEST SENSE reports the run").isEqualTo(0x2);
            assertThat(polled.data()[12]).isEqualTo((byte) 0x04);
            assertThat(polled.data()[13]).isEqualTo((byte) 0x1B);
            assertThat(polled.data()[15] & 0x80).as("SKSV").isEqualTo(0x80);
            assertThat(((polled.data()[16] & 0xFF) << 8) | (polled.data()[17] & 0xFF)).as("progress").isEqualTo(0x8000);
            dev.release();
            awaitIdle(d);
            assertThat(state.refusal(read)).isNull();
            assertThat(dev.peek(0, (int) BLOCKS)).isEqualTo(filled((int) BLOCKS * 512, 0x33));
        }
    }

    @Test
    void closingTheTargetLetsAnImmediateSanitizeFinishFirst() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        Disk d = new Disk(dev);
        dev.hold();
        assertGood(overwrite(d, IMMED, 1, new byte[] {0x66}));
        CompareAndWriteTest.awaitHeld(dev, 1);
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            released.set(true);
            dev.release();
        }, "sanitize-test-releaser");
        releaser.start();
        var lu = d.lu();
        d.session.close();
        d.transport.close();
        d.target.close();
        boolean releasedBeforeCloseReturned = released.get();
        releaser.join();
        assertThat(releasedBeforeCloseReturned).as("close waited for the run").isTrue();
        assertThat(lu.sbc().sanitize().inProgress()).isFalse();
        assertThat(lu.sbc().sanitize().inFailureMode()).isFalse();
        assertThat(dev.peek(0, (int) BLOCKS)).isEqualTo(filled((int) BLOCKS * 512, 0x66));
    }

    @Test
    void withoutImmedStatusComesWhenTheRunEndsAfterTheWritesInFlight() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            dev.hold();
            CompletableFuture<ScsiResponse> write = d.session.submit(
                    ScsiCommand.of(0, SbcCdb.write(16, 5, 1)).dataOut(filled(512, 0x99)));
            CompareAndWriteTest.awaitHeld(dev, 1);
            byte[] list = SbcCdb.overwriteList(1, new byte[] {0x55});
            CompletableFuture<ScsiResponse> sanitize = d.session.submit(
                    ScsiCommand.of(0, SbcCdb.sanitize(OVERWRITE, list.length)).dataOut(list));
            Thread.sleep(50);
            assertThat(dev.heldCount()).as("the run waits for the write in flight").isEqualTo(1);
            assertThat(sanitize).isNotDone();
            dev.release();
            assertGood(write.get(10, TimeUnit.SECONDS));
            assertGood(sanitize.get(10, TimeUnit.SECONDS));
            assertThat(d.lu().sbc().sanitize().inProgress()).isFalse();
            assertThat(dev.peek(0, (int) BLOCKS)).isEqualTo(filled((int) BLOCKS * 512, 0x55));
        }
    }

    @Test
    void aFailedRunEntersFailureModeWhichOnlyAnotherSanitizeLeavesWhenAuseWasZero() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            SanitizeState state = d.lu().sbc().sanitize();
            CommandTable table = d.lu().commands();
            dev.failNext(IoStatus.WRITE_ERROR);
            assertSense(overwrite(d, 0, 1, new byte[] {1}), 0x3, 0x31, 0x03);
            assertThat(state.inFailureMode()).isTrue();
            assertThat(state.refusal(table.lookup(SbcCdb.read(10, 0, 1)))).isEqualTo(SenseReason.SANITIZE_COMMAND_FAILED);
            assertThat(state.refusal(table.lookup(SbcCdb.sanitize(OVERWRITE, 5)))).isNull();
            ScsiResponse polled = d.in(new byte[] {0x03, 0, 0, 0, 18, 0}, 18);
            assertGood(polled);
            assertThat(polled.data()[2] & 0x0F).as("REQUEST SENSE reports failure mode").isEqualTo(0x3);
            assertThat(polled.data()[12]).isEqualTo((byte) 0x31);
            assertThat(polled.data()[13]).isEqualTo((byte) 0x03);
            assertInvalidFieldInCdb(d.none(SbcCdb.sanitize(EXIT_FAILURE_MODE, 0)), 1, 4);
            assertInvalidFieldInCdb(overwrite(d, AUSE, 1, new byte[] {1}), 1, 5);
            assertGood(overwrite(d, 0, 1, new byte[] {1}));
            assertThat(state.inFailureMode()).isFalse();
        }
    }

    @Test
    void afterAFailedRunWithAuseExitFailureModeLeavesIt() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            assertGood(d.none(SbcCdb.sanitize(EXIT_FAILURE_MODE, 0)));           // not in failure mode: nothing to do
            dev.failNext(IoStatus.DEVICE_FAILURE);
            assertSense(d.none(SbcCdb.sanitize(AUSE | BLOCK_ERASE, 0)), 0x3, 0x31, 0x03);
            assertThat(d.lu().sbc().sanitize().inFailureMode()).isTrue();
            assertGood(d.none(SbcCdb.sanitize(EXIT_FAILURE_MODE, 0)));
            assertThat(d.lu().sbc().sanitize().inFailureMode()).isFalse();
        }
    }

    @Test
    void writeProtectedUnitsRefuseIt() {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS), false, true)) {
            assertSense(overwrite(d, 0, 1, new byte[] {1}), 0x7, 0x27, 0x00);
            assertSense(d.none(SbcCdb.sanitize(BLOCK_ERASE, 0)), 0x7, 0x27, 0x00);
        }
    }
}
