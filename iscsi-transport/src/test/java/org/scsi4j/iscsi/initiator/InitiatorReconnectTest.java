package org.scsi4j.iscsi.initiator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.core.testing.MemoryBlockDevice;
import org.scsi4j.iscsi.testing.ServerFixture;
import org.scsi4j.iscsi.testing.TcpProxy;

/** Connection drops, session reinstatement, the target asking to log out, keep-alive, close. */
class InitiatorReconnectTest {
    private static final String IQN = ServerFixture.IQN;

    @AfterEach
    void noThreadsLeft() throws Exception {
        Fixture.assertNoInitiatorThreads();
    }

    @Test
    void aDroppedConnectionFailsWhatWasInFlightAndTheSessionIsReinstated() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, 1 << 16);
        try (ServerFixture f = ServerFixture.start(b -> b.defaultTime2Wait(0), e -> { }, dev);
             TcpProxy proxy = new TcpProxy(f.address());
             IscsiSession s = Fixture.initiator().build().login(proxy.address(), IQN)) {
            Fixture.ready(s);
            byte[] data = Fixture.random(8192, 1);
            assertThat(Fixture.write(s, 0, data).isGood()).isTrue();
            int tsih = s.parameters().tsih();
            long isid = s.parameters().isid();

            dev.hold();
            ScsiTask inFlight = s.submit(0, Cdbs.read10(0, 16), null, ByteBuffer.allocate(8192), Fixture.T);
            ServerFixture.await("read held", () -> dev.heldCount() == 1);
            proxy.cut();
            assertThatThrownBy(() -> inFlight.await(Fixture.T)).isInstanceOfSatisfying(IscsiException.class, e -> {
                assertThat(e.reason()).isEqualTo(IscsiException.Reason.CONNECTION_LOST);
                assertThat(e.mayHaveExecuted()).isTrue();
            });
            dev.release();

            ServerFixture.await("reinstated", () -> s.reconnectCount() == 1);
            assertThat(s.state()).isEqualTo(IscsiSession.State.LOGGED_IN);
            assertThat(s.parameters().isid()).as("same ISID: reinstatement").isEqualTo(isid);
            assertThat(s.parameters().tsih()).isNotEqualTo(tsih);
            ServerFixture.await("old session replaced", () -> f.server().sessionCount() == 1);
            Fixture.ready(s);
            assertThat(Fixture.read(s, 0, 8192)).isEqualTo(data);
        }
    }

    @Test
    void commandsSubmittedWhileReconnectingAreSentAfterwards() throws Exception {
        try (ServerFixture f = ServerFixture.start(b -> b.defaultTime2Wait(0));
             TcpProxy proxy = new TcpProxy(f.address());
             IscsiSession s = Fixture.initiator().reconnect(20, Duration.ofMillis(100)).build()
                     .login(proxy.address(), IQN)) {
            Fixture.ready(s);
            proxy.refuse(true);
            proxy.cut();
            ServerFixture.await("reconnecting", () -> s.state() == IscsiSession.State.RECONNECTING);
            CompletableFuture<ScsiResult> later = s.submit(0, Cdbs.testUnitReady(), null, null, Fixture.T).result();
            Thread.sleep(300);
            assertThat(later).isNotDone();
            proxy.refuse(false);
            ScsiResult r = later.get();
            assertThat(r.status()).as("GOOD or the unit attention of the new nexus").isIn(0, 2);
            assertThat(s.state()).isEqualTo(IscsiSession.State.LOGGED_IN);
            assertThat(proxy.accepted()).isGreaterThan(2);
        }
    }

    @Test
    void queuedCommandsTimeOutWithoutBeingSent() throws Exception {
        try (ServerFixture f = ServerFixture.start(b -> b.defaultTime2Wait(0));
             TcpProxy proxy = new TcpProxy(f.address());
             IscsiSession s = Fixture.initiator().reconnect(100, Duration.ofMillis(100)).build()
                     .login(proxy.address(), IQN)) {
            Fixture.ready(s);
            proxy.refuse(true);
            proxy.cut();
            ServerFixture.await("reconnecting", () -> s.state() == IscsiSession.State.RECONNECTING);
            assertThatThrownBy(() -> s.execute(0, Cdbs.testUnitReady(), null, null, Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(IscsiException.class, e -> {
                        assertThat(e.reason()).isEqualTo(IscsiException.Reason.TIMED_OUT);
                        assertThat(e.mayHaveExecuted()).isFalse();
                    });
        }
    }

    @Test
    void givingUpClosesTheSession() throws Exception {
        try (ServerFixture f = ServerFixture.start(b -> b.defaultTime2Wait(0));
             TcpProxy proxy = new TcpProxy(f.address());
             IscsiSession s = Fixture.initiator().reconnect(2, Duration.ofMillis(50)).build()
                     .login(proxy.address(), IQN)) {
            Fixture.ready(s);
            proxy.refuse(true);
            proxy.cut();
            ServerFixture.await("closed", () -> s.state() == IscsiSession.State.CLOSED);
            assertThat(s.closeCause()).isNotNull();
            assertThatThrownBy(() -> s.execute(0, Cdbs.testUnitReady(), null, null, Fixture.T))
                    .isInstanceOfSatisfying(IscsiException.class,
                            e -> assertThat(e.reason()).isEqualTo(IscsiException.Reason.SESSION_CLOSED));
        }
    }

    @Test
    void noReconnectionWhenTurnedOff() throws Exception {
        try (ServerFixture f = ServerFixture.start();
             TcpProxy proxy = new TcpProxy(f.address());
             IscsiSession s = Fixture.initiator().reconnect(0, Duration.ZERO).build().login(proxy.address(), IQN)) {
            Fixture.ready(s);
            proxy.cut();
            ServerFixture.await("closed", () -> s.state() == IscsiSession.State.CLOSED);
            assertThat(proxy.accepted()).isEqualTo(1);
        }
    }

    @Test
    void keepAliveDetectsASilentTarget() throws Exception {
        try (ServerFixture f = ServerFixture.start(b -> b.defaultTime2Wait(0).nopInInterval(Duration.ZERO));
             TcpProxy proxy = new TcpProxy(f.address());
             IscsiSession s = Fixture.initiator().keepAlive(Duration.ofMillis(100), Duration.ofMillis(300))
                     .reconnect(20, Duration.ofMillis(100)).build().login(proxy.address(), IQN)) {
            Fixture.ready(s);
            Thread.sleep(400); // idle: keep-alives are answered
            assertThat(s.reconnectCount()).isZero();
            proxy.freeze(true);
            ServerFixture.await("dropped", () -> s.state() == IscsiSession.State.RECONNECTING);
            proxy.cut();
            proxy.freeze(false);
            ServerFixture.await("reinstated", () -> s.reconnectCount() == 1 && s.state() == IscsiSession.State.LOGGED_IN);
            Fixture.ready(s);
        }
    }

    @Test
    void targetPingsAreAnswered() throws Exception {
        try (ServerFixture f = ServerFixture.start(b -> b.nopInInterval(Duration.ofMillis(50))
                .nopInTimeout(Duration.ofMillis(500)));
             IscsiSession s = Fixture.initiator().build().login(f.address(), IQN)) {
            Thread.sleep(800);
            assertThat(s.state()).isEqualTo(IscsiSession.State.LOGGED_IN);
            assertThat(s.reconnectCount()).isZero();
            Fixture.ready(s);
        }
    }

    @Test
    void serverShutdownAsksForLogoutAndTheInitiatorLogsOutCleanly() throws Exception {
        ServerFixture f = ServerFixture.start(b -> b.shutdownGracePeriod(Duration.ofSeconds(10)).defaultTime2Wait(0));
        try (IscsiSession s = Fixture.initiator().reconnect(2, Duration.ofMillis(50)).build()
                .login(f.address(), IQN)) {
            Fixture.ready(s);
            long start = System.nanoTime();
            f.server().close(); // Async Message AsyncEvent 1, waits for our logout
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("logged out well inside the grace period").isLessThan(Duration.ofSeconds(5));
            assertThat(f.target().openNexusCount()).isZero();
            ServerFixture.await("gave up reconnecting", () -> s.state() == IscsiSession.State.CLOSED);
        } finally {
            f.close();
        }
    }

    @Test
    void closeWaitsForCommandsInFlightThenLogsOut() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, 1 << 16);
        try (ServerFixture f = ServerFixture.start(b -> { }, e -> { }, dev)) {
            IscsiSession s = Fixture.initiator().build().login(f.address(), IQN);
            Fixture.ready(s);
            dev.hold();
            ScsiTask read = s.submit(0, Cdbs.read10(0, 8), null, ByteBuffer.allocate(4096), Fixture.T);
            ServerFixture.await("read held", () -> dev.heldCount() == 1);
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ignored) {
                    // release now
                }
                dev.release();
            });
            release.start();
            s.close();
            assertThat(read.await(Fixture.T).isGood()).isTrue();
            assertThat(s.state()).isEqualTo(IscsiSession.State.CLOSED);
            ServerFixture.await("session gone", () -> f.server().sessionCount() == 0);
            s.close();
            assertThatThrownBy(() -> s.ping(Fixture.T)).isInstanceOf(IscsiException.class);
        }
    }
}
