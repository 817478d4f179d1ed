package org.scsi4j.iscsi.internal.loop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.agrona.concurrent.Agent;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;
import org.scsi4j.iscsi.internal.conn.Connection;
import org.scsi4j.iscsi.internal.conn.ConnectionHost;
import org.scsi4j.iscsi.internal.conn.PduHandler;
import org.scsi4j.iscsi.internal.conn.Selectable;
import org.scsi4j.iscsi.internal.conn.SlotArena;
import org.scsi4j.iscsi.internal.server.ServerContext;

/**
 * One I/O loop: an agrona {@link Agent} owning a {@link Selector} and every connection
 * registered with it. One duty cycle ({@link #doWork()}):
 * <ol>
 *   <li>run requests from other threads ({@link #execute}) and device completions announced
 *       through {@link #completionsPending};</li>
 *   <li>select — blocking up to the next timer when the previous cycle found nothing to do,
 *       without blocking otherwise — and, per ready connection, read everything available and
 *       dispatch every complete PDU;</li>
 *   <li>flush every connection that produced output this cycle: one gathering write each;</li>
 *   <li>every {@value #TIMER_PERIOD_MS} ms, run the connections' timers (login timeout, NOP-In).</li>
 * </ol>
 * The loop thread is the owner thread of the I_T nexuses of its connections. Only
 * {@link #execute}, {@link #completionsPending}, {@link #wakeup()} and {@link #adopt} may be
 * called from other threads.
 */
public final class IoLoop implements Agent, ConnectionHost {
    static final long TIMER_PERIOD_MS = 100;
    private static final long IDLE_SELECT_MS = 1000;

    private final int index;
    private final ServerContext ctx;
    private final Selector selector;
    private final Function<Connection, PduHandler> firstHandler;
    private final MpscUnboundedAtomicArrayQueue<Runnable> commands = new MpscUnboundedAtomicArrayQueue<>(64);
    private final MpscUnboundedAtomicArrayQueue<Connection> woken = new MpscUnboundedAtomicArrayQueue<>(256);
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final ArrayList<Connection> connections = new ArrayList<>();
    private Connection[] dirty = new Connection[64];
    private Connection[] flushing = new Connection[64];
    private int dirtyCount;
    private final LoopBuffers buffers = new LoopBuffers();
    private final Consumer<SelectionKey> onKey = this::onKey;
    private final MessagePassingQueue.Consumer<Connection> runCompletions = Connection::runCompletions;
    private final MessagePassingQueue.Consumer<Runnable> runCommand = this::runCommand;
    private long now;
    private long nextTimer;
    private boolean busy;
    private volatile boolean stopping;
    private volatile Thread thread;

    public IoLoop(int index, ServerContext ctx, Function<Connection, PduHandler> firstHandler) throws IOException {
        this.index = index;
        this.ctx = ctx;
        this.firstHandler = firstHandler;
        this.selector = Selector.open();
        this.now = ctx.clock().nanoTime();
        this.nextTimer = now;
    }

    @Override
    public String roleName() {
        return "scsi4j-iscsi-loop-" + index;
    }

    @Override
    public void onStart() {
        thread = Thread.currentThread();
    }

    Selector selector() {
        return selector;
    }

    /** @return true on this loop's thread */
    public boolean onLoopThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public int doWork() throws IOException {
        now = ctx.clock().nanoTime();
        wakeupPending.set(false);
        int work = commands.drain(runCommand) + woken.drain(runCompletions);
        flushDirty();
        long timeoutMs = 0;
        if (work == 0 && !busy && !stopping) {
            long untilTimer = TimeUnit.NANOSECONDS.toMillis(nextTimer - now);
            timeoutMs = connections.isEmpty() ? IDLE_SELECT_MS : Math.max(1, Math.min(untilTimer, TIMER_PERIOD_MS));
        }
        int selected = timeoutMs == 0 ? selector.selectNow(onKey) : selector.select(onKey, timeoutMs);
        now = ctx.clock().nanoTime();
        work += selected + woken.drain(runCompletions);
        flushDirty();
        if (now - nextTimer >= 0) {
            nextTimer = now + TimeUnit.MILLISECONDS.toNanos(TIMER_PERIOD_MS);
            runTimers();
        }
        busy = work > 0 || dirtyCount > 0;
        return work;
    }

