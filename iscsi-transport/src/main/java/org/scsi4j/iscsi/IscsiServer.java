package org.scsi4j.iscsi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.scsi4j.iscsi.internal.auth.AuthSettings;
import org.scsi4j.iscsi.internal.loop.Acceptor;
import org.scsi4j.iscsi.internal.loop.IoLoop;
import org.scsi4j.iscsi.internal.login.LoginHandler;
import org.scsi4j.iscsi.internal.server.ServerContext;
import org.scsi4j.iscsi.internal.server.SessionRegistry;
import org.scsi4j.iscsi.internal.server.TargetEntry;
import org.scsi4j.iscsi.internal.text.TargetSettings;

/**
 * An iSCSI target server (RFC 7143, ErrorRecoveryLevel 0, one connection per session): listens
 * on one or more portals and exports {@link ExportedTarget}s to initiators such as Linux
 * open-iscsi, libiscsi and QEMU.
 *
 * <pre>{@code
 * try (IscsiServer server = IscsiServer.builder()
 *         .portal("127.0.0.1", 3260)
 *         .target(ExportedTarget.builder("iqn.2026-11.org.example:disks", scsiTarget).build())
 *         .build()
 *         .start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Threading: {@link Builder#ioLoops(int)} I/O loops ("scsi4j-iscsi-loop-N", agrona agents
 * blocking in {@code Selector.select} when idle), each owning its connections and the I_T
 * nexuses of their sessions. Loop 0 also accepts connections. {@link #close()} asks every
 * session to log out (Async Message, AsyncEvent 1), waits up to the shutdown grace period,
 * then closes what is left (I_T nexus loss for their tasks) and stops the loops. Close the
 * server before the {@code ScsiTarget}s it exports. Thread-safe.
 */
public final class IscsiServer implements AutoCloseable {
    private final Builder config;
    private final ServerContext ctx;
    private final List<InetSocketAddress> bound = new ArrayList<>();
    private IoLoop[] loops;
    private AgentRunner[] runners;
    private Acceptor acceptor;
    private boolean started;
    private boolean closed;

