package org.scsi4j.core.internal.sbc;

import java.nio.ByteBuffer;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * The operations leases run under the {@link RangeLock}: single device calls for the shared
 * writes and WRITE ATOMIC, and the read-modify-write series of COMPARE AND WRITE and ORWRITE,
 * whose middle step (compare, OR) runs on the thread that completed the read.
 */
final class LockedOps {
    private static final int READING = 0;
    private static final int WRITING = 1;

    private LockedOps() {
    }

    /** {@code device.write} of {@code data} (plain writes shared, WRITE ATOMIC exclusive). */
    static final Lease.Op WRITE = l -> l.device.write(l.lba, (int) l.blocks, l.data, l.fua, l);

    static final Lease.Op UNMAP = l -> l.device.unmap(l.lba, l.blocks, l);

    static final Lease.Op WRITE_SAME = l -> l.device.writeSame(l.lba, l.blocks, l.data, l);

    /** The device's own atomic compare-and-write: {@code data} = compare half, {@code other} = write half. */
    static final Lease.Op NATIVE_COMPARE_AND_WRITE =
            l -> l.device.compareAndWrite(l.lba, (int) l.blocks, l.data, l.other, l);

    /**
     * Emulated COMPARE AND WRITE (exclusive): read the range into {@code other}, compare it with
     * the first half of {@code data}; on a difference end with MISCOMPARE and the offset of the
     * first differing byte (nothing written), else write the second half of {@code data}.
     */
    static final Lease.Op COMPARE_AND_WRITE = new Lease.Op() {
        @Override
        public void start(Lease l) {
            readIntoOther(l);
        }

        @Override
        public void step(Lease l, IoStatus status, long information) {
            if (status != IoStatus.GOOD || l.step == WRITING) {
                l.finish(status, information);
                return;
            }
            int offset = DiskIo.mismatch(l.data, 0, l.other, 0, l.length);
            if (offset >= 0) {
                l.finish(IoStatus.MISCOMPARE, offset);
                return;
            }
            l.step = WRITING;
            l.data.limit(2 * l.length).position(l.length);
            l.device.write(l.lba, (int) l.blocks, l.data, l.fua, l);
        }
    };

    /** ORWRITE (exclusive): read into {@code other}, OR {@code data} into it, write it back. */
    static final Lease.Op OR_WRITE = new Lease.Op() {
        @Override
        public void start(Lease l) {
            readIntoOther(l);
        }

        @Override
        public void step(Lease l, IoStatus status, long information) {
            if (status != IoStatus.GOOD || l.step == WRITING) {
                l.finish(status, information);
                return;
            }
            or(l.other, l.data, l.length);
            l.step = WRITING;
            l.other.limit(l.length).position(0);
            l.device.write(l.lba, (int) l.blocks, l.other, l.fua, l);
        }
    };

    /** {@code dst[i] |= src[i]} for the first {@code length} bytes (absolute access, positions untouched). */
    static void or(ByteBuffer dst, ByteBuffer src, int length) {
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            dst.putLong(i, dst.getLong(i) | src.getLong(i));
        }
        for (; i < length; i++) {
            dst.put(i, (byte) (dst.get(i) | src.get(i)));
        }
    }

    /** First step of the read-modify-write operations: the range as it is, into {@code other}. */
    private static void readIntoOther(Lease l) {
        l.step = READING;
        l.other.limit(l.length).position(0);
        l.device.read(l.lba, (int) l.blocks, l.other, l);
    }
}
