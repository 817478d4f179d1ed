package org.scsi4j.core.loopback;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.scsi4j.core.internal.engine.LunAddress;
import org.scsi4j.core.spi.transport.DataDirection;
import org.scsi4j.core.spi.transport.InitiatorPortId;
import org.scsi4j.core.spi.transport.ItNexus;
import org.scsi4j.core.spi.transport.NexusPort;
import org.scsi4j.core.spi.transport.ScsiStatus;
import org.scsi4j.core.spi.transport.ScsiTargetPort;
import org.scsi4j.core.spi.transport.ScsiTask;
import org.scsi4j.core.spi.transport.TmfFunction;
import org.scsi4j.core.spi.transport.TmfResponse;

/**
 * One I_T nexus of the loopback transport. {@link #submit} and {@link #execute} may be called
 * from any thread; the work runs on the transport's dispatcher thread.
 */
public final class LoopbackSession implements NexusPort, AutoCloseable {
    private static final long DEFAULT_TIMEOUT_SECONDS = 60;

    private final LoopbackTransport transport;
    private final ScsiTargetPort targetPort;
    private final InitiatorPortId initiator;
    private final AtomicBoolean woken = new AtomicBoolean();
    // dispatcher-thread state
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Map<Long, CompletableFuture<TmfResponse>> pendingTmf = new HashMap<>();
    private ItNexus nexus;
    private long nextTag = 1;
    private volatile boolean closed;

    private static final class Pending {
        final ScsiCommand command;
        final CompletableFuture<ScsiResponse> future;

        Pending(ScsiCommand command, CompletableFuture<ScsiResponse> future) {
            this.command = command;
            this.future = future;
        }
    }

    LoopbackSession(LoopbackTransport transport, ScsiTargetPort targetPort, String initiatorName, int number) {
        this.transport = transport;
        this.targetPort = targetPort;
        this.initiator = new InitiatorPortId(initiatorName, ",l," + Integer.toHexString(number));
    }

    void open() {
        CompletableFuture<Void> opened = new CompletableFuture<>();
        transport.execute(() -> {
            try {
                nexus = targetPort.openNexus(initiator, this);
                opened.complete(null);
            } catch (RuntimeException e) {
                opened.completeExceptionally(e);
            }
        });
        await(opened, DEFAULT_TIMEOUT_SECONDS);
    }

    public InitiatorPortId initiator() {
        return initiator;
    }

