package org.scsi4j.core.internal.mmc;

/** CDB builders for the MMC tests (big-endian fields as MMC-6 lays them out). */
final class MmcCdb {
    private MmcCdb() {
    }

    static byte[] testUnitReady() {
        return new byte[6];
    }

    static byte[] getConfiguration(int rt, int startingFeature, int allocationLength) {
        return cdb10(0x46, rt, startingFeature >>> 8, startingFeature, 0, 0, 0, allocationLength);
    }

    static byte[] eventStatus(boolean polled, int classes, int allocationLength) {
        return cdb10(0x4A, polled ? 1 : 0, 0, 0, classes, 0, 0, allocationLength);
    }

    static byte[] readToc(boolean msf, int format, int track, int allocationLength) {
        return cdb10(0x43, msf ? 0x02 : 0, format, 0, 0, 0, track, allocationLength);
    }

    static byte[] readDiscInformation(int dataType, int allocationLength) {
        return cdb10(0x51, dataType, 0, 0, 0, 0, 0, allocationLength);
    }

    static byte[] readTrackInformation(int type, long number, int allocationLength) {
        byte[] c = cdb10(0x52, type, 0, 0, 0, 0, 0, allocationLength);
        putInt(c, 2, number);
        return c;
    }

    static byte[] mechanismStatus(int allocationLength) {
        byte[] c = new byte[12];
        c[0] = (byte) 0xBD;
        c[8] = (byte) (allocationLength >>> 8);
        c[9] = (byte) allocationLength;
        return c;
    }

    static byte[] modeSense10(int pc, int page, int subpage, int allocationLength) {
        return cdb10(0x5A, 0, (pc << 6) | page, subpage, 0, 0, 0, allocationLength);
    }

    static byte[] modeSense6(int pc, int page, int allocationLength) {
        return new byte[] {0x1A, 0, (byte) ((pc << 6) | page), 0, (byte) allocationLength, 0};
    }

    static byte[] preventAllow(int field) {
        return new byte[] {0x1E, 0, 0, 0, (byte) field, 0};
    }

    static byte[] startStop(boolean loej, boolean start) {
        return new byte[] {0x1B, 0, 0, 0, (byte) ((loej ? 2 : 0) | (start ? 1 : 0)), 0};
    }

    static byte[] read10(long lba, int blocks) {
        byte[] c = cdb10(0x28, 0, 0, 0, 0, 0, 0, blocks);
        putInt(c, 2, lba);
        return c;
    }

    static byte[] read12(long lba, int blocks, int byte10) {
        byte[] c = new byte[12];
        c[0] = (byte) 0xA8;
        putInt(c, 2, lba);
        putInt(c, 6, blocks);
        c[10] = (byte) byte10;
        return c;
    }

    static byte[] readCapacity10() {
        byte[] c = new byte[10];
        c[0] = 0x25;
        return c;
    }

    /** A 10-byte CDB: opcode, bytes 1-6, ALLOCATION LENGTH in bytes 7-8. */
    static byte[] cdb10(int opcode, int b1, int b2, int b3, int b4, int b5, int b6, int allocationLength) {
        return new byte[] {(byte) opcode, (byte) b1, (byte) b2, (byte) b3, (byte) b4, (byte) b5, (byte) b6,
                (byte) (allocationLength >>> 8), (byte) allocationLength, 0};
    }

    static void putInt(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static long u32(byte[] b, int off) {
        return ((long) u16(b, off) << 16) | u16(b, off + 2);
    }
}
