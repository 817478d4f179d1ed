package org.scsi4j.iscsi.initiator;

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

/**
 * A TCP relay on 127.0.0.1 for tests that need a connection to break: {@link #cut()} resets
 * every relayed connection (both sides see it), {@link #freeze(boolean)} stops relaying without
 * closing (a peer gone silent). Threads are named "test-proxy-*" and end on {@link #close()}.
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean frozen;
    private volatile boolean refuse;
    private volatile boolean closed;

    TcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        start("test-proxy-accept", this::acceptLoop);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    /** @return connections accepted so far */
    int accepted() {
        return accepted.get();
    }

    /** Resets every relayed connection. */
    void cut() {
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

    /** Stops (or resumes) relaying bytes without closing anything. */
    void freeze(boolean on) {
        frozen = on;
    }

    /** New connections are closed at once while on (the target is unreachable). */
    void refuse(boolean on) {
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
                start("test-proxy-up", () -> pump(in, out));
                start("test-proxy-down", () -> pump(out, in));
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[65536];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                while (frozen && !closed && !from.isClosed()) {
                    Thread.sleep(5);
                }
                out.write(buf, 0, n);
            }
        } catch (IOException | InterruptedException e) {
            // connection ended
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        frozen = false;
        listener.close();
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
