package org.scsi4j.core.internal.sbc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.sense.SenseReason;

/**
 * What every SBC-3 block command shares: the LBA and length fields of the 6/10/12/16-byte CDB
 * layouts (SBC-3 §5.10–5.13, §5.33–5.36), the capacity check (LOGICAL BLOCK ADDRESS OUT OF
 * RANGE, as each command's clause asks), the maximum-transfer check (§6.5.3, Block Limits VPD),
 * the write-through decision (FUA, caching mode page WCE, §6.4) and byte comparison for the
 * verifying commands.
 *
 * <p>Field offsets depend only on the CDB length, so the handlers decode with the descriptor's
 * {@code cdbLength()} and need no per-opcode code.
 */
final class DiskIo {
    /** Byte 1 bit 3 of READ/WRITE/WRITE AND VERIFY (10/12/16): FUA. */
    static final int FUA = 0x08;

    private DiskIo() {
    }

    /** LOGICAL BLOCK ADDRESS of a 6/10/12/16-byte block command (64-bit unsigned in a long). */
    static long lba(byte[] cdb, int cdbLength) {
        switch (cdbLength) {
            case 6:
                return ((cdb[1] & 0x1F) << 16) | Cdb.u16(cdb, 2);
            case 10:
            case 12:
                return Cdb.u32(cdb, 2);
            default:
                return Cdb.u64(cdb, 2);
        }
    }

    /**
     * TRANSFER LENGTH (or VERIFICATION / NUMBER OF LOGICAL BLOCKS / PREFETCH LENGTH) field as found
     * in the CDB; a 6-byte READ/WRITE's 0 is returned as 0 (see {@link #transferLength6}).
     */
    static long lengthField(byte[] cdb, int cdbLength) {
        switch (cdbLength) {
            case 6:
                return Cdb.u8(cdb, 4);
            case 10:
                return Cdb.u16(cdb, 7);
            case 12:
                return Cdb.u32(cdb, 6);
            default:
                return Cdb.u32(cdb, 10);
        }
    }

    /** The number of blocks a READ/WRITE transfers: like {@link #lengthField} but READ(6)/WRITE(6) 0 means 256 (SBC-3 §5.10, §5.33). */
    static long transferLength(byte[] cdb, int cdbLength) {
        long n = lengthField(cdb, cdbLength);
        return cdbLength == 6 && n == 0 ? 256 : n;
    }

    /** Byte index of the length field, for the sense-key-specific field pointer. */
    static int lengthByte(int cdbLength) {
        switch (cdbLength) {
            case 6:
                return 4;
            case 10:
                return 7;
            case 12:
                return 6;
            default:
                return 10;
        }
    }

    /** Whether [lba, lba + blocks) lies within a medium of {@code capacity} blocks; overflow-safe, lba unsigned. */
    static boolean inRange(long lba, long blocks, long capacity) {
        return Long.compareUnsigned(lba, capacity) <= 0 && blocks <= capacity - lba;
    }

    /**
     * Completes the task with ILLEGAL REQUEST, LOGICAL BLOCK ADDRESS OUT OF RANGE when
     * the range ends beyond the capacity (a 0-block range at LBA == capacity is still valid).
     *
     * @return true when in range; false when the task was completed
     */
    static boolean checkRange(CommandContext ctx, long lba, long blocks) {
        if (inRange(lba, blocks, ctx.lu().geometry().blockCount())) {
            return true;
        }
        ctx.checkCondition(SenseReason.LBA_OUT_OF_RANGE);
        return false;
    }

    /**
     * SBC-3 §6.5.3: a transfer longer than MAXIMUM TRANSFER LENGTH is INVALID FIELD IN CDB,
     * pointing at the length field.
     *
     * @return true when acceptable; false when the task was completed
     */
    static boolean checkTransferLength(CommandContext ctx, long blocks) {
        if (blocks <= BlockLimits.maxTransferBlocks(ctx.lu())) {
            return true;
        }
        ctx.invalidFieldInCdb(lengthByte(ctx.descriptor().cdbLength()), -1);
        return false;
    }

    /** Both checks for a command with the usual LBA + length layout; true to go on. */
    static boolean validateTransfer(CommandContext ctx, long lba, long blocks) {
        return checkTransferLength(ctx, blocks) && checkRange(ctx, lba, blocks);
    }

    /**
     * Whether every write must reach stable storage before completing: the caching mode page has
     * WCE=0 (SBC-3 §6.4: write-through) while the device has a volatile cache.
     */
    static boolean writeThrough(LogicalUnit lu) {
        return !lu.modePages().writeCacheEnabled() && lu.geometry().volatileWriteCache();
    }

    /** FUA for a write command: the CDB's FUA bit (SBC-3 §5.34) or write-through. */
    static boolean fua(CommandContext ctx) {
        return (ctx.cdb()[1] & FUA) != 0 || writeThrough(ctx.lu());
    }

    /**
     * Compares {@code length} bytes of {@code a} at {@code aOff} with {@code b} at {@code bOff}.
     * Positions and limits are restored; nothing is allocated.
     *
     * @return the offset of the first differing byte within the compared range, or -1
     */
    static int mismatch(ByteBuffer a, int aOff, ByteBuffer b, int bOff, int length) {
        int aPos = a.position();
        int aLim = a.limit();
        int bPos = b.position();
        int bLim = b.limit();
        try {
            a.limit(aOff + length).position(aOff);
            b.limit(bOff + length).position(bOff);
            return a.mismatch(b);
        } finally {
            a.limit(aLim).position(aPos);
            b.limit(bLim).position(bPos);
        }
    }

    /** Whether the first {@code length} bytes of {@code b} are all zero. */
    static boolean allZero(ByteBuffer b, int length) {
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            if (b.getLong(i) != 0) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Sets the first {@code length} bytes of {@code b} to zero. */
    static void zero(ByteBuffer b, int length) {
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            b.putLong(i, 0L);
        }
        for (; i < length; i++) {
            b.put(i, (byte) 0);
        }
    }
}