    private IscsiServer(Builder b, ServerContext ctx) {
        this.config = b;
        this.ctx = ctx;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the portals and starts the I/O loops.
     *
     * @return this
     * @throws UncheckedIOException when a portal cannot be bound (nothing is left running)
     */
    public synchronized IscsiServer start() {
        if (started) {
            throw new IllegalStateException("server already started");
        }
        started = true;
        try {
            loops = new IoLoop[config.ioLoops];
            for (int i = 0; i < loops.length; i++) {
                loops[i] = new IoLoop(i, ctx, LoginHandler::new);
            }
            acceptor = new Acceptor(loops[0], loops, ctx);
            for (InetSocketAddress portal : config.portals) {
                bound.add(acceptor.bind(portal, config.backlog));
            }
        } catch (IOException e) {
            if (acceptor != null) {
                acceptor.close();
            }
            for (IoLoop l : loops) {
                if (l != null) {
                    l.onClose();
                }
            }
            closed = true;
            throw new UncheckedIOException("cannot start iSCSI server: " + e.getMessage(), e);
        }
        ctx.portals(bound);
        runners = new AgentRunner[loops.length];
        for (int i = 0; i < loops.length; i++) {
            runners[i] = new AgentRunner(new NoOpIdleStrategy(),
                    t -> ServerContext.log().error("iSCSI I/O loop error", t), null, loops[i]);
            AgentRunner.startOnThread(runners[i], r -> {
                Thread t = new Thread(r);
                t.setDaemon(true);
                return t;
            });
        }
        ServerContext.log().info("iSCSI server started: {} portal(s) {}, {} target(s), {} I/O loop(s)",
                bound.size(), bound, config.targets.size(), loops.length);
        return this;
    }

    /** @return the addresses the portals are bound to (port 0 resolved), in the order given */
    public synchronized List<InetSocketAddress> boundAddresses() {
        return List.copyOf(bound);
    }

    /** @return the first bound portal (convenience for tests and single-portal servers) */
    public InetSocketAddress boundAddress() {
        List<InetSocketAddress> b = boundAddresses();
        if (b.isEmpty()) {
            throw new IllegalStateException("server not started");
        }
        return b.get(0);
    }

    /** @return sessions in full feature phase (and logins completing) */
    public int sessionCount() {
        return ctx.registry().size();
    }

    /** @return open TCP connections, logged in or not */
    public int connectionCount() {
        return ctx.liveConnections();
    }

    /**
     * Asks every session to log out, waits up to the shutdown grace period, closes the rest and
     * stops the I/O loops. Idempotent.
     */
    @Override
    public void close() {
        if (Thread.currentThread().getName().startsWith("scsi4j-iscsi-loop-")) {
            throw new IllegalStateException("close() waits for the I/O loops; call it from another thread");
        }
        synchronized (this) {
            if (!started || closed) {
                closed = true;
                return;
            }
            closed = true;
        }
        loops[0].execute(acceptor::close);
        for (SessionRegistry.Entry e : ctx.registry().snapshot()) {
            e.requestLogout();
        }
        for (IoLoop l : loops) {
            l.execute(() -> l.closeLoginConnections("server shutting down"));
        }
        boolean clean;
        try {
            clean = ctx.awaitNoConnections(config.shutdownGracePeriod.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clean = false;
        }
        for (int i = 0; i < loops.length; i++) {
            loops[i].stopping();
            runners[i].close();
        }
        ServerContext.log().info("iSCSI server on {} stopped{}", bound,
                clean ? "" : " (sessions that did not log out in time were closed)");
    }

    /**
     * Builds an {@link IscsiServer}; {@link #build()} validates every setting once and names the
     * bad one.
     */
    public static final class Builder {
        private final List<InetSocketAddress> portals = new ArrayList<>();
        private final List<ExportedTarget> targets = new ArrayList<>();
        private ChapCredentials discoveryChap;
        private ChapCredentials discoveryMutualChap;
        private int maxSessions = 64;
        private int ioLoops = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors() / 2));
        private int maxConnectionsInLogin = 256;
        private int backlog = 256;
        private int maxRecvDataSegmentLength = 262144;
        private int maxBurstLength = 262144;
        private int firstBurstLength = 65536;
        private boolean immediateData = true;
        private boolean initialR2T = false;
        private int maxOutstandingR2T = 1;
        private int defaultTime2Wait = 2;
        private List<Digest> headerDigests = List.of(Digest.NONE, Digest.CRC32C);
        private List<Digest> dataDigests = List.of(Digest.NONE, Digest.CRC32C);
        private Duration nopInInterval = Duration.ofSeconds(10);
        private Duration nopInTimeout = Duration.ofSeconds(15);
        private Duration loginTimeout = Duration.ofSeconds(15);
        private Duration shutdownGracePeriod = Duration.ofSeconds(2);
        private NanoClock clock = new SystemNanoClock();

        private Builder() {
        }

        /** Listens on {@code host:port}; port 0 picks a free port (see {@link #boundAddresses()}). */
        public Builder portal(String host, int port) {
            return portal(new InetSocketAddress(Objects.requireNonNull(host, "host"), port));
        }

        public Builder portal(InetSocketAddress address) {
            portals.add(Objects.requireNonNull(address, "address"));
            return this;
        }

        /** Exports a target node. */
        public Builder target(ExportedTarget target) {
            targets.add(Objects.requireNonNull(target, "target"));
            return this;
        }

        /** Requires CHAP for Discovery sessions (default: none). */
        public Builder discoveryChap(ChapCredentials credentials) {
            this.discoveryChap = credentials;
            return this;
        }

        /** Answers mutual CHAP in Discovery sessions with these credentials. */
        public Builder discoveryMutualChap(ChapCredentials credentials) {
            this.discoveryMutualChap = credentials;
            return this;
        }

        /** Sessions (Normal and Discovery) at once, 1..65535 (default 64). */
        public Builder maxSessions(int n) {
            this.maxSessions = n;
            return this;
        }

        /** I/O loop threads, 1..64 (default: half the processors, at least 1, at most 8). */
        public Builder ioLoops(int n) {
            this.ioLoops = n;
            return this;
        }

        /** Connections that may be logging in at once; more are closed on accept (default 256). */
        public Builder maxConnectionsInLogin(int n) {
            this.maxConnectionsInLogin = n;
            return this;
        }

        /** Our MaxRecvDataSegmentLength, 512..16777215 (default 262144, RFC 7143 §13.12). */
        public Builder maxRecvDataSegmentLength(int bytes) {
            this.maxRecvDataSegmentLength = bytes;
            return this;
        }

        /** MaxBurstLength offered, 512..16777215 (default 262144, §13.13). */
        public Builder maxBurstLength(int bytes) {
            this.maxBurstLength = bytes;
            return this;
        }

        /** FirstBurstLength offered, 512..maxBurstLength (default 65536, §13.14). */
        public Builder firstBurstLength(int bytes) {
            this.firstBurstLength = bytes;
            return this;
        }

        /** ImmediateData accepted (default Yes, §13.11). */
        public Builder immediateData(boolean yes) {
            this.immediateData = yes;
            return this;
        }

        /** InitialR2T wanted (default No: unsolicited data allowed, §13.10). */
        public Builder initialR2T(boolean yes) {
            this.initialR2T = yes;
            return this;
        }

        /** MaxOutstandingR2T, 1..65535 (default 1, §13.17). */
        public Builder maxOutstandingR2T(int n) {
            this.maxOutstandingR2T = n;
            return this;
        }

        /** DefaultTime2Wait in seconds, 0..3600 (default 2, §13.15). */
        public Builder defaultTime2Wait(int seconds) {
            this.defaultTime2Wait = seconds;
            return this;
        }

        /** HeaderDigest values allowed, in the target's order of preference (default None, CRC32C). */
        public Builder headerDigests(Digest... digests) {
            this.headerDigests = List.of(digests);
            return this;
        }

        /** DataDigest values allowed, in the target's order of preference (default None, CRC32C). */
        public Builder dataDigests(Digest... digests) {
            this.dataDigests = List.of(digests);
            return this;
        }

        /** Idle time after which the target pings with NOP-In; zero disables (default 10 s). */
        public Builder nopInInterval(Duration interval) {
            this.nopInInterval = Objects.requireNonNull(interval, "nopInInterval");
            return this;
        }

        /** How long a NOP-In ping may go unanswered before the connection is dropped (default 15 s). */
        public Builder nopInTimeout(Duration timeout) {
            this.nopInTimeout = Objects.requireNonNull(timeout, "nopInTimeout");
            return this;
        }

        /** Time a connection has to complete its login (default 15 s). */
        public Builder loginTimeout(Duration timeout) {
            this.loginTimeout = Objects.requireNonNull(timeout, "loginTimeout");
            return this;
        }

        /** How long {@link #close()} waits for sessions to log out (default 2 s). */
        public Builder shutdownGracePeriod(Duration period) {
            this.shutdownGracePeriod = Objects.requireNonNull(period, "shutdownGracePeriod");
            return this;
        }

        /** Validates the settings; start the result with {@link IscsiServer#start()}. */
        public IscsiServer build() {
            if (portals.isEmpty()) {
                throw new IllegalArgumentException("portal: at least one portal is needed");
            }
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("target: at least one target is needed");
            }
            range("maxSessions", maxSessions, 1, 65535);
            range("ioLoops", ioLoops, 1, 64);
            range("maxConnectionsInLogin", maxConnectionsInLogin, 1, 1 << 20);
            range("maxRecvDataSegmentLength", maxRecvDataSegmentLength, 512, (1 << 24) - 1);
            range("maxBurstLength", maxBurstLength, 512, (1 << 24) - 1);
            range("firstBurstLength", firstBurstLength, 512, maxBurstLength);
            range("maxOutstandingR2T", maxOutstandingR2T, 1, 65535);
            range("defaultTime2Wait", defaultTime2Wait, 0, 3600);
            if (headerDigests.isEmpty() || dataDigests.isEmpty()) {
                throw new IllegalArgumentException((headerDigests.isEmpty() ? "headerDigests" : "dataDigests")
                        + ": at least one digest must be allowed");
            }
            positive("nopInTimeout", nopInTimeout, false);
            positive("nopInInterval", nopInInterval, true);
            positive("loginTimeout", loginTimeout, false);
            positive("shutdownGracePeriod", shutdownGracePeriod, true);
            if (discoveryMutualChap != null && discoveryChap == null) {
                throw new IllegalArgumentException("discoveryMutualChap needs discoveryChap");
            }
            Map<String, TargetEntry> entries = new LinkedHashMap<>();
            Map<Object, String> ports = new HashMap<>();
            for (ExportedTarget t : targets) {
                if (entries.containsKey(t.iqn())) {
                    throw new IllegalArgumentException("target: " + t.iqn() + " is exported twice");
                }
                String clash = ports.put(List.of(t.target(), t.relativePortId()), t.iqn());
                if (clash != null) {
                    throw new IllegalArgumentException("target: " + t.iqn() + " and " + clash
                            + " use the same ScsiTarget with relativePortId " + t.relativePortId());
                }
                TargetSettings settings = settings().targetPortalGroupTag(t.portalGroupTag())
                        .targetAlias(t.alias()).build();
                entries.put(t.iqn(), new TargetEntry(t.iqn(), t.target().port(t.relativePortId()), settings,
                        auth(t.chap(), t.mutualChap())));
            }
            ServerContext ctx = new ServerContext(entries, settings().build(), auth(discoveryChap, discoveryMutualChap),
                    maxSessions, maxConnectionsInLogin, loginTimeout.toNanos(), nopInInterval.toNanos(),
                    nopInTimeout.toNanos(), (int) Math.max(1, shutdownGracePeriod.toSeconds()), clock);
            Builder frozen = copy();
            return new IscsiServer(frozen, ctx);
        }

