package org.scsi4j.core.internal.spc;

/** CDBs of the SPC-4 commands, built field by field as SPC-4 lays them out. */
final class SpcCdb {
    private SpcCdb() {
    }

    static byte[] inquiry(boolean evpd, int page, int allocationLength) {
        return new byte[] {0x12, (byte) (evpd ? 1 : 0), (byte) page,
                (byte) (allocationLength >>> 8), (byte) allocationLength, 0};
    }

    static byte[] requestSense(boolean desc, int allocationLength) {
        return new byte[] {0x03, (byte) (desc ? 1 : 0), 0, 0, (byte) allocationLength, 0};
    }

    static byte[] reportLuns(int selectReport, int allocationLength) {
        byte[] c = new byte[12];
        c[0] = (byte) 0xA0;
        c[2] = (byte) selectReport;
        putInt(c, 6, allocationLength);
        return c;
    }

    static byte[] modeSense6(boolean dbd, int pc, int page, int subpage, int allocationLength) {
        return new byte[] {0x1A, (byte) (dbd ? 0x08 : 0), (byte) ((pc << 6) | page), (byte) subpage,
                (byte) allocationLength, 0};
    }

    static byte[] modeSense10(boolean llbaa, boolean dbd, int pc, int page, int subpage, int allocationLength) {
        byte[] c = new byte[10];
        c[0] = 0x5A;
        c[1] = (byte) ((llbaa ? 0x10 : 0) | (dbd ? 0x08 : 0));
        c[2] = (byte) ((pc << 6) | page);
        c[3] = (byte) subpage;
        c[7] = (byte) (allocationLength >>> 8);
        c[8] = (byte) allocationLength;
        return c;
    }

    static byte[] modeSelect6(boolean pf, boolean sp, int parameterListLength) {
        return new byte[] {0x15, (byte) ((pf ? 0x10 : 0) | (sp ? 1 : 0)), 0, 0, (byte) parameterListLength, 0};
    }

    static byte[] modeSelect10(boolean pf, boolean sp, int parameterListLength) {
        byte[] c = new byte[10];
        c[0] = 0x55;
        c[1] = (byte) ((pf ? 0x10 : 0) | (sp ? 1 : 0));
        c[7] = (byte) (parameterListLength >>> 8);
        c[8] = (byte) parameterListLength;
        return c;
    }

    static byte[] reportSupportedOperationCodes(boolean rctd, int options, int opcode, int serviceAction,
                                                int allocationLength) {
        byte[] c = new byte[12];
        c[0] = (byte) 0xA3;
        c[1] = 0x0C;
        c[2] = (byte) ((rctd ? 0x80 : 0) | options);
        c[3] = (byte) opcode;
        c[4] = (byte) (serviceAction >>> 8);
        c[5] = (byte) serviceAction;
        putInt(c, 6, allocationLength);
        return c;
    }

    static byte[] reportTargetPortGroups(int format, int allocationLength) {
        byte[] c = new byte[12];
        c[0] = (byte) 0xA3;
        c[1] = (byte) ((format << 5) | 0x0A);
        putInt(c, 6, allocationLength);
        return c;
    }

    static void putInt(byte[] b, int off, int v) {
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

    static long u64(byte[] b, int off) {
        return (u32(b, off) << 32) | u32(b, off + 4);
    }
}
