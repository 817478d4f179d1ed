package org.scsi4j.backstore.passthrough.sg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scsi4j.core.testing.FakeDeviceCommand;

/** {@link SgDevice} over a {@link FakeSg}: queueing, threads, data, status and sense, abort, close. */
class SgDeviceTest {
    private static final String NAME = "/dev/sg-fake";
    private static final byte[] TEST_UNIT_READY = {0, 0, 0, 0, 0, 0};

    private final FakeSg fake = new FakeSg();
    private final List<SgDevice> opened = new ArrayList<>();

    private SgDevice open(SgOptions options) throws IOException {
        SgDevice d = SgDevice.open(NAME, fake.opener(), options);
        opened.add(d);
        return d;
    }

    private SgDevice open() throws IOException {
        return open(SgOptions.defaults());
    }

    @AfterEach
    void closeAndCheckNothingIsLeft() {
        for (SgDevice d : opened) {
            d.close();
            assertThat(d.threadsAlive()).as("worker threads stopped").isFalse();
            assertThat(d.queued()).isZero();
            assertThat(d.running()).isZero();
        }
        assertThat(fake.allChannelsClosed()).as("every descriptor closed").isTrue();
    }

    private static byte[] write6(int length) {
        return new byte[] {0x0A, 0, (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, 0};
    }

    private static byte[] read6(int length) {
        return new byte[] {0x08, 0, (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, 0};
    }

    private static byte[] tag(int i) {
        return new byte[] {FakeSg.TAG, (byte) i, 0, 0, 0, 0};
    }

    private static byte[] hold() {
        return new byte[] {FakeSg.HOLD, 0, 0, 0, 0, 0};
    }

    @Test
    void openAsksInquiryAndReportsTheDevicesTypeAndName() throws Exception {
        SgDevice d = open();
        assertThat(fake.calls).hasSize(1);
        FakeSg.Call inquiry = fake.calls.get(0);
        assertThat(inquiry.opcode()).isEqualTo(0x12);
        assertThat(inquiry.direction).isEqualTo(SgIo.DXFER_FROM_DEV);
        assertThat(d.peripheralDeviceType()).isEqualTo(0x01);
        assertThat(d.removableMedium()).isTrue();
        assertThat(d.identification()).isEqualTo("SCSI4J FAKE TAPE 0001");
        assertThat(d.toString()).contains(NAME, "FAKE TAPE");
    }

    @ParameterizedTest(name = "direct buffers: {0}")
    @ValueSource(booleans = {true, false})
    void dataOutReachesTheDeviceUntouchedAndDataInComesBack(boolean direct) throws Exception {
        SgDevice d = open();
        byte[] record = new byte[1000];
        for (int i = 0; i < record.length; i++) {
            record[i] = (byte) (i * 31 + 7);
        }
        FakeDeviceCommand write = FakeDeviceCommand.dataOut(write6(record.length), record, direct);
        assertThat(d.execute(write)).isTrue();
        FakeDeviceCommand.Result w = write.await();
        assertThat(w.status()).isZero();
        assertThat(w.transferred()).isEqualTo(record.length);
        FakeSg.Call call = fake.calls.get(fake.calls.size() - 1);
        assertThat(call.cdb).containsExactly(write6(record.length));
        assertThat(call.direction).isEqualTo(SgIo.DXFER_TO_DEV);
        assertThat(call.dataOut).containsExactly(record);
        assertThat(call.direct).as("the kernel only gets direct buffers").isTrue();

        FakeDeviceCommand read = FakeDeviceCommand.dataIn(read6(record.length), record.length, direct);
        assertThat(d.execute(read)).isTrue();
        FakeDeviceCommand.Result r = read.await();
        assertThat(r.status()).isZero();
        assertThat(r.sense()).isEmpty();
        assertThat(r.transferred()).isEqualTo(record.length);
        assertThat(read.dataInBytes(record.length)).containsExactly(record);
        assertThat(fake.calls.get(fake.calls.size() - 1).direction).isEqualTo(SgIo.DXFER_FROM_DEV);
    }

    @ParameterizedTest(name = "direct buffers: {0}")
    @ValueSource(booleans = {true, false})
    void aShortReadPassesStatusSenseDataAndResidualUntouched(boolean direct) throws Exception {
        SgDevice d = open();
        byte[] record = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        d.execute(FakeDeviceCommand.dataOut(write6(record.length), record, direct));
        FakeDeviceCommand read = FakeDeviceCommand.dataIn(read6(64), 64, direct);
        d.execute(read);
        FakeDeviceCommand.Result r = read.await();
        assertThat(r.status()).as("CHECK CONDITION from the device").isEqualTo(0x02);
        assertThat(r.sense()).as("the device's 22 bytes, untouched").containsExactly(FakeSg.shortReadSense(54));
        assertThat(r.transferred()).as("dxfer_len - resid").isEqualTo(10);
        assertThat(read.dataInBytes(10)).containsExactly(record);
    }

    @Test
    void senseOf252BytesPassesWhole() throws Exception {
        SgDevice d = open();
        byte[] sense = new byte[252];
        for (int i = 0; i < sense.length; i++) {
            sense[i] = (byte) (i + 1);
        }
        fake.responder = (call, data, s) -> {
            s.put(s.position(), sense);
            return new SgResult(0x02, 252, 0, SgFailure.DRIVER_SENSE, 0, 0);
        };
        FakeDeviceCommand c = FakeDeviceCommand.noData(tag(1));
        d.execute(c);
        assertThat(c.await().sense()).containsExactly(sense);
    }

    @Test
    void commandsReachTheDeviceInOrderOnTheDevicesOwnThreadAndExecuteNeverBlocks() throws Exception {
        SgDevice d = open();
        FakeDeviceCommand first = FakeDeviceCommand.noData(hold());
        d.execute(first);
        fake.awaitHeld();
        List<FakeDeviceCommand> rest = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            FakeDeviceCommand c = FakeDeviceCommand.noData(tag(i));
            assertThat(d.execute(c)).as("taken while the worker is busy: execute did not wait").isTrue();
            rest.add(c);
        }
        assertThat(d.queued()).isEqualTo(40);
        fake.release();
        assertThat(first.await().status()).isZero();
        for (FakeDeviceCommand c : rest) {
            FakeDeviceCommand.Result done = c.await();
            assertThat(done.status()).isZero();
            assertThat(done.thread()).isEqualTo("scsi4j-sg-sg-fake-1");
        }
        List<Integer> order = new ArrayList<>();
        fake.calls.stream().filter(c -> c.opcode() == (FakeSg.TAG & 0xFF)).forEach(c -> order.add((int) c.cdb[1]));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            expected.add(i);
        }
        assertThat(order).as("strictly the order offered").isEqualTo(expected);
    }

