package org.scsi4j.core.internal.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.scsi4j.core.spi.device.BlockDevice;
import org.scsi4j.core.spi.device.BlockingBlockDevice;
import org.scsi4j.core.spi.device.DeviceGeometry;
import org.scsi4j.core.spi.device.DeviceIoException;
import org.scsi4j.core.spi.device.DeviceOperation;
import org.scsi4j.core.spi.device.IoCompletion;
import org.scsi4j.core.spi.device.IoStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link BlockingBlockDevice} as a {@link BlockDevice} on a bounded worker pool the core
 * owns: threads named {@code scsi4j-<unit>-io-N}, a bounded queue whose overflow answers
 * {@link IoStatus#NO_RESOURCE} (backpressure, never an unbounded queue), stopped on close after the
 * outstanding operations finished.
 *
 * <p>A {@code ThreadPoolExecutor} over an {@code ArrayBlockingQueue} is used rather than a jctools
 * queue with hand-made parking: workers must block while idle anyway, and the JDK pool gives
 * bounded queueing, naming and orderly shutdown in a few lines.
 */
final class BlockingDeviceAdapter implements BlockDevice {
    private static final Logger LOG = LoggerFactory.getLogger(BlockingDeviceAdapter.class);
    private static final int QUEUE_PER_WORKER = 256;

    private final BlockingBlockDevice device;
    private final String unitName;
    private final ThreadPoolExecutor workers;
    private final AtomicLong runtimeFailures = new AtomicLong();

    BlockingDeviceAdapter(String unitName, BlockingBlockDevice device) {
        this.device = device;
        this.unitName = unitName;
        int n = Math.max(1, device.workerThreads());
        AtomicInteger seq = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(n, n, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(n * QUEUE_PER_WORKER), r -> {
                    Thread t = new Thread(r, "scsi4j-" + unitName + "-io-" + seq.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    @FunctionalInterface
    private interface Op {
        void run() throws IOException;
    }

    private void submit(Op op, boolean isRead, IoCompletion done) {
        try {
            workers.execute(() -> {
                IoStatus status = IoStatus.GOOD;
                long info = 0;
                try {
                    op.run();
                } catch (DeviceIoException e) {
                    status = e.status();
                    info = e.information();
                } catch (IOException e) {
                    status = isRead ? IoStatus.READ_ERROR : IoStatus.WRITE_ERROR;
                    logFailure(e);
                } catch (RuntimeException e) {
                    status = IoStatus.DEVICE_FAILURE;
                    logFailure(e);
                }
                done.complete(status, info);
            });
        } catch (RejectedExecutionException e) {
            done.complete(IoStatus.NO_RESOURCE, 0);
        }
    }

    private void logFailure(Exception e) {
        long n = runtimeFailures.incrementAndGet();
        if (n == 1 || Long.bitCount(n) == 1) {
            LOG.warn("device of logical unit {} failed an operation ({} failures so far)", unitName, n, e);
        }
    }

    @Override
    public DeviceGeometry geometry() {
        return device.geometry();
    }

    @Override
    public boolean supports(DeviceOperation op) {
        return device.supports(op);
    }

    @Override
    public boolean isReadOnly() {
        return device.isReadOnly();
    }

    @Override
    public boolean isThinProvisioned() {
        return device.isThinProvisioned();
    }

    @Override
    public boolean unmappedReadsZero() {
        return device.unmappedReadsZero();
    }

    @Override
    public void read(long lba, int blocks, ByteBuffer dst, IoCompletion done) {
        submit(() -> device.read(lba, blocks, dst), true, done);
    }

    @Override
    public void write(long lba, int blocks, ByteBuffer src, boolean fua, IoCompletion done) {
        submit(() -> device.write(lba, blocks, src, fua), false, done);
    }

    @Override
    public void flush(IoCompletion done) {
        submit(device::flush, false, done);
    }

    @Override
    public void unmap(long lba, long blocks, IoCompletion done) {
        submit(() -> device.unmap(lba, blocks), false, done);
    }

    @Override
    public void writeSame(long lba, long blocks, ByteBuffer pattern, IoCompletion done) {
        submit(() -> device.writeSame(lba, blocks, pattern), false, done);
    }

    @Override
    public void compareAndWrite(long lba, int blocks, ByteBuffer compare, ByteBuffer data, IoCompletion done) {
        submit(() -> device.compareAndWrite(lba, blocks, compare, data), false, done);
    }

    @Override
    public long provisioningExtent(long lba, long maxBlocks) {
        return device.provisioningExtent(lba, maxBlocks);
    }

    /** Number of worker threads still alive (tests assert 0 after close). */
    int liveWorkers() {
        return workers.getPoolSize();
    }

    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("device workers of logical unit {} still busy after 30 s; interrupting", unitName);
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        device.close();
    }
}
