package org.scsi4j.backstore.file.internal;

import java.nio.ByteBuffer;

/**
 * Fills byte ranges with zeroes by copying from one shared, read-only zero buffer (Java 17 has no
 * {@code ByteBuffer.fill}). Thread-safe: the shared buffer is never written and only read through
 * absolute bulk operations, which touch no buffer state.
 */
public final class Zeroes {

    private static final int SIZE = 64 * 1024;
    private static final ByteBuffer ZEROES = ByteBuffer.allocateDirect(SIZE).asReadOnlyBuffer();

    private Zeroes() {
    }

    /** Writes {@code length} zero bytes into {@code dst} from {@code index}; position and limit are unchanged. */
    public static void fill(ByteBuffer dst, int index, int length) {
        while (length > 0) {
            int n = Math.min(length, SIZE);
            dst.put(index, ZEROES, 0, n);
            index += n;
            length -= n;
        }
    }
}
