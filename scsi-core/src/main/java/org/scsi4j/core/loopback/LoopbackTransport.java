package org.scsi4j.core.loopback;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.spi.transport.ScsiTargetPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process transport: opens I_T nexuses on a target with no network. Owns one dispatcher
 * thread ({@code scsi4j-loopback-<target>}), the owner thread of all its sessions; it parks when
 * idle. Close it before closing the target.
 */
public final class LoopbackTransport implements AutoCloseable {
    /** Relative target port identifier used by {@link #start(ScsiTarget)}. */
    public static final int DEFAULT_RELATIVE_PORT_ID = 0x8000;

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackTransport.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ScsiTargetPort port;
    private final MpscAtomicArrayQueue<Runnable> requests = new MpscAtomicArrayQueue<>(4096);
    private final CopyOnWriteArrayList<LoopbackSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicBoolean completionsPending = new AtomicBoolean();
    private final AtomicInteger sessionCounter = new AtomicInteger();
    private final Thread dispatcher;
    private volatile boolean running = true;

    private LoopbackTransport(ScsiTarget target, int relativePortId) {
        this.port = target.port(relativePortId);
        this.dispatcher = new Thread(this::run, "scsi4j-loopback-" + target.name());
        this.dispatcher.setDaemon(true);
    }

    /** Starts a loopback transport on the target's port {@link #DEFAULT_RELATIVE_PORT_ID}. */
    public static LoopbackTransport start(ScsiTarget target) {
        return start(target, DEFAULT_RELATIVE_PORT_ID);
    }

    public static LoopbackTransport start(ScsiTarget target, int relativePortId) {
        LoopbackTransport t = new LoopbackTransport(Objects.requireNonNull(target, "target"), relativePortId);
        t.dispatcher.start();
        return t;
    }

    /** Opens a new I_T nexus for an initiator of that name (each call is a new initiator port). */
    public LoopbackSession login(String initiatorName) {
        Objects.requireNonNull(initiatorName, "initiatorName");
        LoopbackSession s = new LoopbackSession(this, port, initiatorName, sessionCounter.incrementAndGet());
        s.open();
        sessions.add(s);
        return s;
    }

    /** Runs {@code r} on the dispatcher thread. */
    void execute(Runnable r) {
        if (!running) {
            throw new IllegalStateException("loopback transport is closed");
        }
        while (!requests.offer(r)) {
            Thread.onSpinWait();
            LockSupport.unpark(dispatcher);
        }
        LockSupport.unpark(dispatcher);
    }

    boolean onDispatcher() {
        return Thread.currentThread() == dispatcher;
    }

    void completionsPending() {
        completionsPending.set(true);
        LockSupport.unpark(dispatcher);
    }

    void sessionClosed(LoopbackSession s) {
        sessions.remove(s);
    }

    private void run() {
        while (running || !requests.isEmpty()) {
            int work = requests.drain(this::runSafely, 256);
            if (completionsPending.getAndSet(false)) {
                for (LoopbackSession s : sessions) {
                    work += s.processCompletionsIfWoken();
                }
            }
            if (work == 0 && running) {
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            }
        }
    }

    private void runSafely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("loopback request failed", e);
        }
    }

    /** Closes every session (I_T nexus loss for tasks still running) and stops the thread. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        for (LoopbackSession s : sessions) {
            s.close();
        }
        running = false;
        LockSupport.unpark(dispatcher);
        try {
            dispatcher.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (dispatcher.isAlive()) {
            LOG.warn("loopback dispatcher did not stop within 10 s");
        }
    }

    /** Whether the dispatcher thread is still running (tests assert false after close). */
    public boolean isAlive() {
        return dispatcher.isAlive();
    }
}
