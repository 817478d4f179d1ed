package org.scsi4j.core.internal.engine;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.atomic.MpmcAtomicArrayQueue;

/**
 * A bounded pool of direct, 4096-byte-aligned buffers in power-of-two size classes (4 KiB up to
 * {@link #MAX_BUFFER}). Buffers are created on demand until {@code budgetBytes} are in use or
 * cached, then recycled; a request past the budget gets null (the caller answers BUSY), never an
 * unbounded allocation. Thread-safe: owner threads of several nexuses share one pool.
 */
public final class BufferPool implements AutoCloseable {
    public static final int MIN_BUFFER = 4096;
    public static final int MAX_BUFFER = 64 << 20;
    private static final int CLASSES = Integer.numberOfTrailingZeros(MAX_BUFFER) - Integer.numberOfTrailingZeros(MIN_BUFFER) + 1;
    private static final int FREE_PER_CLASS = 256;
    private static final int ALIGNMENT = 4096;

    private final long budgetBytes;
    private final AtomicLong createdBytes = new AtomicLong();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final MpmcAtomicArrayQueue<ByteBuffer>[] free;

    @SuppressWarnings("unchecked")
    public BufferPool(long budgetBytes) {
        if (budgetBytes < MAX_BUFFER) {
            throw new IllegalArgumentException("buffer pool budget must be at least " + MAX_BUFFER + " bytes, was " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
        this.free = new MpmcAtomicArrayQueue[CLASSES];
        for (int i = 0; i < CLASSES; i++) {
            free[i] = new MpmcAtomicArrayQueue<>(FREE_PER_CLASS);
        }
    }

    private static int classOf(int size) {
        int s = Math.max(size, MIN_BUFFER);
        int pow = 32 - Integer.numberOfLeadingZeros(s - 1);
        return pow - Integer.numberOfTrailingZeros(MIN_BUFFER);
    }

    /** Largest size {@link #acquire} serves. */
    public static int maxSize() {
        return MAX_BUFFER;
    }

    /**
     * @return a cleared buffer of capacity at least {@code size} (position 0, limit {@code size}),
     *         or null when the budget is spent or {@code size} is above {@link #MAX_BUFFER}
     */
    public ByteBuffer acquire(int size) {
        if (size > MAX_BUFFER || size < 0) {
            return null;
        }
        int cls = classOf(size);
        ByteBuffer b = free[cls].poll();
        if (b == null) {
            int capacity = MIN_BUFFER << cls;
            long now = createdBytes.addAndGet(capacity);
            if (now > budgetBytes) {
                createdBytes.addAndGet(-capacity);
                if (!reclaimFor(capacity)) {
                    return null;
                }
                createdBytes.addAndGet(capacity);
            }
            // alignedSlice may leave up to ALIGNMENT extra bytes; cut to the class size exactly, or
            // release() would file the buffer under a larger class than it can serve
            ByteBuffer aligned = ByteBuffer.allocateDirect(capacity + ALIGNMENT).alignedSlice(ALIGNMENT);
            b = aligned.limit(capacity).slice();
        }
        outstanding.incrementAndGet();
        b.clear().limit(size);
        return b;
    }

    /** Drops cached buffers of other classes until {@code capacity} fits in the budget. */
    private boolean reclaimFor(int capacity) {
        for (int i = CLASSES - 1; i >= 0; i--) {
            ByteBuffer victim;
            while ((victim = free[i].poll()) != null) {
                createdBytes.addAndGet(-(long) (MIN_BUFFER << i));
                if (createdBytes.get() + capacity <= budgetBytes) {
                    return true;
                }
            }
        }
        return createdBytes.get() + capacity <= budgetBytes;
    }

    /** Returns a buffer obtained from {@link #acquire}. */
    public void release(ByteBuffer b) {
        outstanding.decrementAndGet();
        int cls = classOf(b.capacity());
        if (!free[cls].offer(b)) {
            createdBytes.addAndGet(-(long) b.capacity());
        }
    }

    /** Buffers handed out and not yet released (tests assert 0 after close). */
    public int outstanding() {
        return outstanding.get();
    }

    /** Bytes of buffers created and not dropped (cached or in use). */
    public long createdBytes() {
        return createdBytes.get();
    }

    @Override
    public void close() {
        for (MpmcAtomicArrayQueue<ByteBuffer> q : free) {
            while (q.poll() != null) {
                // dropped; direct memory is freed by the GC
            }
        }
        createdBytes.set(0);
    }
}
