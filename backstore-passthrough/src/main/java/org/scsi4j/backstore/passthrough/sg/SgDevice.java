package org.scsi4j.backstore.passthrough.sg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.scsi4j.core.spi.device.ScsiDevice;
import org.scsi4j.core.spi.device.ScsiDeviceCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Linux SCSI generic device ({@code /dev/sgN}) as a raw-CDB {@link ScsiDevice}: every command the
 * core offers goes to the device as it is, and its status, sense and data come back as they are
 * (see the package documentation for what the host adds when the device cannot answer).
 *
 * <p><b>Threads.</b> {@link #execute} never blocks: it queues the command (at most
 * {@link SgOptions#queueDepth()}; one more is answered TASK SET FULL) for the device's worker
 * threads, {@code scsi4j-sg-<device>-<n>} ({@link SgOptions#threads()}, default one: commands then
 * reach the device strictly in the order offered). Each worker owns a descriptor and runs one
 * command at a time, blocking until the device answers. {@link #close()} stops them.
 *
 * <p><b>Abort.</b> The sg interface cannot cancel a command the device has started. A command
 * still queued is dropped at once and never reaches the device; one the device is running is left
 * to finish, and the core waits for it (bounded by its task management timeout).
 *
 * <p><b>Reset.</b> {@link #reset()} does nothing: LOGICAL UNIT RESET is not forwarded. The device
 * is shared by every initiator of the unit and the core already aborts the unit's tasks and reports
 * the reset to the other nexuses; resetting the real device would also drop a tape drive's
 * buffered writes and position, and the driver's {@code SG_SCSI_RESET} needs both
 * {@code CAP_SYS_ADMIN} and a foreign function call (an {@code ioctl}), which the JDK only allows
 * without a warning under {@code --enable-native-access}.
 */
public final class SgDevice implements ScsiDevice {
    private static final Logger LOG = LoggerFactory.getLogger(SgDevice.class);

    /** {@code SG_MAX_CDB_SIZE}: the longest CDB the driver takes. */
    static final int MAX_CDB_LENGTH = 252;
    /** The most sense a {@link ScsiDeviceCommand} carries. */
    static final int MAX_SENSE_LENGTH = 252;
    private static final int PROBE_TIMEOUT_MILLIS = 30_000;
    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);

    private final String name;
    private final SgOptions options;
    private final int timeoutMillis;
    private final SgInquiry inquiry;
    private final ErrorLog errors;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final ArrayDeque<ScsiDeviceCommand> queue = new ArrayDeque<>();   // guarded by lock
    private final List<Worker> workers = new ArrayList<>();
    private final AtomicLong abortsLeftRunning = new AtomicLong();
    private final AtomicBoolean resetLogged = new AtomicBoolean();
    private boolean closed;                                                    // guarded by lock

    private SgDevice(String name, SgOptions options, SgInquiry inquiry) {
        this.name = name;
        this.options = options;
        this.timeoutMillis = (int) options.commandTimeout().toMillis();
        this.inquiry = inquiry;
        this.errors = new ErrorLog(LOG, name);
    }

    /** Opens {@code path} (a {@code /dev/sgN}) with {@link SgOptions#defaults()}. */
    public static SgDevice open(Path path) throws IOException {
        return open(path, SgOptions.defaults());
    }

    /**
     * Opens {@code path}, a SCSI generic device, asks it INQUIRY (its device type and
     * identification; INQUIRY neither changes nor clears anything on the device) and starts the
     * worker threads.
     *
     * @throws SgUnsupportedException not Linux on x86_64/aarch64, or a Java before 22 (or a jar
     *                                without its Java 22 layer)
     * @throws IOException            the path is missing, not an sg device, not open to this user
     *                                for reading and writing, or the device does not answer
     */
    public static SgDevice open(Path path, SgOptions options) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        SgNode.check(path);
        SgNative.requireAvailable();
        return open(path.toString(), () -> SgChannel.open(path), options);
    }

    /** Opens a device over channels from {@code opener}, one per worker (the real ones or a fake). */
    static SgDevice open(String name, SgIo.Opener opener, SgOptions options) throws IOException {
        List<SgIo> channels = new ArrayList<>();
        try {
            for (int i = 0; i < options.threads(); i++) {
                channels.add(opener.open());
            }
            SgInquiry inquiry = SgInquiry.probe(name, channels.get(0), Math.min(PROBE_TIMEOUT_MILLIS,
                    (int) options.commandTimeout().toMillis()));
            SgDevice device = new SgDevice(name, options, inquiry);
            String threadBase = "scsi4j-sg-" + name.substring(name.lastIndexOf('/') + 1) + "-";
            for (int i = 0; i < channels.size(); i++) {
                device.workers.add(device.new Worker(channels.get(i), threadBase + (i + 1)));
            }
            device.workers.forEach(w -> w.thread.start());
            LOG.info("{}: {} (peripheral device type 0x{}), {}", name, inquiry.identification,
                    Integer.toHexString(inquiry.peripheralDeviceType), options);
            return device;
        } catch (IOException | RuntimeException e) {
            channels.forEach(SgIo::close);
            throw e;
        }
    }

    /** The device's INQUIRY PERIPHERAL DEVICE TYPE (0x1F when it did not say). */
    @Override
    public int peripheralDeviceType() {
        return inquiry.peripheralDeviceType;
    }

    @Override
    public boolean removableMedium() {
        return inquiry.removable;
    }

    /** Vendor, product and revision from the device's INQUIRY data. */
    public String identification() {
        return inquiry.identification;
    }

    /**
     * Queues the command for a worker; never blocks. Declines only a bidirectional command (the sg
     * v3 interface moves data one way).
     */
    @Override
    public boolean execute(ScsiDeviceCommand command) {
        if (command.isDataIn() && command.isDataOut()) {
            return false;
        }
        boolean wasClosed;
        lock.lock();
        try {
            wasClosed = closed;
            if (!closed && queue.size() < options.queueDepth()) {
                queue.addLast(command);
                workAvailable.signal();
                return true;
            }
        } finally {
            lock.unlock();
        }
        if (wasClosed) {
            fail(command, SgFailure.CLOSED, "a command arrived after close", null);
        } else {
            command.complete(SgFailure.TASK_SET_FULL, null, 0);
        }
        return true;
    }

    /**
     * Drops the command if it is still queued (it completes at once and never reaches the device);
     * one the device runs finishes as usual, since sg cannot cancel it.
     */
    @Override
    public void abort(ScsiDeviceCommand command) {
        boolean removed;
        lock.lock();
        try {
            removed = queue.removeFirstOccurrence(command);
        } finally {
            lock.unlock();
        }
        if (removed) {
            command.complete(SgFailure.TASK_ABORTED, null, 0);
        } else {
            abortsLeftRunning.incrementAndGet();
        }
    }

    /** Not forwarded (see the class documentation); logged once. */
    @Override
    public void reset() {
        if (resetLogged.compareAndSet(false, true)) {
            LOG.info("{}: logical unit reset handled by the core; it is not forwarded to the device", name);
        }
    }

    /**
     * Stops taking commands, answers the queued ones (they never reached the device), waits up to
     * {@link SgOptions#closeTimeout()} for those the device is running, then closes the
     * descriptors and stops the threads. A command still running after the wait completes with
     * ABORTED COMMAND; the kernel lets the device finish it and drops its result.
     */
    @Override
    public void close() {
        List<ScsiDeviceCommand> dropped;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            dropped = new ArrayList<>(queue);
            queue.clear();
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
        dropped.forEach(c -> fail(c, SgFailure.CLOSED, "closed before it reached the device", null));
        long deadline = System.nanoTime() + options.closeTimeout().toNanos();
        for (Worker w : workers) {
            join(w.thread, Math.max(0, deadline - System.nanoTime()));
        }
        for (Worker w : workers) {
            if (w.thread.isAlive()) {
                LOG.warn("{}: a command was still running after {}; closing its descriptor (the kernel finishes it and"
                        + " drops the result)", name, options.closeTimeout());
            }
            w.io.close();
        }
        for (Worker w : workers) {
            join(w.thread, TimeUnit.SECONDS.toNanos(10));
            if (w.thread.isAlive()) {
                LOG.error("{}: thread {} did not stop", name, w.thread.getName());
            }
        }
        errors.summary();
        LOG.info("{}: closed", name);
    }

    private static void join(Thread t, long nanos) {
        if (t == Thread.currentThread()) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.timedJoin(t, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Completes {@code c} with the failure's answer and logs the failure's kind once. */
    private void fail(ScsiDeviceCommand c, SgFailure failure, String detail, Throwable cause) {
        errors.warn(failure.name(), detail, cause);
        c.complete(failure.status, failure.sense(), 0);
    }

    // ------------------------------------------------------------------ observed by tests

    /** Commands queued, not yet running. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Commands a worker is running now. */
    int running() {
        return (int) workers.stream().filter(w -> w.current != null).count();
    }

    /** Abort requests for commands that were no longer queued (left to finish). */
    long abortsLeftRunning() {
        return abortsLeftRunning.get();
    }

    boolean closing() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Whether any worker thread is still alive. */
    boolean threadsAlive() {
        return workers.stream().anyMatch(w -> w.thread.isAlive());
    }

    /** Errors by kind and how often they happened. */
    Map<String, Long> errorCounts() {
        return errors.counts();
    }

    @Override
    public String toString() {
        return "SgDevice[" + name + ", " + inquiry.identification + "]";
    }

    // ------------------------------------------------------------------ workers

    /** One thread, one descriptor, one command at a time; its buffers are direct for the kernel. */
    private final class Worker implements Runnable {
        final SgIo io;
        final Thread thread;
        final ByteBuffer cdb = ByteBuffer.allocateDirect(MAX_CDB_LENGTH);
        final ByteBuffer sense = ByteBuffer.allocateDirect(MAX_SENSE_LENGTH);
        /** For data in a heap buffer (the core's are direct): grown on demand, kept. */
        ByteBuffer bounce = EMPTY;
        volatile ScsiDeviceCommand current;
        /** Whether {@link #current} has been completed (worker thread only). */
        boolean completed;

        Worker(SgIo io, String threadName) {
            this.io = io;
            this.thread = new Thread(this, threadName);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            ScsiDeviceCommand c;
            while ((c = next()) != null) {
                current = c;
                completed = false;
                try {
                    perform(c);
                } catch (RuntimeException e) {
                    LOG.error("{}: command failed unexpectedly", name, e);
                    if (!completed) {
                        completeQuietly(c);      // the core must not wait for it forever
                    }
                } finally {
                    current = null;
                }
            }
        }

        private ScsiDeviceCommand next() {
            lock.lock();
            try {
                while (queue.isEmpty()) {
                    if (closed) {
                        return null;
                    }
                    workAvailable.awaitUninterruptibly();
                }
                return queue.pollFirst();
            } finally {
                lock.unlock();
            }
        }

        private void perform(ScsiDeviceCommand c) {
            if (c.isAborted()) {
                done(c, SgFailure.TASK_ABORTED, null, 0);     // aborted while queued: keep it from the device
                return;
            }
            ByteBuffer cdbIn = c.cdb().duplicate();
            if (cdbIn.remaining() < 6 || cdbIn.remaining() > MAX_CDB_LENGTH) {
                failed(c, SgFailure.INVALID, "a CDB of " + cdbIn.remaining() + " bytes (sg takes 6.." + MAX_CDB_LENGTH + ")", null);
                return;
            }
            cdb.clear();
            cdb.put(cdbIn).flip();
            int direction;
            ByteBuffer data;
            ByteBuffer dataIn = null;
            if (c.isDataOut() && c.dataOut().hasRemaining()) {
                direction = SgIo.DXFER_TO_DEV;
                data = c.dataOut().duplicate();
                if (!data.isDirect()) {
                    data = bounce(data.remaining()).put(data).flip();
                }
            } else if (c.isDataIn() && c.dataIn().hasRemaining()) {
                direction = SgIo.DXFER_FROM_DEV;
                dataIn = c.dataIn().duplicate();
                data = dataIn.isDirect() ? dataIn : bounce(dataIn.remaining());
            } else {
                direction = SgIo.DXFER_NONE;
                data = EMPTY;
            }
            int length = direction == SgIo.DXFER_NONE ? 0 : data.remaining();
            sense.clear();
            SgResult r;
            try {
                r = io.execute(cdb, direction, data, sense, timeoutMillis);
            } catch (IOException e) {
                SgFailure f = SgFailure.of(e);
                failed(c, f, f == SgFailure.CLOSED ? "closed while the device ran it" : e.toString(), null);
                return;
            }
            SgFailure f = SgFailure.of(r);
            if (f != null) {
                failed(c, f, String.format("opcode 0x%02x: host_status 0x%02x, driver_status 0x%02x, status 0x%02x",
                        cdb.get(0) & 0xFF, r.hostStatus(), r.driverStatus(), r.status()), null);
                return;
            }
            if (r.hostStatus() != SgFailure.DID_OK) {
                // the device answered; the host's remark beside it is worth a note, not a changed answer
                errors.warn("HOST_STATUS_WITH_ANSWER", String.format("host_status 0x%02x beside status 0x%02x",
                        r.hostStatus(), r.status()), null);
            }
            int transferred = Math.max(0, Math.min(length, length - r.resid()));
            if (dataIn != null && !dataIn.isDirect()) {
                dataIn.put(0, data, 0, transferred);         // out of the bounce buffer
            }
            ByteBuffer senseOut = null;
            int senseLength = Math.min(r.senseLength(), MAX_SENSE_LENGTH);
            if (senseLength > 0) {
                // a copy: the worker's buffer takes the next command's sense, and the SPI does not
                // promise that complete() is done with the buffer when it returns (rare: errors only)
                byte[] bytes = new byte[senseLength];
                sense.get(0, bytes);
                senseOut = ByteBuffer.wrap(bytes);
            }
            done(c, r.status(), senseOut, transferred);
        }

        private void done(ScsiDeviceCommand c, int status, ByteBuffer senseData, int transferred) {
            completed = true;
            c.complete(status, senseData, transferred);
        }

        private void failed(ScsiDeviceCommand c, SgFailure failure, String detail, Throwable cause) {
            completed = true;
            fail(c, failure, detail, cause);
        }

        private void completeQuietly(ScsiDeviceCommand c) {
            try {
                failed(c, SgFailure.TRANSPORT, "completed after an unexpected error", null);
            } catch (RuntimeException e) {
                LOG.error("{}: could not complete a command after an unexpected error", name, e);
            }
        }

        private ByteBuffer bounce(int length) {
            if (bounce.capacity() < length) {
                bounce = ByteBuffer.allocateDirect(Math.max(length, Math.min(2 * bounce.capacity(), 1 << 24)));
            }
            bounce.clear().limit(length);
            return bounce;
        }
    }
}