    private void onKey(SelectionKey key) {
        Selectable s = (Selectable) key.attachment();
        int ops;
        try {
            ops = key.readyOps();
        } catch (java.nio.channels.CancelledKeyException e) {
            return;
        }
        try {
            s.onSelected(ops);
        } catch (RuntimeException e) {
            ctx.errors().warn("internal-error", "internal error on " + s + ": " + e);
            ServerContext.log().debug("internal error on {}", s, e);
            if (s instanceof Connection) {
                ((Connection) s).close("internal error: " + e);
            }
        }
    }

    private void runCommand(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            ServerContext.log().error("request on {} failed", roleName(), e);
        }
    }

    /** Flushes the connections marked dirty; ones re-marked meanwhile wait for the next cycle. */
    private void flushDirty() {
        if (dirtyCount == 0) {
            return;
        }
        Connection[] batch = dirty;
        int n = dirtyCount;
        if (flushing.length < batch.length) {
            flushing = new Connection[batch.length];
        }
        dirty = flushing;
        flushing = batch;
        dirtyCount = 0;
        for (int i = 0; i < n; i++) {
            Connection c = batch[i];
            batch[i] = null;
            try {
                c.flush();
            } catch (RuntimeException e) {
                ServerContext.log().error("flush of {} failed", c, e);
                c.close("internal error: " + e);
            }
        }
    }

    private void runTimers() {
        for (int i = connections.size() - 1; i >= 0; i--) {
            if (i < connections.size()) {
                connections.get(i).onTimer(now);
            }
        }
    }

    // ---------------------------------------------------------------- connections

    /** Any thread: takes over an accepted socket. */
    public void adopt(SocketChannel channel) {
        if (onLoopThread()) {
            register(channel);
        } else {
            execute(() -> register(channel));
        }
    }

    private void register(SocketChannel channel) {
        String peer = "?";
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
            peer = remote.getAddress().getHostAddress() + ":" + remote.getPort();
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            Connection c = new Connection(this, channel, peer, local);
            PduHandler h = firstHandler.apply(c);
            c.register(selector, h);
            c.loopIndex = connections.size();
            connections.add(c);
        } catch (IOException e) {
            ctx.errors().info("accept-failed", "could not set up connection from " + peer + ": " + e.getMessage());
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            ctx.loginEnded();
            ctx.connectionClosed();
        }
    }

    @Override
    public void connectionClosed(Connection c) {
        int i = c.loopIndex;
        if (i >= 0 && i < connections.size() && connections.get(i) == c) {
            Connection last = connections.remove(connections.size() - 1);
            if (last != c) {
                connections.set(i, last);
                last.loopIndex = i;
            }
        }
        c.loopIndex = -1;
    }

    /** Loop thread: closes connections still logging in (shutdown). */
    public void closeLoginConnections(String reason) {
        for (int i = connections.size() - 1; i >= 0; i--) {
            if (i < connections.size() && connections.get(i).inLogin()) {
                connections.get(i).close(reason);
            }
        }
    }

    /** Loop thread: a snapshot of the connections (tests, diagnostics). */
    public List<Connection> connections() {
        return new ArrayList<>(connections);
    }

    // ---------------------------------------------------------------- ConnectionHost

    @Override
    public ServerContext context() {
        return ctx;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public ByteBuffer acquireReceiveBuffer(int capacity) {
        return buffers.acquireReceive(capacity);
    }

    @Override
    public void releaseReceiveBuffer(ByteBuffer buffer) {
        buffers.releaseReceive(buffer);
    }

    @Override
    public SlotArena acquireArena() {
        return buffers.acquireArena();
    }

    @Override
    public void releaseArena(SlotArena arena) {
        buffers.releaseArena(arena);
    }

    @Override
    public void markDirty(Connection c) {
        if (dirtyCount == dirty.length) {
            dirty = java.util.Arrays.copyOf(dirty, dirtyCount * 2);
        }
        dirty[dirtyCount++] = c;
    }

    @Override
    public void completionsPending(Connection c) {
        woken.offer(c);
        wakeup();
    }

    @Override
    public void execute(Runnable task) {
        commands.offer(task);
        wakeup();
    }

    @Override
    public int index() {
        return index;
    }

    /** Any thread: makes a blocked select return. */
    public void wakeup() {
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Any thread: stop blocking in select so the runner notices it is being closed. */
    public void stopping() {
        stopping = true;
        selector.wakeup();
    }

    @Override
    public void onClose() {
        commands.drain(runCommand);
        for (int i = connections.size() - 1; i >= 0; i--) {
            if (i < connections.size()) {
                connections.get(i).close("server shutting down");
            }
        }
        for (SelectionKey k : selector.keys()) {
            try {
                k.channel().close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            ServerContext.log().debug("closing selector of {}", roleName(), e);
        }
    }
}