    @Test
    void severalThreadsRunCommandsSideBySide() throws Exception {
        SgDevice d = open(SgOptions.defaults().withThreads(3));
        assertThat(fake.channels).as("a descriptor per thread").hasSize(3);
        FakeDeviceCommand a = FakeDeviceCommand.noData(hold());
        FakeDeviceCommand b = FakeDeviceCommand.noData(hold());
        d.execute(a);
        d.execute(b);
        fake.awaitHeld();
        fake.awaitHeld();
        FakeDeviceCommand c = FakeDeviceCommand.noData(TEST_UNIT_READY);
        d.execute(c);
        assertThat(c.await().status()).as("runs while two others are held").isZero();
        fake.release();
        fake.release();
        assertThat(a.await().status()).isZero();
        assertThat(b.await().status()).isZero();
    }

    @Test
    void theCommandTimeoutGoesToTheKernelAndATimeoutIsAbortedCommandWithCommunicationTimeout() throws Exception {
        SgDevice d = open(SgOptions.defaults().withCommandTimeout(Duration.ofSeconds(90)));
        fake.responder = (call, data, sense) -> new SgResult(0, 0, SgFailure.DID_TIME_OUT, 0, call.dxferLen, 90_000);
        FakeDeviceCommand c = FakeDeviceCommand.dataIn(read6(512), 512, true);
        d.execute(c);
        FakeDeviceCommand.Result r = c.await();
        assertThat(fake.calls.get(fake.calls.size() - 1).timeoutMillis).isEqualTo(90_000);
        assertThat(r.status()).isEqualTo(0x02);
        assertThat(r.senseKey()).isEqualTo(0x0B);
        assertThat(r.asc()).isEqualTo(0x08);
        assertThat(r.ascq()).isEqualTo(0x01);
        assertThat(r.transferred()).isZero();

        FakeDeviceCommand again = FakeDeviceCommand.noData(TEST_UNIT_READY);
        d.execute(again);
        again.await();
        assertThat(d.errorCounts()).as("logged once, counted each time").containsEntry("TIMEOUT", 2L);
    }

