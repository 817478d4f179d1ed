package org.scsi4j.iscsi.internal.server;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.NanoClock;
import org.scsi4j.iscsi.internal.auth.AuthSettings;
import org.scsi4j.iscsi.internal.text.SessionType;
import org.scsi4j.iscsi.internal.text.TargetResolver;
import org.scsi4j.iscsi.internal.text.TargetSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validated configuration and shared state of one server, handed to every I/O loop and
 * connection. Configuration fields are final and immutable; the counters are atomics; the bound
 * portal list is set once after binding, before any connection is accepted.
 */
public final class ServerContext implements TargetResolver {
    private static final Logger LOG = LoggerFactory.getLogger("org.scsi4j.iscsi");

    private final Map<String, TargetEntry> targets;
    private final TargetSettings discoverySettings;
    private final AuthSettings discoveryAuth;
    private final int maxConnectionsInLogin;
    private final long loginTimeoutNanos;
    private final long nopInIntervalNanos;
    private final long nopInTimeoutNanos;
    private final int logoutWaitSeconds;
    private final NanoClock clock;
    private final SessionRegistry registry;
    private final ErrorLog errors = new ErrorLog(LOG);
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger liveConnections = new AtomicInteger();
    private final AtomicInteger connectionsInLogin = new AtomicInteger();
    private final Object idleMonitor = new Object();
    private volatile List<InetSocketAddress> portals = List.of();

    public ServerContext(Map<String, TargetEntry> targets, TargetSettings discoverySettings,
                         AuthSettings discoveryAuth, int maxSessions, int maxConnectionsInLogin,
                         long loginTimeoutNanos, long nopInIntervalNanos, long nopInTimeoutNanos,
                         int logoutWaitSeconds, NanoClock clock) {
        this.targets = Map.copyOf(targets);
        this.discoverySettings = discoverySettings;
        this.discoveryAuth = discoveryAuth;
        this.maxConnectionsInLogin = maxConnectionsInLogin;
        this.loginTimeoutNanos = loginTimeoutNanos;
        this.nopInIntervalNanos = nopInIntervalNanos;
        this.nopInTimeoutNanos = nopInTimeoutNanos;
        this.logoutWaitSeconds = logoutWaitSeconds;
        this.clock = clock;
        this.registry = new SessionRegistry(maxSessions);
    }

    public static Logger log() {
        return LOG;
    }

    /** @return the target named {@code iqn}, or null */
    public TargetEntry target(String iqn) {
        return iqn == null ? null : targets.get(iqn);
    }

    public Iterable<TargetEntry> targets() {
        return targets.values();
    }

    /** {@link TargetResolver} for the login negotiator: Normal sessions by name, Discovery always. */
    @Override
    public TargetSettings resolve(String initiatorName, SessionType sessionType, String targetName) {
        if (sessionType == SessionType.DISCOVERY) {
            return discoverySettings;
        }
        TargetEntry e = target(targetName);
        return e == null ? null : e.settings();
    }

    public AuthSettings discoveryAuth() {
        return discoveryAuth;
    }

    public int maxConnectionsInLogin() {
        return maxConnectionsInLogin;
    }

    public long loginTimeoutNanos() {
        return loginTimeoutNanos;
    }

    /** @return idle time after which a NOP-In ping is sent; 0 = never */
    public long nopInIntervalNanos() {
        return nopInIntervalNanos;
    }

    public long nopInTimeoutNanos() {
        return nopInTimeoutNanos;
    }

    /** @return Parameter3 of the Async Message "logout requested" sent at shutdown (seconds) */
    public int logoutWaitSeconds() {
        return logoutWaitSeconds;
    }

    public NanoClock clock() {
        return clock;
    }

    public SessionRegistry registry() {
        return registry;
    }

    public ErrorLog errors() {
        return errors;
    }

    public SecureRandom random() {
        return random;
    }

    public List<InetSocketAddress> portals() {
        return portals;
    }

    public void portals(List<InetSocketAddress> bound) {
        this.portals = List.copyOf(bound);
    }

    // ---------------------------------------------------------------- connection accounting

    /** A connection was accepted; false when too many are still logging in (refuse it). */
    public boolean connectionOpened() {
        if (connectionsInLogin.incrementAndGet() > maxConnectionsInLogin) {
            connectionsInLogin.decrementAndGet();
            return false;
        }
        liveConnections.incrementAndGet();
        return true;
    }

    /** The connection finished its login phase (success or not). */
    public void loginEnded() {
        connectionsInLogin.decrementAndGet();
    }

    public void connectionClosed() {
        if (liveConnections.decrementAndGet() == 0) {
            synchronized (idleMonitor) {
                idleMonitor.notifyAll();
            }
        }
    }

    public int liveConnections() {
        return liveConnections.get();
    }

    /** Waits until no connection is left or the time is up; @return true when none is left. */
    public boolean awaitNoConnections(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (idleMonitor) {
            while (liveConnections.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idleMonitor.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }
}
