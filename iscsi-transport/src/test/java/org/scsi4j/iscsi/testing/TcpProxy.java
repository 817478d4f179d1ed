package org.scsi4j.iscsi.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A TCP relay on 127.0.0.1 for tests that need a connection to break or to watch:
 * {@link #cut()} resets every relayed connection (both sides see it), {@link #freeze(boolean)}
 * stops relaying without closing (a peer gone silent), {@link #refuse(boolean)} makes the target
 * unreachable, and a {@link Tap} may see each connection's client-to-target bytes. Threads are
 * named "test-proxy-*" and end on {@link #close()}.
 */
public final class TcpProxy implements AutoCloseable {
    /** Sees one connection's bytes towards the target, in order, each chunk before it is relayed. */
    @FunctionalInterface
    public interface Tap {
        void bytes(byte[] chunk, int length);
    }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Supplier<Tap> taps;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean frozen;
    private volatile boolean refuse;
    private volatile boolean closed;

    public TcpProxy(InetSocketAddress target) throws IOException {
        this(target, () -> (chunk, length) -> { });
    }

    /** @param taps makes the {@link Tap} of each new connection */
    public TcpProxy(InetSocketAddress target, Supplier<Tap> taps) throws IOException {
        this.target = target;
        this.taps = taps;
        this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        start("test-proxy-accept", this::acceptLoop);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    /** @return connections accepted so far */
    public int accepted() {
        return accepted.get();
    }

    /** Resets every relayed connection. */
    public void cut() {
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        sockets.clear();
    }

    /** Stops (or resumes) relaying bytes either way without closing anything. */
    public void freeze(boolean on) {
        frozen = on;
    }

    /** New connections are reset at once while on (the target is unreachable). */
    public void refuse(boolean on) {
        refuse = on;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket in = listener.accept();
                accepted.incrementAndGet();
                if (refuse) {
                    in.setSoLinger(true, 0);
                    in.close();
                    continue;
                }
                Socket out = new Socket();
                out.connect(target, 5000);
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                sockets.add(in);
                sockets.add(out);
                Tap tap = taps.get();
                start("test-proxy-up", () -> pump(in, out, tap));
                start("test-proxy-down", () -> pump(out, in, (chunk, length) -> { }));
            } catch (IOException e) {
                // one failed connection: keep accepting until closed
            }
        }
    }

    private void pump(Socket from, Socket to, Tap tap) {
        byte[] buf = new byte[65536];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                while (frozen && !closed && !from.isClosed()) {
                    Thread.sleep(5);
                }
                tap.bytes(buf, n); // before relaying: a count is visible before the target can answer
                out.write(buf, 0, n);
            }
        } catch (IOException | InterruptedException e) {
            // connection ended
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Override
    public void close() {
        closed = true;
        frozen = false;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cut();
        try {
            for (Thread t : threads) {
                t.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
