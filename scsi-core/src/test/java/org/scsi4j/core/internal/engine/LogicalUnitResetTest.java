package org.scsi4j.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.transport.TmfFunction;
import org.scsi4j.core.spi.transport.TmfResponse;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.core.testing.MemoryBlockDevice;

/** LOGICAL UNIT RESET acts on every nexus, waits for device I/O, and is bounded in time. */
class LogicalUnitResetTest {

    private static void awaitHeld(MemoryBlockDevice d, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (d.heldCount() < n && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(d.heldCount()).isEqualTo(n);
    }

    @Test
    void resetAbortsOtherNexusesTasksAndAnswersOnlyAfterTheirIoReturned() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, 1024).completeOnOtherThread(true);
        try (ScsiTarget target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:reset")
                .logicalUnit(0, LogicalUnitSpec.disk("d", dev)).build();
             LoopbackTransport lt = LoopbackTransport.start(target)) {
            LoopbackSession a = lt.login("iqn.2026-11.org.scsi4j:a");
            LoopbackSession b = lt.login("iqn.2026-11.org.scsi4j:b");
            a.clearUnitAttentions(0);
            b.clearUnitAttentions(0);
            dev.hold();
            CompletableFuture<ScsiResponse> victim = b.submit(ScsiCommand.of(0, Cdbs.write10(0, 1, false)).dataOut(new byte[512]));
            awaitHeld(dev, 1);
            CompletableFuture<TmfResponse> reset = a.submitTaskManagement(TmfFunction.LOGICAL_UNIT_RESET, 0, 0);
            Thread.sleep(50);
            assertThat(reset).as("waits for the held write").isNotDone();
            dev.release();
            assertThat(reset.get(5, TimeUnit.SECONDS)).isEqualTo(TmfResponse.FUNCTION_COMPLETE);
            assertThat(victim.get(5, TimeUnit.SECONDS).status()).as("aborted, no status").isEqualTo(0x40);
            ScsiResponse ua = b.execute(ScsiCommand.of(0, Cdbs.testUnitReady()));
            assertThat(ua.asc()).isEqualTo(0x29);
            assertThat(ua.ascq()).as("BUS DEVICE RESET FUNCTION OCCURRED").isEqualTo(0x03);
            ScsiResponse issuerUa = a.execute(ScsiCommand.of(0, Cdbs.testUnitReady()));
            assertThat(issuerUa.ascq()).as("SAM-5 §7.4: every nexus, the issuer's too").isEqualTo(0x03);
            assertThat(a.execute(ScsiCommand.of(0, Cdbs.testUnitReady())).isGood()).isTrue();
            a.close();
            b.close();
        }
    }

    @Test
    void aHangingBackendDoesNotHangTheResetOrOtherUnits() throws Exception {
        MemoryBlockDevice stuck = new MemoryBlockDevice(512, 1024).completeOnOtherThread(true);
        MemoryBlockDevice healthy = new MemoryBlockDevice(512, 1024);
        ScsiTarget target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:hang")
                .logicalUnit(0, LogicalUnitSpec.disk("stuck", stuck))
                .logicalUnit(1, LogicalUnitSpec.disk("healthy", healthy))
                .taskManagementTimeout(Duration.ofMillis(300)).build();
        LoopbackTransport lt = LoopbackTransport.start(target);
        LoopbackSession s = lt.login("iqn.2026-11.org.scsi4j:a");
        s.clearUnitAttentions(0);
        s.clearUnitAttentions(1);
        stuck.hold();
        CompletableFuture<ScsiResponse> victim = s.submit(ScsiCommand.of(0, Cdbs.read10(0, 8)).dataIn(4096));
        awaitHeld(stuck, 1);
        long t0 = System.nanoTime();
        assertThat(s.taskManagement(TmfFunction.LOGICAL_UNIT_RESET, 0, 0)).isEqualTo(TmfResponse.FUNCTION_COMPLETE);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(s.execute(ScsiCommand.of(1, Cdbs.read10(0, 1)).dataIn(512)).isGood()).as("LUN 1 still served").isTrue();
        assertThat(target.outstandingBuffers()).as("the stuck read still holds its buffer").isEqualTo(1);
        stuck.release();
        assertThat(victim.get(5, TimeUnit.SECONDS).status()).isEqualTo(0x40);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (target.outstandingBuffers() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(target.outstandingBuffers()).as("accounted for once it returned").isZero();
        assertThat(s.outstandingTasks()).isZero();
        s.close();
        lt.close();
        target.close();
    }
}