    @Test
    void hostAndDriverErrorsBecomeASensibleAnswer() throws Exception {
        SgDevice d = open();
        fake.responder = (call, data, sense) -> {
            switch (call.cdb[1]) {
                case 1:
                    return new SgResult(0, 0, SgFailure.DID_NO_CONNECT, 0, 0, 0);
                case 2:
                    return new SgResult(0, 0, SgFailure.DID_BUS_BUSY, 0, 0, 0);
                case 3:
                    return new SgResult(0, 0, 0, 0x04 /* DRIVER_ERROR */, 0, 0);
                case 4:
                    throw new IOException("No such device");
                case 5:
                    throw new IOException("Invalid argument");
                default:
                    throw new IOException("Operation not permitted");
            }
        };
        FakeDeviceCommand gone = run(d, tag(1));
        assertThat(gone.await().senseKey()).as("HARDWARE ERROR").isEqualTo(0x04);
        assertThat(gone.await().asc()).isEqualTo(0x08);
        assertThat(run(d, tag(2)).await().status()).as("BUSY").isEqualTo(0x08);
        assertThat(run(d, tag(3)).await().senseKey()).as("ABORTED COMMAND").isEqualTo(0x0B);
        assertThat(run(d, tag(4)).await().senseKey()).isEqualTo(0x04);
        FakeDeviceCommand invalid = run(d, tag(5));
        assertThat(invalid.await().senseKey()).as("ILLEGAL REQUEST").isEqualTo(0x05);
        assertThat(invalid.await().asc()).isEqualTo(0x24);
        FakeDeviceCommand refused = run(d, tag(6));
        assertThat(refused.await().asc()).isEqualTo(0x20);
        assertThat(d.errorCounts()).containsEntry("GONE", 2L).containsEntry("TRANSIENT", 1L)
                .containsEntry("TRANSPORT", 1L).containsEntry("INVALID", 1L).containsEntry("REFUSED", 1L);
    }

    @Test
    void aDeviceAnswerBesideHostNoiseIsPassedOn() throws Exception {
        SgDevice d = open();
        byte[] sense = {0x70, 0, 0x03, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x11, 0x00, 0, 0, 0, 0};
        fake.responder = (call, data, s) -> {
            s.put(s.position(), sense);
            return new SgResult(0x02, sense.length, 0x07 /* DID_ERROR */, SgFailure.DRIVER_SENSE, 0, 0);
        };
        FakeDeviceCommand.Result r = run(d, tag(1)).await();
        assertThat(r.status()).isEqualTo(0x02);
        assertThat(r.sense()).as("MEDIUM ERROR from the device").containsExactly(sense);
    }

    @Test
    void cdbsTheDriverCannotTakeNeverReachTheDevice() throws Exception {
        SgDevice d = open();
        byte[] longest = new byte[252];
        longest[0] = 0x7F;
        assertThat(run(d, longest).await().status()).as("252 bytes are fine").isEqualTo(0x02);
        assertThat(fake.calls.get(fake.calls.size() - 1).cdb).hasSize(252);
        byte[] tooLong = new byte[253];
        tooLong[0] = 0x7F;
        FakeDeviceCommand.Result r = run(d, tooLong).await();
        assertThat(r.senseKey()).isEqualTo(0x05);
        assertThat(r.asc()).isEqualTo(0x24);
        assertThat(fake.calls.stream().filter(c -> c.cdb.length == 253)).isEmpty();
    }

