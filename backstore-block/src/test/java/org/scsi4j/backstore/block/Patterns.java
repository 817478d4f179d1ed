package org.scsi4j.backstore.block;

import java.nio.ByteBuffer;

/** Buffers with recognisable contents, of every shape the core may hand a device. */
public final class Patterns {

    private Patterns() {
    }

    /** Byte {@code i} of pattern {@code seed}. */
    public static byte at(int seed, long i) {
        return (byte) (seed * 31 + i * 7 + (i >>> 9));
    }

    /** Fills {@code b}'s position..limit with pattern {@code seed}; position and limit unchanged. */
    public static ByteBuffer fill(ByteBuffer b, int seed) {
        for (int i = 0; i < b.remaining(); i++) {
            b.put(b.position() + i, at(seed, i));
        }
        return b;
    }

    /** A direct buffer of {@code length} bytes whose address is 4096-aligned. */
    public static ByteBuffer aligned(int length) {
        return ByteBuffer.allocateDirect(length + 8192).alignedSlice(4096).slice(0, length);
    }

    /** A direct buffer of {@code length} bytes whose address is deliberately not 8-aligned. */
    public static ByteBuffer misaligned(int length) {
        return ByteBuffer.allocateDirect(length + 8192).alignedSlice(4096).slice(1, length);
    }

    /** Offset of the first byte of {@code b}'s position..limit that is not pattern {@code seed}, or -1. */
    public static int mismatch(ByteBuffer b, int seed) {
        for (int i = 0; i < b.remaining(); i++) {
            if (b.get(b.position() + i) != at(seed, i)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code b}'s position..limit is all zero. */
    public static boolean zero(ByteBuffer b) {
        for (int i = b.position(); i < b.limit(); i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
