package org.scsi4j.backstore.file.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * A small cache of equally sized direct buffers whose addresses are aligned for O_DIRECT, one per
 * worker thread in normal use. Buffers are allocated on demand and at most {@code keep} are kept
 * for reuse, so a burst of concurrent callers costs a transient allocation, never a wait.
 *
 * <p>Thread-safe. The caller owns a buffer from {@link #acquire()} until it passes it to
 * {@link #release(ByteBuffer)}; the buffer's contents are undefined on acquire.
 */
public final class AlignedBufferPool {

    private final int bufferBytes;
    private final int alignment;
    private final ArrayBlockingQueue<ByteBuffer> idle;

    /**
     * @param bufferBytes capacity of each buffer, a multiple of {@code alignment}
     * @param alignment   address alignment, a power of two
     * @param keep        how many idle buffers to keep for reuse (at least 1)
     */
    public AlignedBufferPool(int bufferBytes, int alignment, int keep) {
        if (bufferBytes % alignment != 0) {
            throw new IllegalArgumentException("bufferBytes " + bufferBytes + " is not a multiple of " + alignment);
        }
        this.bufferBytes = bufferBytes;
        this.alignment = alignment;
        this.idle = new ArrayBlockingQueue<>(Math.max(1, keep));
    }

    /** A cleared buffer of {@link #bufferBytes()} bytes, aligned; never blocks. */
    public ByteBuffer acquire() {
        ByteBuffer b = idle.poll();
        return b != null ? b.clear() : allocate(bufferBytes, alignment);
    }

    /** Returns a buffer from {@link #acquire()}; it is kept for reuse when the cache has room. */
    public void release(ByteBuffer buffer) {
        idle.offer(buffer);
    }

    public int bufferBytes() {
        return bufferBytes;
    }

    /** Drops every cached buffer (their memory goes with the garbage collector). */
    public void clear() {
        idle.clear();
    }

    /** A new direct buffer of exactly {@code bytes} whose address is a multiple of {@code alignment}. */
    public static ByteBuffer allocate(int bytes, int alignment) {
        return ByteBuffer.allocateDirect(bytes + alignment - 1).alignedSlice(alignment).slice(0, bytes);
    }
}
