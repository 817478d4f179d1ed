package org.scsi4j.backstore.block.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whole-buffer positional reads and writes on a block device's {@link FileChannel}, buffered or
 * O_DIRECT.
 *
 * <p><b>O_DIRECT.</b> The JDK checks every DIRECT transfer (file offset, length and buffer address)
 * against the {@code f_frsize} of the file system holding the <em>node</em> ({@code /dev}, a
 * devtmpfs: the page size), not against the device's logical block size. So {@code alignment} is
 * the larger of the two, and a request or buffer not aligned to it goes through an aligned bounce
 * buffer from a small cache. Heap buffers always bounce: on JDK 17 the JDK's own heap path for
 * DIRECT channels corrupts a thread-local buffer cache. For a 512-byte-sector device a write that
 * covers only part of an aligned unit is a read-modify-write of that unit; such edge units are
 * locked (striped) for the duration, so concurrent writes to different sectors of one unit never
 * lose each other's data. A write that covers whole units takes no lock: the core never runs
 * overlapping writes concurrently, so nobody else touches those units.
 *
 * <p>Thread-safe (positional I/O, no shared file position). The caller's buffer position and limit
 * are left as found. A read that meets the end of the device throws {@link EOFException}; other
 * failures are {@link IOException}s that name the device, the operation and the offset.
 */
public final class AlignedIo {

    /** Capacity of one bounce buffer. */
    public static final int CHUNK_BYTES = 256 * 1024;
    private static final int STRIPES = 64;

    private final FileChannel channel;
    private final String name;
    private final int alignment;
    private final ArrayBlockingQueue<ByteBuffer> idle;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    /**
     * @param alignment O_DIRECT alignment in bytes (a power of two dividing {@link #CHUNK_BYTES}), or 0 for a buffered channel
     * @param keep      how many idle bounce buffers to keep (one per worker)
     */
    public AlignedIo(FileChannel channel, String name, int alignment, int keep) {
        if (alignment < 0 || Integer.bitCount(alignment) > 1 || alignment > CHUNK_BYTES) {
            throw new IllegalArgumentException("alignment must be 0 or a power of two up to " + CHUNK_BYTES + ", was " + alignment);
        }
        this.channel = channel;
        this.name = name;
        this.alignment = alignment;
        this.idle = new ArrayBlockingQueue<>(Math.max(1, keep));
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Fills {@code dst}'s position..limit from the device at byte {@code offset}. */
    public void read(ByteBuffer dst, long offset) throws IOException {
        if (inPlace(dst, offset)) {
            readAt(dst, offset);
            return;
        }
        long end = offset + dst.remaining();
        ByteBuffer b = acquire();
        try {
            for (long at = down(offset); at < end; at += CHUNK_BYTES) {
                int n = (int) Math.min(CHUNK_BYTES, up(end) - at);
                readAt(b.clear().limit(n), at);
                long from = Math.max(at, offset);
                dst.put(dst.position() + (int) (from - offset), b, (int) (from - at), (int) (Math.min(at + n, end) - from));
            }
        } finally {
            idle.offer(b);
        }
    }

    /** Writes all of {@code src}'s position..limit to the device at byte {@code offset}. */
    public void write(ByteBuffer src, long offset) throws IOException {
        if (inPlace(src, offset)) {
            writeAt(src, offset);
            return;
        }
        long end = offset + src.remaining();
        long first = down(offset);
        int head = offset != first ? stripe(first) : -1;
        int tail = end != up(end) ? stripe(down(end)) : -1;
        lock(Math.min(head, tail));
        lock(Math.max(head, tail));
        ByteBuffer b = acquire();
        try {
            for (long at = first; at < end; at += CHUNK_BYTES) {
                int n = (int) Math.min(CHUNK_BYTES, up(end) - at);
                b.clear().limit(n);
                if (at < offset) {
                    readAt(b.slice(0, alignment), at); // partial head unit: keep its other sectors
                }
                if (at + n > end) {
                    readAt(b.slice(n - alignment, alignment), at + n - alignment); // partial tail unit
                }
                long from = Math.max(at, offset);
                b.put((int) (from - at), src, src.position() + (int) (from - offset), (int) (Math.min(at + n, end) - from));
                writeAt(b, at);
            }
        } finally {
            idle.offer(b);
            unlock(Math.max(head, tail));
            unlock(Math.min(head, tail));
        }
    }

    private boolean inPlace(ByteBuffer b, long offset) {
        return alignment == 0 || (b.isDirect() && offset % alignment == 0 && b.remaining() % alignment == 0
                && b.alignmentOffset(b.position(), alignment) == 0);
    }

    private void readAt(ByteBuffer dst, long offset) throws IOException {
        int start = dst.position();
        try {
            while (dst.hasRemaining()) {
                long at = offset + (dst.position() - start);
                int n = channel.read(dst, at);
                // A block device reads short only at its end; under O_DIRECT a short read is also
                // unaligned, and the next call would fail with a confusing alignment error.
                if (n < 0 || (alignment != 0 && n % alignment != 0)) {
                    throw new EOFException("read past the end of " + name + " at byte " + (at + Math.max(n, 0))
                            + " (the device is smaller than when it was opened?)");
                }
            }
        } catch (EOFException e) {
            throw e;
        } catch (IOException e) {
            throw failure("read", dst.limit() - start, offset, e);
        } finally {
            dst.position(start);
        }
    }

    private void writeAt(ByteBuffer src, long offset) throws IOException {
        int start = src.position();
        try {
            while (src.hasRemaining()) {
                if (channel.write(src, offset + (src.position() - start)) <= 0) {
                    throw new IOException("the device accepted no bytes");
                }
            }
        } catch (IOException e) {
            throw failure("write", src.limit() - start, offset, e);
        } finally {
            src.position(start);
        }
    }

    private IOException failure(String op, int length, long offset, IOException cause) {
        return new IOException(op + " of " + length + " bytes at byte " + offset + " of " + name + " failed: "
                + cause.getMessage(), cause);
    }

    private ByteBuffer acquire() {
        ByteBuffer b = idle.poll();
        return b != null ? b : ByteBuffer.allocateDirect(CHUNK_BYTES + alignment).alignedSlice(alignment).slice(0, CHUNK_BYTES);
    }

    private long down(long offset) {
        return offset - offset % alignment;
    }

    private long up(long offset) {
        return down(offset + alignment - 1);
    }

    private int stripe(long unitOffset) {
        return (int) ((unitOffset / alignment) % STRIPES);
    }

    private void lock(int stripe) {
        if (stripe >= 0) {
            stripes[stripe].lock();
        }
    }

    private void unlock(int stripe) {
        if (stripe >= 0) {
            stripes[stripe].unlock();
        }
    }
}