    @Test
    void aBidirectionalCommandIsDeclined() throws Exception {
        SgDevice d = open();
        FakeDeviceCommand c = FakeDeviceCommand.bidirectional(new byte[] {0x53, 0, 0, 0, 0, 0, 0, 0, 1, 0}, 512);
        assertThat(d.execute(c)).isFalse();
        assertThat(c.isDone()).isFalse();
    }

    @Test
    void aFullQueueAnswersTaskSetFull() throws Exception {
        SgDevice d = open(SgOptions.defaults().withQueueDepth(2));
        FakeDeviceCommand running = run(d, hold());
        fake.awaitHeld();
        FakeDeviceCommand q1 = run(d, tag(1));
        FakeDeviceCommand q2 = run(d, tag(2));
        FakeDeviceCommand full = run(d, tag(3));
        assertThat(full.await().status()).isEqualTo(0x28);
        fake.release();
        assertThat(running.await().status()).isZero();
        assertThat(q1.await().status()).isZero();
        assertThat(q2.await().status()).isZero();
        assertThat(fake.seen(FakeSg.TAG & 0xFF)).isEqualTo(2);
    }

    @Test
    void abortDropsAQueuedCommandAtOnceAndLeavesTheRunningOneToFinish() throws Exception {
        SgDevice d = open();
        FakeDeviceCommand running = run(d, hold());
        fake.awaitHeld();
        FakeDeviceCommand queued = run(d, tag(1));
        queued.markAborted();
        d.abort(queued);
        assertThat(queued.await().status()).as("completed at once; the core discards it").isEqualTo(0x40);
        running.markAborted();
        d.abort(running);
        assertThat(running.isDone()).as("sg cannot cancel it: it finishes").isFalse();
        assertThat(d.abortsLeftRunning()).isEqualTo(1);
        fake.release();
        assertThat(running.await().status()).isZero();
        assertThat(fake.seen(FakeSg.TAG & 0xFF)).as("the aborted command never reached the device").isZero();
    }

    @Test
    void aCommandTheCoreAbortedWhileItWaitedIsNotSent() throws Exception {
        SgDevice d = open();
        FakeDeviceCommand running = run(d, hold());
        fake.awaitHeld();
        FakeDeviceCommand queued = run(d, tag(1));
        queued.markAborted(); // marked, its abort call not made yet
        fake.release();
        running.await();
        assertThat(queued.await().status()).isEqualTo(0x40);
        assertThat(fake.seen(FakeSg.TAG & 0xFF)).isZero();
    }

    @Test
    void closeAnswersQueuedCommandsAndWaitsForTheRunningOne() throws Exception {
        SgDevice d = open();
        FakeDeviceCommand running = run(d, hold());
        fake.awaitHeld();
        FakeDeviceCommand queued = run(d, tag(1));
        Thread closer = new Thread(d::close, "test-closer");
        closer.start();
        FakeDeviceCommand.Result q = queued.await();
        assertThat(q.status()).isEqualTo(0x02);
        assertThat(q.senseKey()).isEqualTo(0x0B);
        assertThat(d.closing()).isTrue();
        assertThat(running.isDone()).isFalse();
        fake.release();
        closer.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(running.await().status()).as("finished, not cut off").isZero();
        assertThat(fake.seen(FakeSg.TAG & 0xFF)).isZero();
        FakeDeviceCommand late = FakeDeviceCommand.noData(TEST_UNIT_READY);
        assertThat(d.execute(late)).isTrue();
        assertThat(late.await().senseKey()).as("after close").isEqualTo(0x0B);
    }

