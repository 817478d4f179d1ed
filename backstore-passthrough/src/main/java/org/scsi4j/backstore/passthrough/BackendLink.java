package org.scsi4j.backstore.passthrough;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.scsi4j.iscsi.initiator.IscsiException;
import org.scsi4j.iscsi.initiator.IscsiInitiator;
import org.scsi4j.iscsi.initiator.IscsiSession;
import org.scsi4j.iscsi.initiator.ScsiResult;
import org.scsi4j.iscsi.initiator.ScsiTask;
import org.scsi4j.iscsi.initiator.TaskManagementResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link IscsiLunDevice}'s connection to its backend LUN: the current session, logging in
 * (and clearing the new nexus's unit attentions before any forwarded command can meet them),
 * logging in again after a loss with a growing delay, and the task management functions — all of
 * which block, so they run on one thread of its own, "scsi4j-passthrough-iscsi-N", started here and
 * stopped by {@link #close()}.
 *
 * <p>The session is built without the client's own reconnection: a reinstated session would send
 * its queued commands straight away, before anyone could clear the unit attention the backend
 * sets on a new nexus, and that unit attention would land on whichever front initiator sent the
 * next command.
 */
final class BackendLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IscsiLunDevice.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Enough to drain a backend's queued unit attentions (power on, reset, parameters changed, ...). */
    private static final int UNIT_ATTENTION_ROUNDS = 16;
    private static final int UNIT_ATTENTION = 0x06;
    private static final byte[] TEST_UNIT_READY = new byte[6];

    final String who;
    private final IscsiInitiator initiator;
    private final InetSocketAddress portal;
    private final String targetName;
    private final int lun;
    private final Duration taskManagementTimeout;
    private final Duration loginTimeout;
    private final long reconnectDelayNanos;
    private final long maxReconnectDelayNanos;
    private final ScheduledThreadPoolExecutor worker;
    private final AtomicBoolean reconnectQueued = new AtomicBoolean();
    private final AtomicInteger resetsForwarded = new AtomicInteger();
    private volatile IscsiSession session;
    private volatile boolean closed;
    private volatile int reconnects;
    private long nextDelayNanos;        // worker thread only
    private int failedAttempts;         // worker thread only

    BackendLink(IscsiInitiator initiator, InetSocketAddress portal, String targetName, int lun,
                Duration taskManagementTimeout, Duration loginTimeout, Duration reconnectDelay,
                Duration maxReconnectDelay) {
        this.initiator = initiator;
        this.portal = portal;
        this.targetName = targetName;
        this.lun = lun;
        this.taskManagementTimeout = taskManagementTimeout;
        this.loginTimeout = loginTimeout;
        this.reconnectDelayNanos = reconnectDelay.toNanos();
        this.maxReconnectDelayNanos = maxReconnectDelay.toNanos();
        this.nextDelayNanos = reconnectDelayNanos;
        String host = portal.getHostString();
        this.who = "iscsi://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + portal.getPort() + "/"
                + targetName + "/" + lun;
        worker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "scsi4j-passthrough-iscsi-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        worker.setRemoveOnCancelPolicy(true);
        worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Opening thread: the first login; then a once-a-second check for a session that died idle. */
    IscsiSession open() throws IOException {
        IscsiSession s = login();
        session = s;
        worker.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
        return s;
    }

    /** @return the logged-in session, or null while there is none (connection lost, closed) */
    IscsiSession session() {
        IscsiSession s = session;
        return s == null || s.state() == IscsiSession.State.CLOSED ? null : s;
    }

    boolean isConnected() {
        IscsiSession s = session;
        return s != null && s.state() == IscsiSession.State.LOGGED_IN;
    }

    int reconnects() {
        return reconnects;
    }

    int resetsForwarded() {
        return resetsForwarded.get();
    }

    /** Any thread: ABORT TASK for {@code task}, on the worker. */
    void abort(ScsiTask task) {
        onWorker(() -> {
            if (task.isDone()) {
                return;
            }
            try {
                TaskManagementResponse r = task.abort(taskManagementTimeout);
                LOG.debug("ABORT TASK for {} on {}: {}", task, who, r);
            } catch (IOException e) {
                // an unanswered abort drops the connection, which fails the command: it completes anyway
                LOG.debug("ABORT TASK for {} on {} failed: {}", task, who, e.getMessage());
            }
        });
    }

    /** Any thread: LOGICAL UNIT RESET to the backend, on the worker, then its unit attention cleared. */
    void resetLogicalUnit() {
        onWorker(() -> {
            IscsiSession s = session();
            if (s == null) {
                return; // not connected: the next login clears the new nexus anyway
            }
            try {
                TaskManagementResponse r = s.logicalUnitReset(lun, taskManagementTimeout);
                LOG.info("LOGICAL UNIT RESET forwarded to {}: {}", who, r);
                // the reset left a unit attention on our nexus of the backend; the core has raised its
                // own on every front nexus, so this one must not reach a single front initiator
                clearUnitAttentions(s);
                resetsForwarded.incrementAndGet();
            } catch (IOException e) {
                LOG.warn("LOGICAL UNIT RESET to {} failed: {}", who, e.getMessage());
            }
        });
    }

    /** Any thread, never blocks: the session is gone, log in again (once, however many ask). */
    void requestReconnect() {
        if (!closed && reconnectQueued.compareAndSet(false, true)) {
            try {
                worker.execute(this::reconnect);
            } catch (RejectedExecutionException e) {
                reconnectQueued.set(false);
            }
        }
    }

    private void onWorker(Runnable r) {
        if (closed) {
            return;
        }
        try {
            worker.execute(r);
        } catch (RejectedExecutionException e) {
            // closing: the session's close completes what is in flight
        }
    }

    /** Worker: replaces a closed session by a new one, retrying with a growing delay. */
    private void reconnect() {
        if (closed) {
            return;
        }
        IscsiSession old = session;
        if (old != null && old.state() != IscsiSession.State.CLOSED) {
            reconnectQueued.set(false); // a stale request: the session is fine
            return;
        }
        if (old != null) {
            session = null;
            IscsiException cause = old.closeCause();
            LOG.warn("connection to {} lost{}; logging in again", who,
                    cause != null ? " (" + cause.getMessage() + ")" : "");
            old.close(); // closed already: this only releases its thread
        }
        try {
            IscsiSession s = login();
            if (closed) {
                s.close();
                return;
            }
            session = s;
            reconnects++;
            LOG.info("logged in to {} again after {} failed attempt(s)", who, failedAttempts);
            failedAttempts = 0;
            nextDelayNanos = reconnectDelayNanos;
            reconnectQueued.set(false);
        } catch (IOException | RuntimeException e) {
            failedAttempts++;
            if (Integer.bitCount(failedAttempts) == 1) { // attempts 1, 2, 4, 8, ...: a counter, not a flood
                LOG.warn("cannot log in to {} again (attempt {}, next in {} ms): {}", who, failedAttempts,
                        TimeUnit.NANOSECONDS.toMillis(nextDelayNanos), e.getMessage());
            }
            try {
                worker.schedule(this::reconnect, nextDelayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closing) {
                return;
            }
            nextDelayNanos = Math.min(nextDelayNanos * 2, maxReconnectDelayNanos);
        }
    }

    /** Worker: notices a session that died while idle, so that reconnection does not wait for a command. */
    private void watch() {
        IscsiSession s = session;
        if (s != null && s.state() == IscsiSession.State.CLOSED) {
            requestReconnect();
        }
    }

    /** Logs in and clears the new nexus's unit attentions (opening thread or worker). */
    private IscsiSession login() throws IOException {
        IscsiSession s;
        try {
            s = initiator.login(portal, targetName);
        } catch (IOException e) {
            throw new IOException("cannot log in to " + who + ": " + e.getMessage(), e);
        }
        try {
            clearUnitAttentions(s);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** TEST UNIT READY until the backend reports no unit attention to this nexus (bounded). */
    private void clearUnitAttentions(IscsiSession s) throws IOException {
        ScsiResult r = new ScsiResult();
        for (int i = 0; i < UNIT_ATTENTION_ROUNDS; i++) {
            s.execute(lun, TEST_UNIT_READY, null, null, taskManagementTimeout, r);
            if (r.status() != BackendFailures.CHECK_CONDITION || r.senseKey() != UNIT_ATTENTION) {
                return;
            }
            LOG.debug("{}: cleared backend unit attention {}/{}", who,
                    Integer.toHexString(r.additionalSenseCode()), Integer.toHexString(r.additionalSenseCodeQualifier()));
        }
        LOG.warn("{}: still reports a unit attention after {} TEST UNIT READY; the next one goes to an initiator",
                who, UNIT_ATTENTION_ROUNDS);
    }

    /**
     * Stops the worker (bounded by the longest blocking step it may be in: a login or a task
     * management function), then logs out after the commands in flight (bounded by the client).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        worker.shutdownNow();
        try {
            long bound = loginTimeout.toNanos() + taskManagementTimeout.toNanos() + TimeUnit.SECONDS.toNanos(5);
            if (!worker.awaitTermination(bound, TimeUnit.NANOSECONDS)) {
                LOG.warn("the worker thread of {} did not stop in time", who);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IscsiSession s = session;
        session = null;
        if (s != null) {
            s.close(); // the futures of the commands in flight complete them
        }
    }
}
