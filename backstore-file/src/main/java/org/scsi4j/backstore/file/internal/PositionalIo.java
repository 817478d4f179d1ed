package org.scsi4j.backstore.file.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Whole-buffer positional reads and writes on a {@link FileChannel}, with the O_DIRECT rules
 * applied: when the channel was opened with {@code DIRECT}, a buffer that is not a direct buffer
 * aligned to {@code alignment} goes through an aligned bounce buffer from a small pool. (Heap
 * buffers are bounced here too rather than left to the JDK: on JDK 17 its own heap path for
 * DIRECT channels caches an aligned slice with no cleaner and a later, unrelated heap I/O on that
 * thread fails with a NullPointerException.)
 *
 * <p>Thread-safe: positional I/O uses no shared file position. Every method leaves the caller's
 * buffer position and limit as it found them, so the core can still see the data as
 * position..limit afterwards.
 */
public final class PositionalIo {

    private final FileChannel channel;
    private final Path path;
    private final int alignment;
    private final AlignedBufferPool bounce;

    /**
     * @param alignment O_DIRECT alignment in bytes (file offsets, lengths and buffer addresses), or
     *                  0 for a buffered channel
     * @param bounce    aligned buffers for unaligned callers' data (unused when {@code alignment} is 0)
     */
    public PositionalIo(FileChannel channel, Path path, int alignment, AlignedBufferPool bounce) {
        this.channel = channel;
        this.path = path;
        this.alignment = alignment;
        this.bounce = bounce;
    }

    /**
     * Fills {@code dst}'s position..limit from the file at {@code offset}.
     *
     * @throws EOFException when the file ends first (it shrank underneath the device): never
     *                      returns with part of the buffer unfilled
     */
    public void readFully(ByteBuffer dst, long offset) throws IOException {
        if (!needsBounce(dst)) {
            readInPlace(dst, offset);
            return;
        }
        ByteBuffer b = bounce.acquire();
        try {
            for (int index = dst.position(); index < dst.limit(); ) {
                int n = Math.min(b.capacity(), dst.limit() - index);
                readInPlace(b.clear().limit(n), offset);
                dst.put(index, b, 0, n);
                index += n;
                offset += n;
            }
        } finally {
            bounce.release(b);
        }
    }

    /** Writes all of {@code src}'s position..limit to the file at {@code offset}. */
    public void writeFully(ByteBuffer src, long offset) throws IOException {
        if (!needsBounce(src)) {
            writeInPlace(src, offset);
            return;
        }
        ByteBuffer b = bounce.acquire();
        try {
            for (int index = src.position(); index < src.limit(); ) {
                int n = Math.min(b.capacity(), src.limit() - index);
                b.clear().put(0, src, index, n).limit(n);
                writeInPlace(b, offset);
                index += n;
                offset += n;
            }
        } finally {
            bounce.release(b);
        }
    }

    private boolean needsBounce(ByteBuffer buffer) {
        return alignment != 0
                && (!buffer.isDirect() || buffer.alignmentOffset(buffer.position(), alignment) != 0);
    }

    private void readInPlace(ByteBuffer dst, long offset) throws IOException {
        int start = dst.position();
        try {
            while (dst.hasRemaining()) {
                long at = offset + (dst.position() - start);
                int n = channel.read(dst, at);
                // A regular file reads short only at its end; under O_DIRECT a short read is also
                // unaligned, so the next call would fail with a confusing alignment error.
                if (n < 0 || (alignment != 0 && n % alignment != 0)) {
                    throw new EOFException("unexpected end of " + path + " at byte " + at
                            + " (file shorter than the device: truncated underneath it?)");
                }
            }
        } finally {
            dst.position(start);
        }
    }

    private void writeInPlace(ByteBuffer src, long offset) throws IOException {
        int start = src.position();
        try {
            while (src.hasRemaining()) {
                channel.write(src, offset + (src.position() - start));
            }
        } finally {
            src.position(start);
        }
    }
}
