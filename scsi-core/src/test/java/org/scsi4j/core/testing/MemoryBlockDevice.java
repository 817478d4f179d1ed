package org.scsi4j.core.testing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.scsi4j.core.spi.device.BlockDevice;
import org.scsi4j.core.spi.device.DeviceGeometry;
import org.scsi4j.core.spi.device.DeviceOperation;
import org.scsi4j.core.spi.device.IoCompletion;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * An in-memory asynchronous device for tests: sparse (64 KiB heap chunks, so a huge declared
 * size costs nothing), with switches for optional operations, a volatile cache, counters of FUA
 * writes and flushes, one-shot failure injection, completion on another thread, and a hold mode
 * that keeps operations until released (for task-management tests).
 */
public final class MemoryBlockDevice implements BlockDevice {
    private static final int CHUNK = 64 * 1024;

    private final int blockSize;
    private volatile long blockCount;
    private final ConcurrentHashMap<Long, byte[]> chunks = new ConcurrentHashMap<>();
    private volatile boolean unmapSupported = true;
    private volatile boolean writeSameSupported = true;
    private volatile boolean volatileCache;
    private volatile boolean completeOnOtherThread;
    private volatile boolean holding;
    private final AtomicReference<IoStatus> failNext = new AtomicReference<>();
    private final AtomicInteger fuaWrites = new AtomicInteger();
    private final AtomicInteger flushes = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger unmaps = new AtomicInteger();
    private final AtomicInteger writeSames = new AtomicInteger();
    private final List<Runnable> held = new ArrayList<>();
    private final ExecutorService completer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "memory-device-completer");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    public MemoryBlockDevice(int blockSize, long blockCount) {
        this.blockSize = blockSize;
        this.blockCount = blockCount;
    }

    // ---------------------------------------------------------------- switches

    public MemoryBlockDevice unmapSupported(boolean v) {
        unmapSupported = v;
        return this;
    }

    public MemoryBlockDevice writeSameSupported(boolean v) {
        writeSameSupported = v;
        return this;
    }

    public MemoryBlockDevice volatileCache(boolean v) {
        volatileCache = v;
        return this;
    }

    /** Complete every operation from a separate thread (exercises the cross-thread hand-off). */
    public MemoryBlockDevice completeOnOtherThread(boolean v) {
        completeOnOtherThread = v;
        return this;
    }

    /** The next operation fails with {@code status}. */
    public void failNext(IoStatus status) {
        failNext.set(status);
    }

    /** Holds every operation from now on until {@link #release()}. */
    public synchronized void hold() {
        holding = true;
    }

    /** Runs every held operation and stops holding. */
    public void release() {
        List<Runnable> toRun;
        synchronized (this) {
            holding = false;
            toRun = new ArrayList<>(held);
            held.clear();
        }
        toRun.forEach(Runnable::run);
    }

    /** Runs the operations held so far but keeps holding the ones that arrive from now on. */
    public void releaseHeldAndKeepHolding() {
        List<Runnable> toRun;
        synchronized (this) {
            toRun = new ArrayList<>(held);
            held.clear();
        }
        toRun.forEach(Runnable::run);
    }

    public synchronized int heldCount() {
        return held.size();
    }

    public void resize(long newBlockCount) {
        this.blockCount = newBlockCount;
    }

    public int fuaWrites() {
        return fuaWrites.get();
    }

    public int flushes() {
        return flushes.get();
    }

    public int writes() {
        return writes.get();
    }

    public int unmaps() {
        return unmaps.get();
    }

    public int writeSames() {
        return writeSames.get();
    }

    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- direct access for assertions

    /** Reads bytes straight from the store (no SCSI). */
    public byte[] peek(long lba, int blocks) {
        byte[] out = new byte[blocks * blockSize];
        copyOut(lba * blockSize, out.length, ByteBuffer.wrap(out));
        return out;
    }

    /** Writes bytes straight into the store (no SCSI). */
    public void poke(long lba, byte[] data) {
        copyIn(lba * blockSize, ByteBuffer.wrap(data));
    }

    // ---------------------------------------------------------------- BlockDevice

    @Override
    public DeviceGeometry geometry() {
        return new DeviceGeometry(blockSize, blockCount, 0, 0, 0, volatileCache);
    }

    @Override
    public boolean supports(DeviceOperation op) {
        switch (op) {
            case UNMAP:
                return unmapSupported;
            case WRITE_SAME:
                return writeSameSupported;
            case COMPARE_AND_WRITE:
                return false;
            default:
                return true;
        }
    }

    /** UNMAP drops whole chunks, so with UNMAP on the device is thin-provisioned. */
    @Override
    public boolean isThinProvisioned() {
        return unmapSupported;
    }

    @Override
    public void read(long lba, int blocks, ByteBuffer dst, IoCompletion done) {
        run(done, () -> {
            copyOut(lba * blockSize, (long) blocks * blockSize, dst.duplicate());
            return IoStatus.GOOD;
        });
    }

    @Override
    public void write(long lba, int blocks, ByteBuffer src, boolean fua, IoCompletion done) {
        run(done, () -> {
            writes.incrementAndGet();
            if (fua) {
                fuaWrites.incrementAndGet();
            }
            copyIn(lba * blockSize, src.duplicate());
            return IoStatus.GOOD;
        });
    }

    @Override
    public void flush(IoCompletion done) {
        run(done, () -> {
            flushes.incrementAndGet();
            return IoStatus.GOOD;
        });
    }

    @Override
    public void unmap(long lba, long blocks, IoCompletion done) {
        run(done, () -> {
            unmaps.incrementAndGet();
            zero(lba * blockSize, blocks * blockSize);
            return IoStatus.GOOD;
        });
    }

    @Override
    public void writeSame(long lba, long blocks, ByteBuffer pattern, IoCompletion done) {
        run(done, () -> {
            writeSames.incrementAndGet();
            for (long i = 0; i < blocks; i++) {
                copyIn((lba + i) * blockSize, pattern.duplicate());
            }
            return IoStatus.GOOD;
        });
    }

    @Override
    public long provisioningExtent(long lba, long maxBlocks) {
        return maxBlocks;
    }

    @Override
    public void close() {
        closed = true;
        completer.shutdown();
        try {
            completer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the completer thread has stopped (after close). */
    public boolean completerStopped() {
        return completer.isTerminated();
    }

    // ---------------------------------------------------------------- internals

    private interface Op {
        IoStatus run();
    }

    private void run(IoCompletion done, Op op) {
        Runnable r = () -> {
            IoStatus injected = failNext.getAndSet(null);
            if (injected != null) {
                done.complete(injected, 0);
                return;
            }
            done.complete(op.run(), 0);
        };
        synchronized (this) {
            if (holding) {
                held.add(r);
                return;
            }
        }
        if (completeOnOtherThread) {
            completer.execute(r);
        } else {
            r.run();
        }
    }

    private void copyOut(long offset, long length, ByteBuffer dst) {
        long pos = offset;
        long end = offset + length;
        int at = dst.position();
        while (pos < end) {
            long chunkIndex = pos / CHUNK;
            int inChunk = (int) (pos % CHUNK);
            int n = (int) Math.min(CHUNK - inChunk, end - pos);
            byte[] c = chunks.get(chunkIndex);
            if (c == null) {
                for (int i = 0; i < n; i++) {
                    dst.put(at + i, (byte) 0);
                }
            } else {
                dst.put(at, c, inChunk, n);
            }
            at += n;
            pos += n;
        }
    }

    private void copyIn(long offset, ByteBuffer src) {
        long pos = offset;
        int at = src.position();
        long end = offset + src.remaining();
        while (pos < end) {
            long chunkIndex = pos / CHUNK;
            int inChunk = (int) (pos % CHUNK);
            int n = (int) Math.min(CHUNK - inChunk, end - pos);
            byte[] c = chunks.computeIfAbsent(chunkIndex, k -> new byte[CHUNK]);
            src.get(at, c, inChunk, n);
            at += n;
            pos += n;
        }
    }

    private void zero(long offset, long length) {
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            long chunkIndex = pos / CHUNK;
            int inChunk = (int) (pos % CHUNK);
            int n = (int) Math.min(CHUNK - inChunk, end - pos);
            if (inChunk == 0 && n == CHUNK) {
                chunks.remove(chunkIndex);
            } else {
                byte[] c = chunks.get(chunkIndex);
                if (c != null) {
                    java.util.Arrays.fill(c, inChunk, inChunk + n, (byte) 0);
                }
            }
            pos += n;
        }
    }
}
