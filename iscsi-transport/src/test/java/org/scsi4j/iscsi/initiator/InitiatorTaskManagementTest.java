package org.scsi4j.iscsi.initiator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.core.testing.MemoryBlockDevice;
import org.scsi4j.iscsi.testing.ServerFixture;

/** ABORT TASK, LOGICAL UNIT RESET and timeouts, with a device that holds its I/O. */
class InitiatorTaskManagementTest {
    private static final String IQN = ServerFixture.IQN;

    @AfterEach
    void noThreadsLeft() throws Exception {
        Fixture.assertNoInitiatorThreads();
    }

    private static void releaseLater(MemoryBlockDevice dev, long millis) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException ignored) {
                // release now
            }
            dev.release();
        }, "test-release");
        t.setDaemon(true);
        t.start();
    }

    @Test
    void abortTaskOfAHeldRead() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, 1 << 16);
        try (ServerFixture f = ServerFixture.start(b -> { }, e -> { }, dev);
             IscsiSession s = Fixture.initiator().build().login(f.address(), IQN)) {
            Fixture.ready(s);
            dev.hold();
            ScsiTask read = s.submit(0, Cdbs.read10(0, 8), null, ByteBuffer.allocate(4096), Fixture.T);
            ServerFixture.await("read held", () -> dev.heldCount() == 1);
            releaseLater(dev, 200); // the target answers ABORT TASK once the held I/O is done
            assertThat(read.abort(Fixture.T)).isEqualTo(TaskManagementResponse.FUNCTION_COMPLETE);
            assertThatThrownBy(() -> read.result().get()).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(IscsiException.class,
                            e -> assertThat(e.reason()).isEqualTo(IscsiException.Reason.ABORTED));
            assertThat(read.abort(Fixture.T)).isEqualTo(TaskManagementResponse.TASK_DOES_NOT_EXIST);
            assertThat(Fixture.read(s, 0, 4096)).hasSize(4096);
            assertThat(s.commandsInFlight()).isZero();
        }
    }

    @Test
    void timeoutAbortsTheCommand() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, 1 << 16);
        try (ServerFixture f = ServerFixture.start(b -> { }, e -> { }, dev);
             IscsiSession s = Fixture.initiator().build().login(f.address(), IQN)) {
            Fixture.ready(s);
            dev.hold();
            releaseLater(dev, 600);
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.execute(0, Cdbs.write10(0, 8, false), ByteBuffer.allocate(4096), null,
                    Duration.ofMillis(200)))
                    .isInstanceOfSatisfying(IscsiException.class, e -> {
                        assertThat(e.reason()).isEqualTo(IscsiException.Reason.TIMED_OUT);
                        assertThat(e.mayHaveExecuted()).isTrue();
                        assertThat(e).hasMessageContaining("ABORT TASK");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(s.state()).isEqualTo(IscsiSession.State.LOGGED_IN);
            assertThat(s.execute(0, Cdbs.testUnitReady(), null, null, Fixture.T).isGood()).isTrue();
        }
    }

    @Test
    void unansweredAbortDropsTheConnectionAndTheSessionComesBack() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, 1 << 16);
        try (ServerFixture f = ServerFixture.start(b -> { }, e -> { }, dev, t -> t.taskManagementTimeout(Duration.ofSeconds(30)));
             IscsiSession s = Fixture.initiator().taskManagementTimeout(Duration.ofMillis(300)).build()
                     .login(f.address(), IQN)) {
            Fixture.ready(s);
            dev.hold();
            assertThatThrownBy(() -> s.execute(0, Cdbs.read10(0, 8), null, ByteBuffer.allocate(4096),
                    Duration.ofMillis(200)))
                    .isInstanceOfSatisfying(IscsiException.class,
                            e -> assertThat(e.reason()).isEqualTo(IscsiException.Reason.TIMED_OUT));
            dev.release();
            ServerFixture.await("reinstated", () -> s.reconnectCount() == 1
                    && s.state() == IscsiSession.State.LOGGED_IN);
            Fixture.ready(s);
            assertThat(Fixture.read(s, 0, 4096)).hasSize(4096);
        }
    }

    @Test
    void logicalUnitResetEndsEveryHeldCommand() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, 1 << 16);
        try (ServerFixture f = ServerFixture.start(b -> { }, e -> { }, dev);
             IscsiSession s = Fixture.initiator().build().login(f.address(), IQN)) {
            Fixture.ready(s);
            dev.hold();
            ScsiTask a = s.submit(0, Cdbs.read10(0, 8), null, ByteBuffer.allocate(4096), Fixture.T);
            ScsiTask b = s.submit(0, Cdbs.write10(8, 8, false), ByteBuffer.allocate(4096), null, Fixture.T);
            ServerFixture.await("both held", () -> dev.heldCount() == 2);
            releaseLater(dev, 200);
            assertThat(s.logicalUnitReset(0, Fixture.T)).isEqualTo(TaskManagementResponse.FUNCTION_COMPLETE);
            for (ScsiTask t : new ScsiTask[] {a, b}) {
                assertThatThrownBy(() -> t.await(Fixture.T)).isInstanceOfSatisfying(IscsiException.class,
                        e -> assertThat(e.reason()).isEqualTo(IscsiException.Reason.ABORTED));
            }
            ScsiResult ua = s.execute(0, Cdbs.testUnitReady(), null, null, Fixture.T);
            assertThat(ua.senseKey()).as("unit attention after the reset").isEqualTo(0x6);
            assertThat(s.taskManagement(TaskManagementFunction.ABORT_TASK_SET, 9, Fixture.T))
                    .isEqualTo(TaskManagementResponse.LUN_DOES_NOT_EXIST);
        }
    }

    @Test
    void abortOfACommandStillWaitingForTheWindow() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, 1 << 16);
        try (ServerFixture f = ServerFixture.start(b -> { }, e -> { }, dev, t -> t.tasksPerNexus(1));
             IscsiSession s = Fixture.initiator().build().login(f.address(), IQN)) {
            Fixture.ready(s);
            dev.hold();
            ScsiTask first = s.submit(0, Cdbs.read10(0, 1), null, ByteBuffer.allocate(512), Fixture.T);
            ServerFixture.await("first held", () -> dev.heldCount() == 1);
            ScsiTask queued = s.submit(0, Cdbs.read10(1, 1), null, ByteBuffer.allocate(512), Fixture.T);
            assertThat(queued.abort(Fixture.T)).isEqualTo(TaskManagementResponse.FUNCTION_COMPLETE);
            assertThatThrownBy(() -> queued.await(Fixture.T)).isInstanceOfSatisfying(IscsiException.class, e -> {
                assertThat(e.reason()).isEqualTo(IscsiException.Reason.ABORTED);
                assertThat(e.mayHaveExecuted()).as("never sent").isFalse();
            });
            dev.release();
            assertThat(first.await(Fixture.T).isGood()).isTrue();
        }
    }

    @Test
    void interruptAbortsAndThrowsInterruptedIoException() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, 1 << 16);
        try (ServerFixture f = ServerFixture.start(b -> { }, e -> { }, dev);
             IscsiSession s = Fixture.initiator().build().login(f.address(), IQN)) {
            Fixture.ready(s);
            dev.hold();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Boolean> flag = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    s.execute(0, Cdbs.read10(0, 8), null, ByteBuffer.allocate(4096), Fixture.T);
                } catch (Throwable e) {
                    thrown.set(e);
                }
                flag.set(Thread.currentThread().isInterrupted());
            });
            caller.start();
            ServerFixture.await("read held", () -> dev.heldCount() == 1);
            caller.interrupt();
            releaseLater(dev, 200);
            caller.join(10_000);
            assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class);
            assertThat(flag.get()).as("interrupt flag kept").isTrue();
            assertThat(s.commandsInFlight()).isZero();
        }
    }

    @Test
    void futureCallbacksRunOnTheIoThreadAndMayNotBlockOnTheSession() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, 1 << 16);
        try (ServerFixture f = ServerFixture.start(b -> { }, e -> { }, dev);
             IscsiSession s = Fixture.initiator().build().login(f.address(), IQN)) {
            Fixture.ready(s);
            dev.hold();
            CompletableFuture<Throwable> inCallback = new CompletableFuture<>();
            AtomicReference<String> thread = new AtomicReference<>();
            ScsiTask read = s.submit(0, Cdbs.read10(0, 1), null, ByteBuffer.allocate(512), Fixture.T);
            read.result().whenComplete((r, e) -> {
                thread.set(Thread.currentThread().getName());
                try {
                    s.execute(0, Cdbs.testUnitReady(), null, null, Fixture.T);
                    inCallback.complete(null);
                } catch (Throwable t) {
                    inCallback.complete(t);
                }
            });
            ServerFixture.await("read held", () -> dev.heldCount() == 1);
            dev.release();
            assertThat(inCallback.get()).isInstanceOf(IllegalStateException.class);
            assertThat(thread.get()).startsWith("scsi4j-initiator-");
            assertThat(read.await(Fixture.T).isGood()).isTrue();
        }
    }
}
