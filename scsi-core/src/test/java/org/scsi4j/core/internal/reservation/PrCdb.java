package org.scsi4j.core.internal.reservation;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** CDBs and parameter lists of the reservation commands, laid out as SPC-4 §6.15–6.16 and SPC-2 say. */
final class PrCdb {
    static final int WE = 0x1;
    static final int EA = 0x3;
    static final int WE_RO = 0x5;
    static final int EA_RO = 0x6;
    static final int WE_AR = 0x7;
    static final int EA_AR = 0x8;
    static final int[] TYPES = {WE, EA, WE_RO, EA_RO, WE_AR, EA_AR};

    static final int REGISTER = 0;
    static final int RESERVE = 1;
    static final int RELEASE = 2;
    static final int CLEAR = 3;
    static final int PREEMPT = 4;
    static final int PREEMPT_AND_ABORT = 5;
    static final int REGISTER_AND_IGNORE = 6;
    static final int REGISTER_AND_MOVE = 7;

    private PrCdb() {
    }

    static byte[] prIn(int serviceAction, int allocationLength) {
        byte[] c = new byte[10];
        c[0] = 0x5E;
        c[1] = (byte) serviceAction;
        c[7] = (byte) (allocationLength >>> 8);
        c[8] = (byte) allocationLength;
        return c;
    }

    static byte[] prOut(int serviceAction, int scope, int type, int parameterListLength) {
        byte[] c = new byte[10];
        c[0] = 0x5F;
        c[1] = (byte) serviceAction;
        c[2] = (byte) ((scope << 4) | type);
        putInt(c, 5, parameterListLength);
        return c;
    }

    /** The 24-byte basic parameter list; flags byte 20: SPEC_I_PT 0x08, ALL_TG_PT 0x04, APTPL 0x01. */
    static byte[] params(long key, long saKey, int flags) {
        byte[] p = new byte[24];
        putLong(p, 0, key);
        putLong(p, 8, saKey);
        p[20] = (byte) flags;
        return p;
    }

    /** A SPEC_I_PT parameter list: the basic 24 bytes, TRANSPORTID PARAMETER DATA LENGTH, the IDs. */
    static byte[] specIPtParams(long key, long saKey, int flags, byte[]... transportIds) {
        ByteArrayOutputStream tids = new ByteArrayOutputStream();
        for (byte[] t : transportIds) {
            tids.writeBytes(t);
        }
        byte[] p = new byte[28 + tids.size()];
        System.arraycopy(params(key, saKey, flags | 0x08), 0, p, 0, 24);
        putInt(p, 24, tids.size());
        System.arraycopy(tids.toByteArray(), 0, p, 28, tids.size());
        return p;
    }

    /** A REGISTER AND MOVE parameter list (SPC-4 §6.16.4). */
    static byte[] moveParams(long key, long saKey, boolean unreg, boolean aptpl, int relativePortId, byte[] transportId) {
        byte[] p = new byte[24 + transportId.length];
        putLong(p, 0, key);
        putLong(p, 8, saKey);
        p[17] = (byte) ((unreg ? 2 : 0) | (aptpl ? 1 : 0));
        p[18] = (byte) (relativePortId >>> 8);
        p[19] = (byte) relativePortId;
        putInt(p, 20, transportId.length);
        System.arraycopy(transportId, 0, p, 24, transportId.length);
        return p;
    }

    /** An iSCSI TransportID (SPC-4 §7.6.4.6): format 00b for {@code isid == null}, else 01b. */
    static byte[] iscsiTransportId(String name, String isid) {
        String s = isid == null ? name : name + ",i,0x" + isid;
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        int len = Math.max(24, 4 + ((text.length + 1 + 3) & ~3));
        byte[] t = new byte[len];
        t[0] = (byte) ((isid == null ? 0x00 : 0x40) | 0x05);
        t[2] = (byte) ((len - 4) >>> 8);
        t[3] = (byte) (len - 4);
        System.arraycopy(text, 0, t, 4, text.length);
        return t;
    }

    static byte[] reserve6() {
        return new byte[] {0x16, 0, 0, 0, 0, 0};
    }

    static byte[] release6() {
        return new byte[] {0x17, 0, 0, 0, 0, 0};
    }

    static byte[] reserve10() {
        byte[] c = new byte[10];
        c[0] = 0x56;
        return c;
    }

    static byte[] release10() {
        byte[] c = new byte[10];
        c[0] = 0x57;
        return c;
    }

    static long u64(byte[] b, int off) {
        return ((long) u32(b, off) << 32) | u32(b, off + 4);
    }

    static long u32(byte[] b, int off) {
        return ((long) (b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
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
}
