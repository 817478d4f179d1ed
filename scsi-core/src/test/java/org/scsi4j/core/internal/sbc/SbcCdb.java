package org.scsi4j.core.internal.sbc;

/** CDB builders for the SBC tests: any opcode in the 6/10/12/16-byte block layouts. */
final class SbcCdb {
    private SbcCdb() {
    }

    /** A block command of {@code length} bytes with LBA, length field and byte 1 set. */
    static byte[] block(int opcode, int length, long lba, long blocks, int byte1) {
        byte[] c = new byte[length];
        c[0] = (byte) opcode;
        c[1] = (byte) byte1;
        switch (length) {
            case 6:
                c[1] = (byte) (byte1 | ((lba >>> 16) & 0x1F));
                c[2] = (byte) (lba >>> 8);
                c[3] = (byte) lba;
                c[4] = (byte) blocks;
                break;
            case 10:
                putInt(c, 2, lba);
                c[7] = (byte) (blocks >>> 8);
                c[8] = (byte) blocks;
                break;
            case 12:
                putInt(c, 2, lba);
                putInt(c, 6, blocks);
                break;
            case 16:
                putInt(c, 2, lba >>> 32);
                putInt(c, 6, lba);
                putInt(c, 10, blocks);
                break;
            default:
                throw new IllegalArgumentException("length " + length);
        }
        return c;
    }

    static byte[] read(int length, long lba, long blocks) {
        return block(readOpcode(length), length, lba, blocks, 0);
    }

    static byte[] write(int length, long lba, long blocks) {
        return block(writeOpcode(length), length, lba, blocks, 0);
    }

    static int readOpcode(int length) {
        switch (length) {
            case 6: return 0x08;
            case 10: return 0x28;
            case 12: return 0xA8;
            default: return 0x88;
        }
    }

    static int writeOpcode(int length) {
        switch (length) {
            case 6: return 0x0A;
            case 10: return 0x2A;
            case 12: return 0xAA;
            default: return 0x8A;
        }
    }

    static int verifyOpcode(int length) {
        switch (length) {
            case 10: return 0x2F;
            case 12: return 0xAF;
            default: return 0x8F;
        }
    }

    static int writeAndVerifyOpcode(int length) {
        switch (length) {
            case 10: return 0x2E;
            case 12: return 0xAE;
            default: return 0x8E;
        }
    }

    static byte[] readCapacity10(long lba, boolean pmi) {
        byte[] c = new byte[10];
        c[0] = 0x25;
        putInt(c, 2, lba);
        c[8] = (byte) (pmi ? 1 : 0);
        return c;
    }

    static byte[] readCapacity16(int allocationLength) {
        byte[] c = new byte[16];
        c[0] = (byte) 0x9E;
        c[1] = 0x10;
        putInt(c, 10, allocationLength);
        return c;
    }

    static byte[] unmap(int parameterListLength, int byte1) {
        byte[] c = new byte[10];
        c[0] = 0x42;
        c[1] = (byte) byte1;
        c[7] = (byte) (parameterListLength >>> 8);
        c[8] = (byte) parameterListLength;
        return c;
    }

    /** An UNMAP parameter list with consistent header lengths; {@code extents} = lba, count pairs. */
    static byte[] unmapList(long... extents) {
        int n = extents.length / 2;
        byte[] p = new byte[8 + 16 * n];
        int dl = p.length - 2;
        int bdl = 16 * n;
        p[0] = (byte) (dl >>> 8);
        p[1] = (byte) dl;
        p[2] = (byte) (bdl >>> 8);
        p[3] = (byte) bdl;
        for (int i = 0; i < n; i++) {
            putInt(p, 8 + 16 * i, extents[2 * i] >>> 32);
            putInt(p, 12 + 16 * i, extents[2 * i]);
            putInt(p, 16 + 16 * i, extents[2 * i + 1]);
        }
        return p;
    }

    static byte[] compareAndWrite(long lba, int blocks, int byte1) {
        byte[] c = block(0x89, 16, lba, 0, byte1);
        c[13] = (byte) blocks;
        return c;
    }

    static byte[] orWrite(long lba, long blocks, int byte1) {
        return block(0x8B, 16, lba, blocks, byte1);
    }

    /** WRITE ATOMIC (16): TRANSFER LENGTH in bytes 12..13, ATOMIC BOUNDARY 0. */
    static byte[] writeAtomic(long lba, int blocks, int byte1) {
        byte[] c = block(0x9C, 16, lba, 0, byte1);
        c[12] = (byte) (blocks >>> 8);
        c[13] = (byte) blocks;
        return c;
    }

    static byte[] getLbaStatus(long lba, long allocationLength) {
        byte[] c = block(0x9E, 16, lba, allocationLength, 0x12);
        return c;
    }

    /** SANITIZE: {@code byte1} = IMMED | AUSE | service action. */
    static byte[] sanitize(int byte1, int parameterListLength) {
        byte[] c = new byte[10];
        c[0] = 0x48;
        c[1] = (byte) byte1;
        c[7] = (byte) (parameterListLength >>> 8);
        c[8] = (byte) parameterListLength;
        return c;
    }

    /** An OVERWRITE parameter list: byte 0 (INVERT, TEST, OVERWRITE COUNT), the pattern. */
    static byte[] overwriteList(int byte0, byte[] pattern) {
        byte[] p = new byte[4 + pattern.length];
        p[0] = (byte) byte0;
        p[2] = (byte) (pattern.length >>> 8);
        p[3] = (byte) pattern.length;
        System.arraycopy(pattern, 0, p, 4, pattern.length);
        return p;
    }

    static byte[] readDefectData10(int byte2, int allocationLength) {
        byte[] c = new byte[10];
        c[0] = 0x37;
        c[2] = (byte) byte2;
        c[7] = (byte) (allocationLength >>> 8);
        c[8] = (byte) allocationLength;
        return c;
    }

    static byte[] readDefectData12(int byte1, long index, long allocationLength) {
        byte[] c = new byte[12];
        c[0] = (byte) 0xB7;
        c[1] = (byte) byte1;
        putInt(c, 2, index);
        putInt(c, 6, allocationLength);
        return c;
    }

    static byte[] formatUnit(int byte1) {
        return new byte[] {0x04, (byte) byte1, 0, 0, 0, 0};
    }

    /** REPORT SUPPORTED OPERATION CODES, one command (REPORTING OPTIONS 011b), RCTD set. */
    static byte[] reportOneCommand(int opcode, int serviceAction) {
        byte[] c = new byte[12];
        c[0] = (byte) 0xA3;
        c[1] = 0x0C;
        c[2] = (byte) 0x83;
        c[3] = (byte) opcode;
        c[4] = (byte) (serviceAction >>> 8);
        c[5] = (byte) serviceAction;
        putInt(c, 6, 512);
        return c;
    }

    static byte[] startStopUnit(int byte1, int byte4) {
        return new byte[] {0x1B, (byte) byte1, 0, 0, (byte) byte4, 0};
    }

    private static void putInt(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
