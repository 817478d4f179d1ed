package org.scsi4j.backstore.passthrough;

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
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on 127.0.0.1 between the pass-through device and its backend target, so that a
 * test can see what the device sends and break the connection: it frames the initiator-to-target
 * byte stream into iSCSI PDUs (no digests, RFC 7143 §11.2) and counts task management functions
 * and CDB opcodes; {@link #cut()} resets every relayed connection, {@link #freeze(boolean)} stops
 * relaying without closing anything (a backend gone silent), {@link #refuse(boolean)} makes the
 * backend unreachable. Threads are named "test-relay-*" and end on {@link #close()}.
 */
final class SniffingRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress backend;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicIntegerArray taskManagement = new AtomicIntegerArray(128);
    private final AtomicIntegerArray opcodes = new AtomicIntegerArray(256);
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean refuse;
    private volatile boolean frozen;
    private volatile boolean closed;

    SniffingRelay(InetSocketAddress backend) throws IOException {
        this.backend = backend;
        this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        start("test-relay-accept", this::acceptLoop);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    /** @return Task Management Function Requests with this Function code (1 ABORT TASK, 5 LOGICAL UNIT RESET) */
    int taskManagementRequests(int function) {
        return taskManagement.get(function);
    }

    /** @return SCSI Command PDUs whose CDB starts with {@code opcode} */
    int commands(int opcode) {
        return opcodes.get(opcode);
    }

    int accepted() {
        return accepted.get();
    }

    /** Resets every relayed connection (both ends see a reset). */
    void cut() {
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException ignored) {
                // gone already
            }
        }
        sockets.clear();
    }

    /** While on, no byte is relayed either way and nothing is closed. */
    void freeze(boolean on) {
        frozen = on;
    }

    /** While on, new connections are reset at once: the backend is unreachable. */
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
                out.connect(backend, 5000);
                sockets.add(in);
                sockets.add(out);
                PduCounter counter = new PduCounter();
                start("test-relay-up", () -> pump(in, out, counter));
                start("test-relay-down", () -> pump(out, in, null));
            } catch (IOException e) {
                if (!closed) {
                    continue; // one failed connection; keep accepting
                }
            }
        }
    }

    private void pump(Socket from, Socket to, PduCounter counter) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                while (frozen && !closed) {
                    LockSupport.parkNanos(1_000_000);
                }
                if (counter != null) {
                    counter.feed(buf, n);
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other side went away
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

    /** Frames one direction's byte stream into PDUs: BHS (48), AHS, data segment padded to 4. */
    private final class PduCounter {
        private final byte[] bhs = new byte[48];
        private int have;
        private long skip;

        void feed(byte[] b, int n) {
            int i = 0;
            while (i < n) {
                if (skip > 0) {
                    int k = (int) Math.min(skip, n - i);
                    skip -= k;
                    i += k;
                    continue;
                }
                int k = Math.min(48 - have, n - i);
                System.arraycopy(b, i, bhs, have, k);
                have += k;
                i += k;
                if (have == 48) {
                    onHeader();
                    have = 0;
                }
            }
        }

        private void onHeader() {
            int opcode = bhs[0] & 0x3F;
            if (opcode == 0x02) {
                taskManagement.incrementAndGet(bhs[1] & 0x7F);
            } else if (opcode == 0x01) {
                opcodes.incrementAndGet(bhs[32] & 0xFF);
            }
            int ahs = (bhs[4] & 0xFF) * 4;
            int data = (bhs[5] & 0xFF) << 16 | (bhs[6] & 0xFF) << 8 | bhs[7] & 0xFF;
            skip = ahs + ((data + 3) & ~3);
        }
    }
}
