package org.scsi4j.core.internal.sbc;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.spi.device.BlockDevice;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * One sanitize operation (SBC-4 §4.11) as a series of device calls made while the
 * {@link RangeLock} holds the whole medium exclusively: OVERWRITE writes a pattern buffer chunk by
 * chunk, pass after pass; BLOCK ERASE unmaps chunk by chunk; both end with a flush. Progress goes
 * to the unit's {@link SanitizeState}, which is also the lease's completion and so learns the
 * outcome first. Allocated per run (not a data-path object) with its own direct pattern buffer,
 * so it outlives the SANITIZE task when IMMED=1.
 */
final class SanitizeRun implements Lease.Op {
    static final int OVERWRITE = 1;
    static final int BLOCK_ERASE = 2;
    /** Bytes of pattern written per device call. */
    static final int CHUNK_BYTES = 1 << 20;

    private final int method;
    private final LogicalUnit lu;
    private final BlockDevice device;
    private final long capacity;
    private final int chunkBlocks;
    private final ByteBuffer buffer;
    private final int passes;
    private final boolean invert;
    private final int blockSize;
    // progress: touched only by the thread running the current step
    private long position;
    private int pass;
    private int issued;
    private boolean flushing;
    private final AtomicInteger wip = new AtomicInteger();

    private SanitizeRun(int method, LogicalUnit lu, ByteBuffer buffer, int chunkBlocks, int passes, boolean invert) {
        this.method = method;
        this.lu = lu;
        this.device = lu.device();
        this.capacity = lu.geometry().blockCount();
        this.blockSize = lu.geometry().logicalBlockSize();
        this.buffer = buffer;
        this.chunkBlocks = chunkBlocks;
        this.passes = passes;
        this.invert = invert;
    }

    /**
     * OVERWRITE: every block gets the pattern, repeated from the block's first byte. With INVERT
     * the pattern is inverted between passes, starting inverted when the count is even, so that
     * the last pass writes the pattern as given (SBC-4).
     */
    static SanitizeRun overwrite(LogicalUnit lu, ByteBuffer list, int patternLength, int passes, boolean invert) {
        int blockSize = lu.geometry().logicalBlockSize();
        int chunkBlocks = (int) Math.max(1, Math.min(lu.geometry().blockCount(), CHUNK_BYTES / blockSize));
        ByteBuffer buffer = ByteBuffer.allocateDirect(chunkBlocks * blockSize);
        for (int at = 0; at < buffer.capacity(); at += blockSize) {
            for (int i = 0; i < blockSize; i++) {
                buffer.put(at + i, list.get(Sanitize.HEADER_LENGTH + i % patternLength));
            }
        }
        if (invert && passes % 2 == 0) {
            invert(buffer);
        }
        return new SanitizeRun(OVERWRITE, lu, buffer, chunkBlocks, passes, invert);
    }

    /** BLOCK ERASE: every block unmapped, at most MAXIMUM UNMAP LBA COUNT blocks per call. */
    static SanitizeRun blockErase(LogicalUnit lu) {
        return new SanitizeRun(BLOCK_ERASE, lu, null, (int) BlockLimits.MAX_UNMAP_LBA_COUNT, 1, false);
    }

    /** Queues the run on the range lock (it starts once writes in flight are done). */
    void start() {
        RangeLock lock = lu.sbc().rangeLock();
        lock.submit(lock.lease(this, device, 0, capacity, lu.sbc().sanitize()), true);
    }

    @Override
    public void start(Lease l) {
        drive(l);
    }

    @Override
    public void step(Lease l, IoStatus status, long information) {
        if (status != IoStatus.GOOD || flushing) {
            l.finish(status, information);
            return;
        }
        position += issued;
        if (position >= capacity) {
            position = 0;
            pass++;
            if (invert) {
                invert(buffer);
            }
        }
        drive(l);
    }

    /**
     * Issues the next call, looping instead of recursing when the device completes inline: the
     * thread that finds {@code wip} at 0 issues; a completion arriving meanwhile (inline or from
     * another thread) only counts itself, and the issuing thread goes round again. One call is in
     * flight at a time.
     */
    private void drive(Lease l) {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        do {
            next(l);
        } while (wip.decrementAndGet() != 0);
    }

    private void next(Lease l) {
        lu.sbc().sanitize().progress((long) pass * capacity + position, (long) passes * capacity);
        if (pass >= passes || capacity == 0) {
            flushing = true;
            device.flush(l);
            return;
        }
        issued = (int) Math.min(chunkBlocks, capacity - position);
        if (method == BLOCK_ERASE) {
            device.unmap(position, issued, l);
        } else {
            buffer.limit(issued * blockSize).position(0);
            device.write(position, issued, buffer, false, l);
        }
    }

    private static void invert(ByteBuffer b) {
        int n = b.capacity();
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            b.putLong(i, ~b.getLong(i));
        }
        for (; i < n; i++) {
            b.put(i, (byte) ~b.get(i));
        }
    }
}
