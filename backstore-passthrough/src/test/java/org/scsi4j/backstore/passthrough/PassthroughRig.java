package org.scsi4j.backstore.passthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.concurrent.locks.LockSupport;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.core.testing.MemoryBlockDevice;
import org.scsi4j.iscsi.ExportedTarget;
import org.scsi4j.iscsi.IscsiServer;
import org.scsi4j.iscsi.initiator.IscsiInitiator;
import org.scsi4j.iscsi.initiator.IscsiSession;
import org.scsi4j.iscsi.initiator.ScsiResult;

/**
 * Two scsi4j targets on 127.0.0.1: a backend exporting a 1 MiB in-memory disk at LUN 0, and a
 * front target exporting an {@link IscsiLunDevice} of that disk at LUN 0, the device's connection
 * going through a {@link SniffingRelay}. Initiators log in with the scsi4j initiator client.
 * {@link #close()} stops everything and checks that nothing is left: no nexus, no buffer, no
 * command in flight, no thread of the device or of a client session.
 */
final class PassthroughRig implements AutoCloseable {
    static final String BACKEND_IQN = "iqn.2026-11.org.scsi4j:backend";
    static final String FRONT_IQN = "iqn.2026-11.org.scsi4j:front";
    static final String GATEWAY = "iqn.2026-11.org.scsi4j:gateway";
    static final Duration T = Duration.ofSeconds(10);
    static final int BLOCKS = 2048;

    final MemoryBlockDevice disk = new MemoryBlockDevice(512, BLOCKS).completeOnOtherThread(true);
    final ScsiTarget backendTarget;
    final IscsiServer backendServer;
    final SniffingRelay relay;
    final IscsiLunDevice device;
    final ScsiTarget frontTarget;
    final IscsiServer frontServer;
    private final List<IscsiSession> sessions = new ArrayList<>();

    PassthroughRig() throws Exception {
        this(b -> b);
    }

    /** @param device customises the device builder (the relay's address and quick reconnection are set) */
    PassthroughRig(UnaryOperator<IscsiLunDevice.Builder> device) throws Exception {
        backendTarget = ScsiTarget.builder(BACKEND_IQN).logicalUnit(0, LogicalUnitSpec.disk("disk0", disk))
                .taskManagementTimeout(T).build();
        backendServer = serve(BACKEND_IQN, backendTarget);
        relay = new SniffingRelay(backendServer.boundAddress());
        this.device = device.apply(IscsiLunDevice.builder(relay.address(), BACKEND_IQN, 0)
                .initiatorName(GATEWAY)
                .loginTimeout(Duration.ofSeconds(5))
                .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(200))).open();
        frontTarget = ScsiTarget.builder(FRONT_IQN).logicalUnit(0, LogicalUnitSpec.rawDevice("pt0", this.device))
                .taskManagementTimeout(T).build();
        frontServer = serve(FRONT_IQN, frontTarget);
    }

    private static IscsiServer serve(String iqn, ScsiTarget target) {
        return IscsiServer.builder().portal("127.0.0.1", 0).target(ExportedTarget.builder(iqn, target).build())
                .ioLoops(1).build().start();
    }

    /** A session of {@code initiatorName} to the front target (closed with the rig). */
    IscsiSession front(String initiatorName) throws IOException {
        return login(frontServer.boundAddress(), FRONT_IQN, initiatorName);
    }

    /** A session of {@code initiatorName} straight to the backend, bypassing the pass-through. */
    IscsiSession backend(String initiatorName) throws IOException {
        return login(backendServer.boundAddress(), BACKEND_IQN, initiatorName);
    }

    private IscsiSession login(InetSocketAddress portal, String iqn, String initiatorName) throws IOException {
        IscsiSession s = IscsiInitiator.builder(initiatorName).reconnect(0, Duration.ZERO)
                .loginTimeout(Duration.ofSeconds(5)).logoutTimeout(Duration.ofSeconds(2)).build().login(portal, iqn);
        sessions.add(s);
        return s;
    }

    /** TEST UNIT READY until this nexus's unit attentions are consumed. */
    static void ready(IscsiSession s) throws IOException {
        ScsiResult r = null;
        for (int i = 0; i < 4; i++) {
            r = s.execute(0, Cdbs.testUnitReady(), null, null, T);
            if (r.isGood()) {
                return;
            }
        }
        throw new AssertionError("TEST UNIT READY keeps failing: " + r);
    }

    /** Polls (bounded, 10 s) until {@code condition} holds. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    static List<String> threads(String prefix) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(prefix)) {
                names.add(t.getName());
            }
        }
        return names;
    }

    @Override
    public void close() {
        disk.release(); // nothing stays held, whatever the test did
        for (IscsiSession s : sessions) {
            s.close();
        }
        frontServer.close();
        int frontNexuses = frontTarget.openNexusCount();
        frontTarget.close(); // closes the device
        int inFlight = device.commandsInFlight();
        relay.close();
        backendServer.close();
        int backendNexuses = backendTarget.openNexusCount();
        backendTarget.close();
        assertThat(frontNexuses).as("front nexuses left open").isZero();
        assertThat(backendNexuses).as("backend nexuses left open").isZero();
        assertThat(inFlight).as("pass-through commands in flight after close").isZero();
        assertThat(frontTarget.outstandingBuffers()).as("front buffers").isZero();
        assertThat(backendTarget.outstandingBuffers()).as("backend buffers").isZero();
        await("the device and client threads to end", () -> threads("scsi4j-passthrough-iscsi-").isEmpty()
                && threads("scsi4j-initiator-").isEmpty() && threads("scsi4j-iscsi-loop").isEmpty());
    }
}
