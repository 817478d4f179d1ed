package org.scsi4j.core.internal.sbc;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.scsi4j.core.spi.device.BlockDevice;
import org.scsi4j.core.spi.device.DeviceGeometry;
import org.scsi4j.core.spi.device.DeviceOperation;
import org.scsi4j.core.spi.device.IoCompletion;
import org.scsi4j.core.spi.device.IoStatus;
import org.scsi4j.core.testing.MemoryBlockDevice;

/**
 * A {@link MemoryBlockDevice} with what the SBC tests need beyond it: a physical block exponent,
 * LBPRZ independent of UNMAP support, failures aimed at reads or writes only, a byte flipped in
 * every read (to make a verify miscompare after a correct write), a maximum transfer length, a
 * native compare-and-write, and exact per-block provisioning state (for GET LBA STATUS): a block is
 * mapped once written and deallocated again by unmap.
 */
final class ScriptedDevice implements BlockDevice {
    final MemoryBlockDevice memory;
    private volatile int physicalBlockExponent;
    private volatile Boolean unmappedReadsZero;
    private final AtomicReference<IoStatus> failNextRead = new AtomicReference<>();
    private final AtomicReference<IoStatus> failNextWrite = new AtomicReference<>();
    private volatile int corruptReadAt = -1;
    private volatile int maxTransferBlocks;
    private volatile boolean nativeCompareAndWrite;
    /** Mapped blocks (guarded by itself). */
    private final BitSet mapped = new BitSet();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger compareAndWrites = new AtomicInteger();

    ScriptedDevice(int blockSize, long blockCount) {
        this.memory = new MemoryBlockDevice(blockSize, blockCount);
    }

    ScriptedDevice physicalBlockExponent(int e) {
        physicalBlockExponent = e;
        return this;
    }

    ScriptedDevice unmappedReadsZero(boolean v) {
        unmappedReadsZero = v;
        return this;
    }

    ScriptedDevice maxTransferBlocks(int blocks) {
        maxTransferBlocks = blocks;
        return this;
    }

    /** Offers COMPARE_AND_WRITE natively (atomic under the device's own monitor). */
    ScriptedDevice nativeCompareAndWrite(boolean v) {
        nativeCompareAndWrite = v;
        return this;
    }

    void failNextRead(IoStatus s) {
        failNextRead.set(s);
    }

    void failNextWrite(IoStatus s) {
        failNextWrite.set(s);
    }

    /** Every read from now on returns the data with the byte at {@code offset} inverted. */
    void corruptReadsAt(int offset) {
        corruptReadAt = offset;
    }

    @Override
    public DeviceGeometry geometry() {
        DeviceGeometry g = memory.geometry();
        return new DeviceGeometry(g.logicalBlockSize(), g.blockCount(), physicalBlockExponent,
                g.optimalTransferBlocks(), maxTransferBlocks, g.volatileWriteCache());
    }

    @Override
    public boolean supports(DeviceOperation op) {
        return op == DeviceOperation.COMPARE_AND_WRITE ? nativeCompareAndWrite : memory.supports(op);
    }

    @Override
    public boolean isThinProvisioned() {
        return memory.isThinProvisioned();
    }

    @Override
    public long provisioningExtent(long lba, long maxBlocks) {
        synchronized (mapped) {
            int at = (int) lba;
            boolean isMapped = mapped.get(at);
            int next = isMapped ? mapped.nextClearBit(at) : mapped.nextSetBit(at);
            long end = next < 0 ? lba + maxBlocks : Math.min(next, lba + maxBlocks);
            return isMapped ? end - lba : lba - end;
        }
    }

    private void map(long lba, long blocks, boolean v) {
        synchronized (mapped) {
            mapped.set((int) lba, (int) (lba + blocks), v);
        }
    }

    @Override
    public synchronized void compareAndWrite(long lba, int blocks, ByteBuffer compare, ByteBuffer data, IoCompletion done) {
        compareAndWrites.incrementAndGet();
        byte[] current = memory.peek(lba, blocks);
        int offset = compare.mismatch(ByteBuffer.wrap(current));
        if (offset >= 0) {
            done.complete(IoStatus.MISCOMPARE, offset);
            return;
        }
        byte[] bytes = new byte[data.remaining()];
        data.get(data.position(), bytes);
        memory.poke(lba, bytes);
        map(lba, blocks, true);
        done.complete(IoStatus.GOOD, 0);
    }

    @Override
    public boolean unmappedReadsZero() {
        Boolean v = unmappedReadsZero;
        return v != null ? v : memory.unmappedReadsZero();
    }

    @Override
    public void read(long lba, int blocks, ByteBuffer dst, IoCompletion done) {
        reads.incrementAndGet();
        IoStatus f = failNextRead.getAndSet(null);
        if (f != null) {
            done.complete(f, 0);
            return;
        }
        int corrupt = corruptReadAt;
        memory.read(lba, blocks, dst, (s, info) -> {
            if (s == IoStatus.GOOD && corrupt >= 0) {
                int at = dst.position() + corrupt;
                dst.put(at, (byte) ~dst.get(at));
            }
            done.complete(s, info);
        });
    }

    @Override
    public void write(long lba, int blocks, ByteBuffer src, boolean fua, IoCompletion done) {
        IoStatus f = failNextWrite.getAndSet(null);
        if (f != null) {
            done.complete(f, 0);
            return;
        }
        map(lba, blocks, true);
        memory.write(lba, blocks, src, fua, done);
    }

    @Override
    public void flush(IoCompletion done) {
        memory.flush(done);
    }

    @Override
    public void unmap(long lba, long blocks, IoCompletion done) {
        IoStatus f = failNextWrite.getAndSet(null);
        if (f != null) {
            done.complete(f, 0);
            return;
        }
        map(lba, blocks, false);
        memory.unmap(lba, blocks, done);
    }

    @Override
    public void writeSame(long lba, long blocks, ByteBuffer pattern, IoCompletion done) {
        IoStatus f = failNextWrite.getAndSet(null);
        if (f != null) {
            done.complete(f, 0);
            return;
        }
        map(lba, blocks, true);
        memory.writeSame(lba, blocks, pattern, done);
    }

    @Override
    public void close() {
        memory.close();
    }
}