    @Test
    void closeGivesUpOnACommandStillRunningAfterTheCloseTimeout() throws Exception {
        SgDevice d = open(SgOptions.defaults().withCloseTimeout(Duration.ZERO));
        FakeDeviceCommand running = run(d, hold());
        fake.awaitHeld();
        d.close();
        FakeDeviceCommand.Result r = running.await();
        assertThat(r.status()).isEqualTo(0x02);
        assertThat(r.senseKey()).isEqualTo(0x0B);
        assertThat(r.asc()).isEqualTo(0x08);
        assertThat(d.threadsAlive()).isFalse();
        assertThat(d.errorCounts()).containsEntry("CLOSED", 1L);
    }

    @Test
    void anUnexpectedErrorStillCompletesTheCommandAndTheWorkerGoesOn() throws Exception {
        SgDevice d = open();
        FakeDeviceCommand broken = FakeDeviceCommand.noData(TEST_UNIT_READY);
        broken.breakCdb(new IllegalStateException("broken on purpose"));
        d.execute(broken);
        FakeDeviceCommand.Result r = broken.await();
        assertThat(r.senseKey()).isEqualTo(0x0B);
        assertThat(r.asc()).isEqualTo(0x08);
        assertThat(run(d, TEST_UNIT_READY).await().status()).isZero();
    }

    @Test
    void resetIsNotForwardedAndTheDeviceGoesOn() throws Exception {
        SgDevice d = open();
        d.reset();
        d.reset();
        assertThat(run(d, TEST_UNIT_READY).await().status()).isZero();
        assertThat(fake.calls).extracting(FakeSg.Call::opcode).containsExactly(0x12, 0x00);
    }

    @Test
    void aFailedInquiryAtOpenLeavesTheTypeUnknown() throws Exception {
        fake.responder = (call, data, sense) -> new SgResult(0x02, 0, 0, 0, call.dxferLen, 0);
        SgDevice d = open();
        assertThat(d.peripheralDeviceType()).isEqualTo(0x1F);
        assertThat(d.identification()).isEqualTo("unknown device");
    }

    @Test
    void openFailsWhenTheDeviceDoesNotAnswerAndClosesWhatItOpened() {
        fake.responder = (call, data, sense) -> {
            throw new IOException("/dev/sg-fake: no reply (end of file) to an sg_io_hdr: not a SCSI generic device");
        };
        assertThatThrownBy(() -> open(SgOptions.defaults().withThreads(2)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(NAME + ": no answer to INQUIRY")
                .hasMessageContaining("not a SCSI generic device");
        assertThat(fake.channels).hasSize(2);
        assertThat(fake.allChannelsClosed()).isTrue();
    }

    @Test
    void openFailsWhenASecondDescriptorCannotBeOpened() {
        AtomicInteger n = new AtomicInteger();
        SgIo.Opener opener = () -> {
            if (n.incrementAndGet() == 2) {
                throw new IOException("too many open files");
            }
            return fake.opener().open();
        };
        assertThatThrownBy(() -> SgDevice.open(NAME, opener, SgOptions.defaults().withThreads(2)))
                .hasMessage("too many open files");
        assertThat(fake.channels).hasSize(1);
        assertThat(fake.allChannelsClosed()).isTrue();
    }

    @Test
    void aLargeHeapTransferGrowsTheBounceBuffer() throws Exception {
        SgDevice d = open();
        byte[] big = new byte[1 << 20];
        big[big.length - 1] = 42;
        assertThat(run(d, FakeDeviceCommand.dataOut(write6(big.length), big, false)).await().transferred())
                .isEqualTo(big.length);
        FakeDeviceCommand read = FakeDeviceCommand.dataIn(read6(big.length), big.length, false);
        d.execute(read);
        assertThat(read.await().transferred()).isEqualTo(big.length);
        assertThat(read.dataInBytes(big.length)[big.length - 1]).isEqualTo((byte) 42);
    }

    private static FakeDeviceCommand run(SgDevice d, byte[] cdb) {
        return run(d, FakeDeviceCommand.noData(cdb));
    }

    private static FakeDeviceCommand run(SgDevice d, FakeDeviceCommand c) {
        assertThat(d.execute(c)).isTrue();
        return c;
    }
}
