package org.scsi4j.core.internal.engine;

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
import org.scsi4j.core.spi.transport.TaskAttribute;
import org.scsi4j.core.spi.transport.TmfFunction;
import org.scsi4j.core.spi.transport.TmfResponse;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.core.testing.MemoryBlockDevice;

/** SAM-5 §8.6 task attribute rules, observed through a device that holds operations. */
class TaskAttributeOrderingTest {
    private MemoryBlockDevice device;
    private ScsiTarget target;
    private LoopbackTransport transport;
    private LoopbackSession session;

    @BeforeEach
    void setUp() {
        device = new MemoryBlockDevice(512, 1024);
        target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:order").logicalUnit(0, LogicalUnitSpec.disk("d", device)).build();
        transport = LoopbackTransport.start(target);
        session = transport.login("iqn.2026-11.org.scsi4j:i");
        session.clearUnitAttentions(0);
    }

    @AfterEach
    void tearDown() {
        device.release();
        session.close();
        transport.close();
        target.close();
        assertThat(target.outstandingBuffers()).isZero();
        assertThat(transport.isAlive()).isFalse();
    }

    private CompletableFuture<ScsiResponse> read(TaskAttribute attr) {
        return session.submit(ScsiCommand.of(0, Cdbs.read10(0, 1)).dataIn(512).attribute(attr));
    }

    private void awaitHeld(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (device.heldCount() < n && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(device.heldCount()).isEqualTo(n);
    }

    @Test
    void simpleTasksRunConcurrently() throws Exception {
        device.hold();
        CompletableFuture<ScsiResponse> a = read(TaskAttribute.SIMPLE);
        CompletableFuture<ScsiResponse> b = read(TaskAttribute.SIMPLE);
        awaitHeld(2);
        device.release();
        assertThat(a.get(5, TimeUnit.SECONDS).isGood()).isTrue();
        assertThat(b.get(5, TimeUnit.SECONDS).isGood()).isTrue();
    }

    @Test
    void orderedTaskWaitsForOlderTasksAndBlocksYoungerSimpleOnes() throws Exception {
        device.hold();
        CompletableFuture<ScsiResponse> older = read(TaskAttribute.SIMPLE);
        awaitHeld(1);
        CompletableFuture<ScsiResponse> ordered = read(TaskAttribute.ORDERED);
        CompletableFuture<ScsiResponse> younger = read(TaskAttribute.SIMPLE);
        CompletableFuture<ScsiResponse> headOfQueue = read(TaskAttribute.HEAD_OF_QUEUE);
        // only the older SIMPLE task and the HEAD OF QUEUE task may have reached the device
        awaitHeld(2);
        assertThat(ordered).isNotDone();
        assertThat(younger).isNotDone();
        // releasing lets the older task finish; the ORDERED one starts and is held alone
        device.releaseHeldAndKeepHolding();
        assertThat(older.get(5, TimeUnit.SECONDS).isGood()).isTrue();
        assertThat(headOfQueue.get(5, TimeUnit.SECONDS).isGood()).isTrue();
        awaitHeld(1);
        assertThat(younger).isNotDone();
        device.release();
        assertThat(ordered.get(5, TimeUnit.SECONDS).isGood()).isTrue();
        assertThat(younger.get(5, TimeUnit.SECONDS).isGood()).isTrue();
    }

    @Test
    void abortTaskWaitsForDeviceIoAndTheTaskNeverCompletes() throws Exception {
        device.hold();
        long tag = session.peekNextTag();
        CompletableFuture<ScsiResponse> victim = read(TaskAttribute.SIMPLE);
        awaitHeld(1);
        CompletableFuture<TmfResponse> tmf = session.submitTaskManagement(TmfFunction.ABORT_TASK, 0, tag);
        Thread.sleep(50);
        assertThat(tmf).as("TMF answers only after the aborted I/O returned").isNotDone();
        device.release();
        assertThat(tmf.get(5, TimeUnit.SECONDS)).isEqualTo(TmfResponse.FUNCTION_COMPLETE);
        assertThat(victim.get(5, TimeUnit.SECONDS).status()).isEqualTo(0x40);
        assertThat(session.outstandingTasks()).isZero();
    }

    @Test
    void abortOfUnknownTagSaysTaskDoesNotExist() {
        assertThat(session.taskManagement(TmfFunction.ABORT_TASK, 0, 999_999)).isEqualTo(TmfResponse.TASK_DOES_NOT_EXIST);
    }

    @Test
    void closingTheSessionWithIoInFlightLeaksNothing() throws Exception {
        device.hold();
        read(TaskAttribute.SIMPLE);
        read(TaskAttribute.SIMPLE);
        awaitHeld(2);
        session.close();
        device.release();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (target.outstandingBuffers() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(target.outstandingBuffers()).isZero();
        assertThat(target.openNexusCount()).isZero();
    }
}
