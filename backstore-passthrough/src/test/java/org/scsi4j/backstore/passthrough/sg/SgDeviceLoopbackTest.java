package org.scsi4j.backstore.passthrough.sg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.transport.TmfFunction;
import org.scsi4j.core.spi.transport.TmfResponse;

/**
 * An {@link SgDevice} over the fake sg device, exported through a {@link ScsiTarget} and driven
 * through the loopback transport: what an initiator sees end to end.
 */
class SgDeviceLoopbackTest {
    private FakeSg fake;
    private SgDevice device;
    private ScsiTarget target;
    private LoopbackTransport transport;
    private LoopbackSession a;
    private LoopbackSession b;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeSg();
        device = SgDevice.open("/dev/sg-fake", fake.opener(), SgOptions.defaults());
        target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:sg")
                .logicalUnit(0, LogicalUnitSpec.rawDevice("tape", device)).build();
        transport = LoopbackTransport.start(target);
        a = transport.login("iqn.2026-11.org.scsi4j:a");
        b = transport.login("iqn.2026-11.org.scsi4j:b");
        a.clearUnitAttentions(0);
        b.clearUnitAttentions(0);
        fake.calls.clear();             // the INQUIRY at open and the TEST UNIT READYs above
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        transport.close();
        target.close();
        assertThat(transport.isAlive()).isFalse();
        assertThat(device.threadsAlive()).as("the target closed the device").isFalse();
        assertThat(fake.allChannelsClosed()).isTrue();
        assertThat(target.outstandingBuffers()).isZero();
    }

    private static byte[] write6(int length) {
        return new byte[] {0x0A, 0, (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, 0};
    }

    private static byte[] read6(int length) {
        return new byte[] {0x08, 0, (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, 0};
    }

    @Test
    void inquiryIsTheDevicesOwn() {
        ScsiResponse r = a.execute(ScsiCommand.of(0, new byte[] {0x12, 0, 0, 0, 96, 0}).dataIn(96));
        assertThat(r.isGood()).isTrue();
        assertThat(r.data()).as("the 36 bytes the device has, the rest residual").containsExactly(FakeSg.INQUIRY_DATA);
        assertThat(r.underflow()).isTrue();
        assertThat(r.residual()).isEqualTo(60);
    }

    @Test
    void dataBothWaysAndAShortReadsSenseComeBackUntouched() {
        byte[] record = new byte[300];
        for (int i = 0; i < record.length; i++) {
            record[i] = (byte) (i ^ 0x5C);
        }
        assertThat(a.execute(ScsiCommand.of(0, write6(300)).dataOut(record)).isGood()).isTrue();
        assertThat(fake.record).containsExactly(record);
        ScsiResponse full = b.execute(ScsiCommand.of(0, read6(300)).dataIn(300));
        assertThat(full.isGood()).isTrue();
        assertThat(full.data()).containsExactly(record);

        ScsiResponse longer = a.execute(ScsiCommand.of(0, read6(512)).dataIn(512));
        assertThat(longer.status()).isEqualTo(0x02);
        assertThat(longer.sense()).containsExactly(FakeSg.shortReadSense(212));
        assertThat(longer.data()).as("the data read, with CHECK CONDITION").containsExactly(record);
        assertThat(longer.underflow()).isTrue();
        assertThat(longer.residual()).isEqualTo(212);
    }

    @Test
    void reportLunsAndReservationsStayInTheCore() {
        assertThat(a.execute(ScsiCommand.of(0, new byte[] {(byte) 0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0}).dataIn(64))
                .isGood()).isTrue();
        assertThat(a.execute(ScsiCommand.of(0, new byte[] {0x16, 0, 0, 0, 0, 0})).isGood()).isTrue();
        assertThat(b.execute(ScsiCommand.of(0, new byte[6])).status()).as("RESERVATION CONFLICT").isEqualTo(0x18);
        assertThat(a.execute(ScsiCommand.of(0, new byte[] {0x17, 0, 0, 0, 0, 0})).isGood()).isTrue();
        assertThat(fake.calls).as("none of them reached the device").isEmpty();
    }

    @Test
    void abortTaskWaitsForTheCommandTheDeviceRuns() throws Exception {
        long tag = a.peekNextTag();
        CompletableFuture<ScsiResponse> held = a.submit(ScsiCommand.of(0, new byte[] {FakeSg.HOLD, 0, 0, 0, 0, 0}));
        fake.awaitHeld();
        CompletableFuture<TmfResponse> abort = a.submitTaskManagement(TmfFunction.ABORT_TASK, 0, tag);
        awaitAbortRequests(1);
        assertThat(abort).as("sg cannot cancel it: the core waits for it").isNotDone();
        fake.release();
        assertThat(abort.get(10, TimeUnit.SECONDS)).isEqualTo(TmfResponse.FUNCTION_COMPLETE);
        assertThat(held.get(10, TimeUnit.SECONDS).status()).as("its result discarded").isEqualTo(0x40);
    }

    @Test
    void abortTaskOfAQueuedCommandKeepsItFromTheDevice() throws Exception {
        CompletableFuture<ScsiResponse> running = a.submit(ScsiCommand.of(0, new byte[] {FakeSg.HOLD, 0, 0, 0, 0, 0}));
        fake.awaitHeld();
        long tag = b.peekNextTag();
        CompletableFuture<ScsiResponse> queued = b.submit(ScsiCommand.of(0, new byte[] {FakeSg.TAG, 0, 0, 0, 0, 0}));
        awaitQueued(1);
        assertThat(b.taskManagement(TmfFunction.ABORT_TASK, 0, tag)).isEqualTo(TmfResponse.FUNCTION_COMPLETE);
        assertThat(queued.get(10, TimeUnit.SECONDS).status()).isEqualTo(0x40);
        assertThat(running).as("the running command is untouched").isNotDone();
        fake.release();
        assertThat(running.get(10, TimeUnit.SECONDS).isGood()).isTrue();
        assertThat(fake.seen(FakeSg.TAG & 0xFF)).isZero();
    }

    @Test
    void logicalUnitResetIsAnsweredByTheCoreAndTheDeviceGoesOn() {
        assertThat(b.taskManagement(TmfFunction.LOGICAL_UNIT_RESET, 0, 0)).isEqualTo(TmfResponse.FUNCTION_COMPLETE);
        ScsiResponse ua = a.execute(ScsiCommand.of(0, new byte[6]));
        assertThat(ua.senseKey()).as("the core reports the reset to the other nexus").isEqualTo(0x06);
        assertThat(fake.calls).as("the unit attention is the core's").isEmpty();
        assertThat(a.execute(ScsiCommand.of(0, new byte[6])).isGood()).isTrue();
        assertThat(fake.calls).extracting(FakeSg.Call::opcode).containsExactly(0x00);
    }

    @Test
    void aTimeoutReachesTheInitiatorAsAbortedCommand() {
        fake.responder = (call, data, sense) -> new SgResult(0, 0, SgFailure.DID_TIME_OUT, 0, call.dxferLen, 0);
        ScsiResponse r = a.execute(ScsiCommand.of(0, new byte[] {0x01, 0, 0, 0, 0, 0}));
        assertThat(r.status()).isEqualTo(0x02);
        assertThat(r.senseKey()).isEqualTo(0x0B);
        assertThat(r.asc()).isEqualTo(0x08);
        assertThat(r.ascq()).isEqualTo(0x01);
    }

    /** Waits until the device has been asked to abort {@code n} commands it runs (10 s at most, a hang guard). */
    private void awaitAbortRequests(long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (device.abortsLeftRunning() < n && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(device.abortsLeftRunning()).isEqualTo(n);
    }

    private void awaitQueued(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (device.queued() < n && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(device.queued()).isEqualTo(n);
    }
}
