package org.scsi4j.core.internal.command;

/** Big-endian field readers over a CDB or parameter list held in a byte array. */
public final class Cdb {
    private Cdb() {
    }

    public static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    public static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    public static int u24(byte[] b, int off) {
        return ((b[off] & 0xFF) << 16) | ((b[off + 1] & 0xFF) << 8) | (b[off + 2] & 0xFF);
    }

    /** Unsigned 32-bit value as a long. */
    public static long u32(byte[] b, int off) {
        return ((long) (b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16)
                | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    public static long u64(byte[] b, int off) {
        return (u32(b, off) << 32) | u32(b, off + 4);
    }

    /** The service action field of a 12/16-byte service-action opcode (byte 1, bits 4..0). */
    public static int serviceAction5(byte[] cdb) {
        return cdb[1] & 0x1F;
    }
}
