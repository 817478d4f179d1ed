package org.scsi4j.iscsi.internal.conn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.scsi4j.iscsi.internal.pdu.Crc32cDigest;
import org.scsi4j.iscsi.internal.pdu.HeaderFlyweight;
import org.scsi4j.iscsi.internal.pdu.PduFramer;
import org.scsi4j.iscsi.internal.server.ServerContext;

/**
 * One TCP connection (RFC 7143 §4.4): reads everything the socket has into its receive buffer,
 * frames and dispatches every complete PDU to the current {@link PduHandler}, and writes what
 * the handlers queued with one gathering write per duty cycle (the loop calls {@link #flush()}).
 *
 * <p>Owned by one I/O loop; all methods but {@link #wakeup()} run on that loop's thread.
 */
public final class Connection implements Selectable {
    /** Reads per readiness event before giving other connections their turn. */
    private static final int READS_PER_EVENT = 16;
    /** Producers queued beyond which reading pauses (a peer that sends but does not read). */
    private static final int BACKLOG_HIGH = 256;
    private static final int BACKLOG_LOW = 64;
    /** Room for BHS, the AHS limit, header and data digests and padding. */
    private static final int PDU_OVERHEAD = HeaderFlyweight.BHS_LENGTH + PduFramer.DEFAULT_MAX_AHS_LENGTH + 12;

    private final ConnectionHost host;
    private final SocketChannel channel;
    private final String peer;
    private final InetSocketAddress local;
    private final Crc32cDigest digest = new Crc32cDigest();
    private final PduFramer framer = new PduFramer(digest);
    private final OutputQueue out;
    private final AtomicBoolean completionsPending = new AtomicBoolean();
    private final long openedNanos;
    private SelectionKey key;
    private ByteBuffer rx;
    private int rxCapacityWanted;
    private PduHandler handler;
    private long lastReceiveNanos;
    private boolean closed;
    private boolean closeWhenFlushed;
    private boolean readsSuspended;
    private boolean readsPaused;
    private boolean writeInterest;
    private boolean inLogin = true;
    private boolean dirty;
    /** Index in the owning loop's connection list (managed by the loop). */
    public int loopIndex = -1;

    public Connection(ConnectionHost host, SocketChannel channel, String peer, InetSocketAddress local) {
        this.host = host;
        this.channel = channel;
        this.peer = peer;
        this.local = local;
        this.out = new OutputQueue(digest, host::acquireArena, host::releaseArena);
        this.openedNanos = host.nanoTime();
        this.lastReceiveNanos = openedNanos;
        this.rxCapacityWanted = receiveCapacity(PduFramer.DEFAULT_MAX_RECV_DATA_SEGMENT_LENGTH);
    }

    /** Registers for reads; the first handler must be set. */
    public void register(Selector selector, PduHandler first) throws IOException {
        this.handler = first;
        this.key = channel.register(selector, SelectionKey.OP_READ, this);
    }

    public ServerContext context() {
        return host.context();
    }

    public ConnectionHost host() {
        return host;
    }

    public String peer() {
        return peer;
    }

    /** @return the local address the initiator connected to (for SendTargets) */
    public InetSocketAddress localAddress() {
        return local;
    }

    public OutputQueue output() {
        return out;
    }

    public PduFramer framer() {
        return framer;
    }

    public long openedNanos() {
        return openedNanos;
    }

    public long lastReceiveNanos() {
        return lastReceiveNanos;
    }

    public boolean isClosed() {
        return closed;
    }

    public boolean inLogin() {
        return inLogin;
    }

    public void handler(PduHandler next) {
        this.handler = next;
    }

    /** The login phase is over (success): the connection no longer counts as logging in. */
    public void loginEnded() {
        if (inLogin) {
            inLogin = false;
            host.context().loginEnded();
        }
    }

    /**
     * Our MaxRecvDataSegmentLength for the full feature phase: the framer's limit now, the
     * receive buffer grows before the next read.
     */
    public void maxRecvDataSegmentLength(int length) {
        framer.maxRecvDataSegmentLength(length);
        rxCapacityWanted = receiveCapacity(length);
    }

    private static int receiveCapacity(int maxDataSegment) {
        int bytes = PDU_OVERHEAD + HeaderFlyweight.pad(maxDataSegment);
        return (bytes + 4095) & ~4095;
    }

    /** Stops reading (a login waiting for a reinstated session to close) or starts again. */
    public void suspendReads(boolean suspend) {
        readsSuspended = suspend;
        updateInterest();
    }

    // ---------------------------------------------------------------- reading

    @Override
    public void onSelected(int readyOps) {
        if (closed) {
            return;
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && !closed) {
            onReadable();
        }
    }