        private TargetSettings.Builder settings() {
            return TargetSettings.builder()
                    .headerDigests(headerDigests.stream().map(Digest::wireValue).toArray(String[]::new))
                    .dataDigests(dataDigests.stream().map(Digest::wireValue).toArray(String[]::new))
                    .maxConnections(1).initialR2T(initialR2T).immediateData(immediateData)
                    .maxRecvDataSegmentLength(maxRecvDataSegmentLength).maxBurstLength(maxBurstLength)
                    .firstBurstLength(firstBurstLength).defaultTime2Wait(defaultTime2Wait).defaultTime2Retain(0)
                    .maxOutstandingR2T(maxOutstandingR2T).dataPduInOrder(true).dataSequenceInOrder(true)
                    .errorRecoveryLevel(0);
        }

        private static AuthSettings auth(ChapCredentials chap, ChapCredentials mutual) {
            if (chap == null) {
                return AuthSettings.none();
            }
            org.scsi4j.iscsi.internal.auth.ChapCredentials initiator =
                    org.scsi4j.iscsi.internal.auth.ChapCredentials.withWeakSecret(chap.name(), chap.secret());
            org.scsi4j.iscsi.internal.auth.ChapCredentials target = mutual == null ? null
                    : org.scsi4j.iscsi.internal.auth.ChapCredentials.withWeakSecret(mutual.name(), mutual.secret());
            String name = chap.name();
            return AuthSettings.chap(n -> name.equals(n) ? initiator : null, target);
        }

        private Builder copy() {
            Builder b = new Builder();
            b.portals.addAll(portals);
            b.targets.addAll(targets);
            b.ioLoops = ioLoops;
            b.backlog = backlog;
            b.shutdownGracePeriod = shutdownGracePeriod;
            return b;
        }

        private static void range(String name, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", was " + value);
            }
        }

        private static void positive(String name, Duration d, boolean zeroAllowed) {
            if (d.isNegative() || (!zeroAllowed && d.isZero())) {
                throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? "zero or more" : "positive")
                        + ", was " + d);
            }
        }
    }
}
