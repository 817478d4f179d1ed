package org.scsi4j.core.internal.xcopy;

import java.io.ByteArrayOutputStream;

/**
 * CDBs and parameter lists of EXTENDED COPY (LID1) and RECEIVE COPY RESULTS, built field by field
 * as SPC-4 §6.4 and §6.26 lay them out.
 */
final class CopyCdb {
    private CopyCdb() {
    }

    static byte[] extendedCopy(int parameterListLength) {
        byte[] c = new byte[16];
        c[0] = (byte) 0x83;
        putInt(c, 10, parameterListLength);
        return c;
    }

    static byte[] receiveCopyResults(int serviceAction, int listId, int allocationLength) {
        byte[] c = new byte[16];
        c[0] = (byte) 0x84;
        c[1] = (byte) serviceAction;
        c[2] = (byte) listId;
        putInt(c, 10, allocationLength);
        return c;
    }

    /** A parameter list: header, then the descriptors added, lengths filled in by {@link #build}. */
    static final class ParameterListBuilder {
        private int listId = 1;
        private int usage;
        private long inline;
        private final ByteArrayOutputStream cscds = new ByteArrayOutputStream();
        private final ByteArrayOutputStream segments = new ByteArrayOutputStream();

        ParameterListBuilder listId(int id, int listIdUsage) {
            this.listId = id;
            this.usage = listIdUsage;
            return this;
        }

        ParameterListBuilder inlineDataLength(long n) {
            this.inline = n;
            return this;
        }

        /** An identification descriptor CSCD (E4h) with an 8-byte NAA designator, disk. */
        ParameterListBuilder cscd(long naa, int blockSize) {
            byte[] d = cscdBytes(naa, blockSize);
            cscds.writeBytes(d);
            return this;
        }

        ParameterListBuilder rawCscd(byte[] d) {
            cscds.writeBytes(d);
            return this;
        }

        /** A block device to block device segment descriptor (02h). */
        ParameterListBuilder segment(int src, int dst, int blocks, long srcLba, long dstLba, boolean dc) {
            segments.writeBytes(segmentBytes(src, dst, blocks, srcLba, dstLba, dc));
            return this;
        }

        ParameterListBuilder rawSegment(byte[] d) {
            segments.writeBytes(d);
            return this;
        }

        byte[] build() {
            byte[] c = cscds.toByteArray();
            byte[] s = segments.toByteArray();
            byte[] p = new byte[16 + c.length + s.length];
            p[0] = (byte) listId;
            p[1] = (byte) (usage << 3);
            p[2] = (byte) (c.length >>> 8);
            p[3] = (byte) c.length;
            putInt(p, 8, s.length);
            putInt(p, 12, (int) inline);
            System.arraycopy(c, 0, p, 16, c.length);
            System.arraycopy(s, 0, p, 16 + c.length, s.length);
            return p;
        }
    }

    static ParameterListBuilder list() {
        return new ParameterListBuilder();
    }

    static byte[] cscdBytes(long naa, int blockSize) {
        byte[] d = new byte[32];
        d[0] = (byte) 0xE4;
        d[1] = 0x00;                    // LU ID TYPE 00b, NUL 0, PERIPHERAL DEVICE TYPE 00h
        d[4] = 0x01;                    // code set binary
        d[5] = 0x03;                    // association logical unit, designator type NAA
        d[7] = 8;
        putLong(d, 8, naa);
        d[29] = (byte) (blockSize >>> 16);
        d[30] = (byte) (blockSize >>> 8);
        d[31] = (byte) blockSize;
        return d;
    }

    static byte[] segmentBytes(int src, int dst, int blocks, long srcLba, long dstLba, boolean dc) {
        byte[] d = new byte[28];
        d[0] = 0x02;
        d[1] = (byte) (dc ? 0x02 : 0);
        d[3] = 0x18;
        d[4] = (byte) (src >>> 8);
        d[5] = (byte) src;
        d[6] = (byte) (dst >>> 8);
        d[7] = (byte) dst;
        d[10] = (byte) (blocks >>> 8);
        d[11] = (byte) blocks;
        putLong(d, 12, srcLba);
        putLong(d, 20, dstLba);
        return d;
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) (v >>> 32));
        putInt(b, off + 4, (int) v);
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static long u32(byte[] b, int off) {
        return ((long) u16(b, off) << 16) | u16(b, off + 2);
    }
}
