package org.scsi4j.iscsi.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.scsi4j.backstore.file.RamBlockDevice;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.spi.device.BlockDevice;
import org.scsi4j.iscsi.ExportedTarget;
import org.scsi4j.iscsi.IscsiServer;

/**
 * A started {@link IscsiServer} on 127.0.0.1 (port 0) exporting one {@link ScsiTarget} for a
 * test, and the leak checks every test ends with: {@link #close()} stops the server, then
 * checks that no I_T nexus is open, no data buffer is outstanding and no I/O loop thread is
 * alive.
 */
public final class ServerFixture implements AutoCloseable {
    public static final String IQN = "iqn.2026-11.org.scsi4j:test";

    private final ScsiTarget target;
    private final IscsiServer server;
    private final List<TestInitiator> initiators = new ArrayList<>();

    private ServerFixture(ScsiTarget target, IscsiServer server) {
        this.target = target;
        this.server = server;
    }

    /** One 64 MiB RAM disk of 512-byte blocks at LUN 0, server defaults. */
    public static ServerFixture start() {
        return start(b -> { }, t -> { });
    }

    public static ServerFixture start(Consumer<IscsiServer.Builder> server) {
        return start(server, t -> { });
    }

    /**
     * @param server customises the server builder (a portal and the target are added already)
     * @param export customises the exported target
     */
    public static ServerFixture start(Consumer<IscsiServer.Builder> server, Consumer<ExportedTarget.Builder> export) {
        return start(server, export, new RamBlockDevice(64L << 20, 512));
    }

    public static ServerFixture start(Consumer<IscsiServer.Builder> server, Consumer<ExportedTarget.Builder> export,
                                      BlockDevice device) {
        return start(server, export, device, t -> { });
    }

    /** @param target customises the SCSI target (tasks per nexus, more LUNs) */
    public static ServerFixture start(Consumer<IscsiServer.Builder> server, Consumer<ExportedTarget.Builder> export,
                                      BlockDevice device, Consumer<ScsiTarget.Builder> target) {
        ScsiTarget.Builder tb = ScsiTarget.builder(IQN).logicalUnit(0, LogicalUnitSpec.disk("lun0", device));
        target.accept(tb);
        ScsiTarget t = tb.build();
        ExportedTarget.Builder e = ExportedTarget.builder(IQN, t);
        export.accept(e);
        IscsiServer.Builder b = IscsiServer.builder().portal("127.0.0.1", 0).target(e.build()).ioLoops(1);
        server.accept(b);
        IscsiServer s;
        try {
            s = b.build().start();
        } catch (RuntimeException ex) {
            t.close();
            throw ex;
        }
        return new ServerFixture(t, s);
    }

    public ScsiTarget target() {
        return target;
    }

    public IscsiServer server() {
        return server;
    }

    public InetSocketAddress address() {
        return server.boundAddress();
    }

    /** A connected, not logged-in initiator (closed with the fixture). */
    public TestInitiator connect() throws IOException {
        TestInitiator i = TestInitiator.connect(address());
        initiators.add(i);
        return i;
    }

    /** A connected initiator logged in to {@link #IQN} with {@code options} (or defaults). */
    public TestInitiator login(LoginOptions options) throws IOException {
        TestInitiator i = connect();
        LoginResult r = i.login(options == null ? LoginOptions.normal(IQN) : options);
        if (!r.success()) {
            throw new IOException("login failed: status 0x" + Integer.toHexString(r.status()) + " " + r.keys());
        }
        return i;
    }

    public TestInitiator login() throws IOException {
        return login(null);
    }

    /** Stops everything and checks nothing leaked. */
    @Override
    public void close() {
        for (TestInitiator i : initiators) {
            try {
                i.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        server.close();
        int nexuses = target.openNexusCount();
        target.close();
        int buffers = target.outstandingBuffers();
        List<String> loops = loopThreads();
        if (nexuses != 0 || buffers != 0 || !loops.isEmpty()) {
            throw new AssertionError("leak after close: " + nexuses + " open nexuses, " + buffers
                    + " outstanding buffers, live threads " + loops);
        }
    }

    /** Waits (polling, bounded) until {@code condition} holds; @throws AssertionError on timeout. */
    public static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    /** Names of live I/O loop threads. */
    public static List<String> loopThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("scsi4j-iscsi-loop")) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
