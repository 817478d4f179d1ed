package org.scsi4j.core.testing;

/** CDB builders for tests (big-endian fields as SBC-3/SPC-4 lay them out). */
public final class Cdbs {
    private Cdbs() {
    }

    public static byte[] testUnitReady() {
        return new byte[6];
    }

    public static byte[] read10(long lba, int blocks) {
        byte[] c = new byte[10];
        c[0] = 0x28;
        putInt(c, 2, (int) lba);
        c[7] = (byte) (blocks >>> 8);
        c[8] = (byte) blocks;
        return c;
    }

    public static byte[] write10(long lba, int blocks, boolean fua) {
        byte[] c = new byte[10];
        c[0] = 0x2A;
        c[1] = (byte) (fua ? 0x08 : 0);
        putInt(c, 2, (int) lba);
        c[7] = (byte) (blocks >>> 8);
        c[8] = (byte) blocks;
        return c;
    }

    public static byte[] read16(long lba, int blocks) {
        byte[] c = new byte[16];
        c[0] = (byte) 0x88;
        putLong(c, 2, lba);
        putInt(c, 10, blocks);
        return c;
    }

    public static byte[] write16(long lba, int blocks, boolean fua) {
        byte[] c = new byte[16];
        c[0] = (byte) 0x8A;
        c[1] = (byte) (fua ? 0x08 : 0);
        putLong(c, 2, lba);
        putInt(c, 10, blocks);
        return c;
    }

    public static byte[] writeSame16(long lba, int blocks, boolean unmap) {
        byte[] c = new byte[16];
        c[0] = (byte) 0x93;
        c[1] = (byte) (unmap ? 0x08 : 0);
        putLong(c, 2, lba);
        putInt(c, 10, blocks);
        return c;
    }

    public static byte[] synchronizeCache10() {
        byte[] c = new byte[10];
        c[0] = 0x35;
        return c;
    }

    public static byte[] unmap(int parameterListLength) {
        byte[] c = new byte[10];
        c[0] = 0x42;
        c[7] = (byte) (parameterListLength >>> 8);
        c[8] = (byte) parameterListLength;
        return c;
    }

    /** An UNMAP parameter list with one block descriptor. */
    public static byte[] unmapParameters(long lba, int blocks) {
        byte[] p = new byte[24];
        p[1] = 22;
        p[3] = 16;
        putLong(p, 8, lba);
        putInt(p, 16, blocks);
        return p;
    }

    public static byte[] inquiry(int allocationLength) {
        return new byte[] {0x12, 0, 0, (byte) (allocationLength >>> 8), (byte) allocationLength, 0};
    }

    public static byte[] reportLuns(int allocationLength) {
        byte[] c = new byte[12];
        c[0] = (byte) 0xA0;
        putInt(c, 6, allocationLength);
        return c;
    }

    public static byte[] readCapacity16(int allocationLength) {
        byte[] c = new byte[16];
        c[0] = (byte) 0x9E;
        c[1] = 0x10;
        putInt(c, 10, allocationLength);
        return c;
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) (v >>> 32));
        putInt(b, off + 4, (int) v);
    }
}