    private void onReadable() {
        for (int i = 0; i < READS_PER_EVENT && !closed && !readsSuspended && !readsPaused; i++) {
            if (rx == null || rx.capacity() < rxCapacityWanted) {
                growReceiveBuffer();
            }
            int n;
            try {
                n = channel.read(rx);
            } catch (IOException e) {
                close("read failed: " + e.getMessage());
                return;
            }
            if (n < 0) {
                close("peer closed the connection");
                return;
            }
            if (n == 0) {
                return;
            }
            // A read that left room in the buffer emptied the socket: reading again now would
            // only cost a system call that answers EAGAIN.
            boolean drained = rx.hasRemaining();
            lastReceiveNanos = host.nanoTime();
            process();
            markDirty();
            if (drained) {
                return;
            }
        }
    }

    private void growReceiveBuffer() {
        ByteBuffer bigger = host.acquireReceiveBuffer(rxCapacityWanted);
        if (rx != null) {
            rx.flip();
            bigger.put(rx);
            host.releaseReceiveBuffer(rx);
        }
        rx = bigger;
    }

    /** Frames and dispatches every complete PDU in the receive buffer, then compacts it. */
    private void process() {
        int pos = 0;
        int end = rx.position();
        while (!closed) {
            PduFramer.Outcome outcome = framer.frame(rx, pos, end);
            if (outcome == PduFramer.Outcome.NEED_MORE) {
                break;
            }
            if (outcome == PduFramer.Outcome.PDU_READY) {
                handler.onPdu(rx, pos, framer.dataOffset(), framer.dataSegmentLength());
            } else if (outcome == PduFramer.Outcome.DATA_DIGEST_ERROR) {
                handler.onDataDigestError(rx, pos);
            } else {
                close(describe(outcome));
                return;
            }
            pos += framer.pduLength();
        }
        if (closed) {
            return;
        }
        if (pos > 0) {
            rx.limit(end).position(pos);
            rx.compact();
        }
    }

    private String describe(PduFramer.Outcome outcome) {
        switch (outcome) {
            case HEADER_DIGEST_ERROR:
                return "header digest error (RFC 7143 §7.8: connection dropped at ErrorRecoveryLevel 0)";
            case DATA_SEGMENT_TOO_LONG:
                return "DataSegmentLength above our MaxRecvDataSegmentLength " + framer.maxRecvDataSegmentLength();
            case AHS_TOO_LONG:
                return "TotalAHSLength above " + PduFramer.DEFAULT_MAX_AHS_LENGTH + " bytes";
            default:
                return "framing error " + outcome;
        }
    }

    // ---------------------------------------------------------------- writing

    /** Asks the loop to flush this connection at the end of the duty cycle. */
    public void markDirty() {
        if (!dirty && !closed) {
            dirty = true;
            host.markDirty(this);
        }
    }

    /** Loop: writes what is queued; keeps OP_WRITE interest while the socket is full. */
    public void flush() {
        dirty = false;
        if (closed) {
            return;
        }
        OutputQueue.FlushResult r;
        try {
            r = out.flush(channel);
        } catch (IOException e) {
            close("write failed: " + e.getMessage());
            return;
        }
        if (out.closeRequested() || (closeWhenFlushed && r == OutputQueue.FlushResult.DONE)) {
            close(closeReason);
            return;
        }
        boolean wantWrite = r == OutputQueue.FlushResult.BLOCKED;
        if (r == OutputQueue.FlushResult.MORE) {
            markDirty();
        }
        boolean pause = out.backlog() > BACKLOG_HIGH || (readsPaused && out.backlog() > BACKLOG_LOW);
        if (wantWrite != writeInterest || pause != readsPaused) {
            writeInterest = wantWrite;
            readsPaused = pause;
            updateInterest();
        }
    }

    private String closeReason = "closed";

    /** Closes the connection once everything queued is written. */
    public void closeWhenFlushed(String reason) {
        closeWhenFlushed = true;
        closeReason = reason;
        readsSuspended = true;
        updateInterest();
        markDirty();
    }

    private void updateInterest() {
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = (readsSuspended || readsPaused ? 0 : SelectionKey.OP_READ)
                | (writeInterest ? SelectionKey.OP_WRITE : 0);
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    // ---------------------------------------------------------------- completions and timers

    /** Any thread (NexusPort.wakeup): device completions wait for this connection. */
    public void wakeup() {
        if (completionsPending.compareAndSet(false, true)) {
            host.completionsPending(this);
        }
    }

    /** Loop: runs the completions {@link #wakeup()} announced. */
    public void runCompletions() {
        completionsPending.set(false);
        if (!closed) {
            handler.onCompletions();
            markDirty();
        }
    }

    public void onTimer(long now) {
        if (!closed) {
            handler.onTimer(now);
        }
    }

    // ---------------------------------------------------------------- closing

    /** Closes at once: the handler releases its state, unsent output is dropped. Idempotent. */
    public void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            handler.onClose(reason);
        } finally {
            out.discard();
            if (key != null) {
                key.cancel();
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            if (rx != null) {
                host.releaseReceiveBuffer(rx);
                rx = null;
            }
            if (inLogin) {
                inLogin = false;
                host.context().loginEnded();
            }
            host.connectionClosed(this);
            host.context().connectionClosed();
        }
    }

    @Override
    public String toString() {
        return "Connection[" + peer + "]";
    }
}
