package org.scsi4j.iscsi.initiator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;
import org.scsi4j.iscsi.ChapCredentials;
import org.scsi4j.iscsi.internal.pdu.PduFramer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns a session's socket ("scsi4j-initiator-N"): a {@link Selector} loop
 * that connects, logs in, runs full feature phase ({@link FullFeature}, {@link Receiver}),
 * logs out, and after a dropped connection logs in again with the same ISID and TSIH 0 —
 * session reinstatement (RFC 7143 §6.3.5), so the target ends the old session's tasks before
 * the new session accepts commands.
 *
 * <p>{@link Lifecycle} holds the phases and their transitions; this class is the thread, the
 * selector, the hand-over queue and the dispatch of what the socket delivers.
 *
 * <p>Other threads talk to it only through {@link #submit(Object)}: a lock-free MPSC queue of
 * tasks (and rare {@link Runnable}s: close, interrupt-abort), followed by
 * {@link Selector#wakeup()}. Completion goes back through each task's volatile {@code done}
 * flag plus {@code LockSupport.unpark}, or a {@link CompletableFuture}.
 *
 */
final class SessionLoop implements Runnable {
    static final Logger LOG = LoggerFactory.getLogger("org.scsi4j.iscsi.initiator");
    private static final AtomicInteger THREADS = new AtomicInteger();

    final IscsiInitiator config;
    final String targetName;
    final long isid;
    final TaskTable table;
    final FullFeature ff;
    final Thread thread;
    final Lifecycle lifecycle;
    private final Receiver receiver;
    private final MpscAtomicArrayQueue<Object> queue;
    private final Selector selector;
    private final CompletableFuture<SessionParameters> firstLogin = new CompletableFuture<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Object terminationLock = new Object();
    private final java.util.function.Consumer<SelectionKey> keyHandler = this::onKey;
    private final InetSocketAddress portal;

    volatile IscsiSession.State state = IscsiSession.State.RECONNECTING;
    volatile SessionParameters parameters;
    volatile IscsiException closeCause;
    volatile boolean closing;
    private volatile boolean dead;
    private volatile int reconnects;

    /** System.nanoTime() of the current loop iteration (loop thread only). */
    long now;

    SessionLoop(IscsiInitiator config, InetSocketAddress portal, String targetName, ChapCredentials chap,
                ChapCredentials mutual, long isid) throws IOException {
        this.config = config;
        this.portal = portal;
        this.targetName = targetName;
        this.isid = isid;
        this.table = new TaskTable(targetName == null ? 1 : config.queueDepth());
        this.ff = new FullFeature(this, table);
        this.queue = new MpscAtomicArrayQueue<>(2 * table.size() + 64);
        this.selector = Selector.open();
        this.thread = new Thread(this, "scsi4j-initiator-" + THREADS.incrementAndGet());
        this.thread.setDaemon(true);
        this.lifecycle = new Lifecycle(this, portal, new LoginDriver(config, targetName, chap, mutual, isid, who()),
                selector);
        this.receiver = new Receiver(ff, lifecycle);
    }

    String who() {
        InetSocketAddress a = lifecycle == null ? portal : lifecycle.home();
        return (targetName == null ? "discovery" : targetName) + " at " + a.getHostString() + ":" + a.getPort();
    }

    // ---------------------------------------------------------------- other threads

    /** Starts the thread and waits for the first login; on failure the thread has ended. */
    SessionParameters start(long timeoutNanos) throws IscsiException {
        thread.start();
        try {
            return firstLogin.get(timeoutNanos + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IscsiException ie ? ie
                    : new LoginException("login to " + who() + " failed", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            close(TimeUnit.SECONDS.toNanos(1));
            throw new LoginException("login to " + who() + " did not finish", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(TimeUnit.SECONDS.toNanos(1));
            throw new LoginException("interrupted while logging in to " + who(), e);
        }
    }

    /**
     * Hands a {@link Task} or {@link Runnable} to the loop.
     *
     * @return false when the loop has ended (a task was then failed here)
     */
    boolean submit(Object item) {
        if (dead) {
            return false;
        }
        while (!queue.offer(item)) {
            Thread.onSpinWait();
        }
        selector.wakeup();
        if (dead) {
            synchronized (terminationLock) {
                drainAfterTermination();
            }
        }
        return true;
    }

    /** Asks for a logout and waits (bounded) for the thread to end. Idempotent. */
    void close(long waitNanos) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("close() from the session's own I/O thread (a completion callback)");
        }
        closing = true;
        if (!dead) {
            submit((Runnable) lifecycle::requestClose);
        }
        try {
            if (!terminated.await(waitNanos, TimeUnit.NANOSECONDS)) {
                LOG.warn("iSCSI session to {} did not close in time; closing its selector", who());
                selector.close();
                terminated.await(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("closing the selector of {}", who(), e);
        }
    }

    int reconnects() {
        return reconnects;
    }

    // ---------------------------------------------------------------- the loop

    @Override
    public void run() {
        try {
            now = System.nanoTime();
            lifecycle.connect();
            while (lifecycle.phase() != Lifecycle.Phase.CLOSED) {
                now = System.nanoTime();
                drain();
                lifecycle.timers(now);
                ff.deadlines(now);
                Lifecycle.Phase phase = lifecycle.phase();
                if (phase == Lifecycle.Phase.FULL_FEATURE || phase == Lifecycle.Phase.LOGGING_OUT) {
                    ff.sendWork(phase == Lifecycle.Phase.FULL_FEATURE);
                }
                flush();
                if (lifecycle.phase() == Lifecycle.Phase.CLOSED) {
                    break;
                }
                long next = FullFeature.earlier(ff.nextDeadline(), lifecycle.nextWake());
                if (queue.isEmpty()) {
                    long ms = next == FullFeature.NONE ? 0 : Math.max(1, (next - now + 999_999) / 1_000_000);
                    selector.select(keyHandler, ms);
                } else {
                    selector.selectNow(keyHandler);
                }
            }
        } catch (Throwable e) {
            LOG.error("iSCSI initiator I/O loop of {} failed", who(), e);
            if (closeCause == null) {
                closeCause = new IscsiException(IscsiException.Reason.SESSION_CLOSED, true,
                        "the I/O loop of " + who() + " failed: " + e, e);
            }
        } finally {
            terminate();
        }
    }

    private void onKey(SelectionKey key) {
        if (key != lifecycle.key() || !key.isValid()) {
            return;
        }
        now = System.nanoTime();
        try {
            if (key.isConnectable()) {
                lifecycle.finishConnect();
                return;
            }
            if (key.isReadable()) {
                readAll();
            }
            PduChannel ch = lifecycle.channel();
            if (ch != null && key.isValid() && key.isWritable()) {
                ch.flush();
            }
        } catch (IOException e) {
            lifecycle.connectionError(e);
        }
    }

    private void drain() {
        Object item;
        while ((item = queue.poll()) != null) {
            if (item instanceof Task t) {
                if (lifecycle.closeRequested() || lifecycle.phase() == Lifecycle.Phase.CLOSED) {
                    ff.fail(t, lifecycle.closedException(false));
                } else {
                    ff.accept(t);
                }
            } else {
                ((Runnable) item).run();
            }
        }
    }

    private void flush() {
        PduChannel ch = lifecycle.channel();
        if (ch != null && ch.hasPendingOutput()) {
            try {
                ch.flush();
            } catch (IOException e) {
                lifecycle.connectionError(e);
            }
        }
    }

    private void readAll() throws IOException {
        PduChannel c = lifecycle.channel();
        for (int i = 0; i < 16 && lifecycle.channel() == c; i++) {
            int n = c.read();
            if (n < 0) {
                lifecycle.drop("the target closed the connection", null);
                return;
            }
            if (n == 0) {
                return;
            }
            lifecycle.received(now);
            while (lifecycle.channel() == c) {
                PduFramer.Outcome outcome = c.frame();
                if (outcome == PduFramer.Outcome.NEED_MORE) {
                    break;
                }
                if (outcome != PduFramer.Outcome.PDU_READY) {
                    lifecycle.protocolError("framing: " + outcome);
                    return;
                }
                PduFramer f = c.framer;
                try {
                    if (lifecycle.phase() == Lifecycle.Phase.LOGIN) {
                        lifecycle.onLoginPdu(c.rx(), f.headerOffset(), f.dataOffset(), f.dataSegmentLength());
                    } else {
                        receiver.dispatch(c.rx(), f.headerOffset(), f.dataOffset(), f.dataSegmentLength());
                    }
                } catch (RuntimeException e) {
                    LOG.debug("malformed PDU from {}", who(), e);
                    lifecycle.protocolError("malformed PDU: " + e);
                    return;
                }
                if (lifecycle.channel() == c) {
                    c.consume();
                }
            }
        }
    }

    /** The first login succeeded (loop thread). */
    void loggedIn(SessionParameters p) {
        firstLogin.complete(p);
    }

    /** The first login failed; the loop ends (loop thread). */
    void loginFailed(IscsiException e) {
        firstLogin.completeExceptionally(e);
    }

    void reconnected() {
        reconnects++;
    }

    private void terminate() {
        dead = true;
        closing = true;
        state = IscsiSession.State.CLOSED;
        try {
            IscsiException e = lifecycle.closedException(false);
            lifecycle.finish(e);
            synchronized (terminationLock) {
                drainAfterTermination();
            }
            firstLogin.completeExceptionally(closeCause != null ? closeCause : e);
            selector.close();
        } catch (Throwable t) {
            LOG.error("closing the iSCSI session to {}", who(), t);
        } finally {
            terminated.countDown();
        }
    }

    private void drainAfterTermination() {
        Object item;
        while ((item = queue.poll()) != null) {
            if (item instanceof Task t) {
                ff.fail(t, lifecycle.closedException(false));
            }
        }
    }

    /** Completes an asynchronous command's future (loop thread, or a submitter after the end). */
    void completeFuture(Task t) {
        CompletableFuture<ScsiResult> f = t.future;
        IscsiException e = t.failure;
        ScsiResult r = e == null ? t.resultInto(new ScsiResult()) : null;
        t.done = true;
        table.release(t);
        if (e != null) {
            f.completeExceptionally(e);
        } else {
            f.complete(r);
        }
    }
}
