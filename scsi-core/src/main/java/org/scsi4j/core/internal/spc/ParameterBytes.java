package org.scsi4j.core.internal.spc;

import java.nio.ByteBuffer;

/**
 * Field writers for parameter data built in a zero-filled buffer with absolute, big-endian access
 * (SPC-4 §3.5 byte order). Strings are ASCII left-aligned and space-padded (SPC-4 §4.3.1).
 */
final class ParameterBytes {
    private ParameterBytes() {
    }

    static void u8(ByteBuffer b, int off, int v) {
        b.put(off, (byte) v);
    }

    static void u16(ByteBuffer b, int off, int v) {
        b.put(off, (byte) (v >>> 8));
        b.put(off + 1, (byte) v);
    }

    static void u24(ByteBuffer b, int off, int v) {
        b.put(off, (byte) (v >>> 16));
        b.put(off + 1, (byte) (v >>> 8));
        b.put(off + 2, (byte) v);
    }

    static void u32(ByteBuffer b, int off, long v) {
        for (int i = 0; i < 4; i++) {
            b.put(off + i, (byte) (v >>> (24 - 8 * i)));
        }
    }

    static void u64(ByteBuffer b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b.put(off + i, (byte) (v >>> (56 - 8 * i)));
        }
    }

    /** Writes {@code s} into {@code width} bytes, space-padded; longer strings are cut. */
    static void ascii(ByteBuffer b, int off, String s, int width) {
        for (int i = 0; i < width; i++) {
            b.put(off + i, (byte) (i < s.length() ? s.charAt(i) : ' '));
        }
    }

    /** Writes {@code s} unpadded; returns the bytes written. */
    static int ascii(ByteBuffer b, int off, String s) {
        for (int i = 0; i < s.length(); i++) {
            b.put(off + i, (byte) s.charAt(i));
        }
        return s.length();
    }

    /** Reads an unsigned byte. */
    static int get8(ByteBuffer b, int off) {
        return b.get(off) & 0xFF;
    }

    static int get16(ByteBuffer b, int off) {
        return (get8(b, off) << 8) | get8(b, off + 1);
    }

    static int get24(ByteBuffer b, int off) {
        return (get8(b, off) << 16) | get16(b, off + 1);
    }

    static long get32(ByteBuffer b, int off) {
        return ((long) get16(b, off) << 16) | get16(b, off + 2);
    }

    static long get64(ByteBuffer b, int off) {
        return (get32(b, off) << 32) | get32(b, off + 4);
    }

    /** The most significant set bit of a non-zero byte value (for a sense bit pointer). */
    static int topBit(int v) {
        return 31 - Integer.numberOfLeadingZeros(v & 0xFF);
    }
}