    /** Sends a command; the future completes with the response (TASK ABORTED status if aborted). */
    public CompletableFuture<ScsiResponse> submit(ScsiCommand command) {
        CompletableFuture<ScsiResponse> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("session closed"));
            return f;
        }
        transport.execute(() -> {
            if (closed) {
                f.completeExceptionally(new IllegalStateException("session closed"));
                return;
            }
            long tag = nextTag++;
            pending.put(tag, new Pending(command, f));
            DataDirection dir = command.isWrite() ? DataDirection.WRITE
                    : command.isRead() ? DataDirection.READ : DataDirection.NONE;
            nexus.submit(tag, LunAddress.encode(command.lun()), ByteBuffer.wrap(command.cdbBytes()),
                    command.attribute(), dir, command.effectiveExpectedLength());
        });
        return f;
    }

    /** Sends a command and waits (60 s at most) for its response. */
    public ScsiResponse execute(ScsiCommand command) {
        return await(submit(command), DEFAULT_TIMEOUT_SECONDS);
    }

    /** Sends TEST UNIT READY until it no longer reports a unit attention (at most 16 times). */
    public void clearUnitAttentions(int lun) {
        for (int i = 0; i < 16; i++) {
            ScsiResponse r = execute(ScsiCommand.of(lun, new byte[6]));
            if (r.status() != ScsiStatus.CHECK_CONDITION || r.senseKey() != 0x6) {
                return;
            }
        }
    }

    /** Sends a task management function and waits for its response. */
    public TmfResponse taskManagement(TmfFunction function, int lun, long referencedTag) {
        return await(submitTaskManagement(function, lun, referencedTag), DEFAULT_TIMEOUT_SECONDS);
    }

    public CompletableFuture<TmfResponse> submitTaskManagement(TmfFunction function, int lun, long referencedTag) {
        CompletableFuture<TmfResponse> f = new CompletableFuture<>();
        transport.execute(() -> {
            long tag = nextTag++;
            pendingTmf.put(tag, f);
            nexus.submitTaskManagement(tag, function, LunAddress.encode(lun), referencedTag);
        });
        return f;
    }

    /** The tag the next submitted command will get (for ABORT TASK tests). */
    public long peekNextTag() {
        CompletableFuture<Long> f = new CompletableFuture<>();
        transport.execute(() -> f.complete(nextTag));
        return await(f, DEFAULT_TIMEOUT_SECONDS);
    }

    /** Tasks the core still holds for this nexus. */
    public int outstandingTasks() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        transport.execute(() -> f.complete(nexus.outstandingTasks()));
        return await(f, DEFAULT_TIMEOUT_SECONDS);
    }

    private static <T> T await(CompletableFuture<T> f, long seconds) {
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            throw new IllegalStateException(c);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no response within " + seconds + " s", e);
        }
    }

    int processCompletionsIfWoken() {
        if (!woken.getAndSet(false) || closed) {
            return 0;
        }
        nexus.processCompletions();
        return 1;
    }

    // ------------------------------------------------------------------ NexusPort (dispatcher thread)

    @Override
    public void requestDataOut(ScsiTask task, ByteBuffer destination) {
        Pending p = pending.get(task.tag());
        byte[] data = p.command.dataOutBytes();
        int n = Math.min(destination.remaining(), data == null ? 0 : data.length);
        destination.put(destination.position(), data, 0, n);
        nexus.dataOutReceived(task);
    }

    @Override
    public void taskCompleted(ScsiTask task) {
        Pending p = pending.remove(task.tag());
        ByteBuffer senseView = task.sense();
        byte[] sense = new byte[senseView.remaining()];
        senseView.get(senseView.position(), sense);
        ByteBuffer in = task.dataIn();
        byte[] data = new byte[in.remaining()];
        in.get(in.position(), data);
        ScsiResponse r = new ScsiResponse(task.status(), sense, data, task.residualUnderflow(),
                task.residualOverflow(), task.residualCount());
        nexus.release(task);
        if (p != null) {
            p.future.complete(r);
        }
    }

    @Override
    public void taskAborted(ScsiTask task) {
        Pending p = pending.remove(task.tag());
        nexus.release(task);
        if (p != null) {
            p.future.complete(new ScsiResponse(ScsiStatus.TASK_ABORTED, new byte[0], new byte[0], false, false, 0));
        }
    }

    @Override
    public void taskManagementCompleted(long tmfTag, TmfResponse response) {
        CompletableFuture<TmfResponse> f = pendingTmf.remove(tmfTag);
        if (f != null) {
            f.complete(response);
        }
    }

    @Override
    public void wakeup() {
        woken.set(true);
        transport.completionsPending();
    }

    /** Closes the nexus: tasks still running are aborted and their futures fail. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable closer = () -> {
            if (!closed) {
                closed = true;
                nexus.close();
                IllegalStateException e = new IllegalStateException("session closed");
                pending.values().forEach(p -> p.future.completeExceptionally(e));
                pending.clear();
                pendingTmf.values().forEach(f -> f.completeExceptionally(e));
                pendingTmf.clear();
                transport.sessionClosed(this);
            }
            done.complete(null);
        };
        if (transport.onDispatcher()) {
            closer.run();
        } else {
            transport.execute(closer);
            await(done, DEFAULT_TIMEOUT_SECONDS);
        }
    }
}
