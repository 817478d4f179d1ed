package org.scsi4j.examples;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.scsi4j.core.spi.device.BlockDevice;
import org.scsi4j.core.spi.device.DeviceGeometry;
import org.scsi4j.core.spi.device.DeviceOperation;
import org.scsi4j.core.spi.device.IoCompletion;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * A custom device emulator in one file: an in-memory disk that keeps copy-on-write snapshots.
 *
 * <p>Every written block is an immutable {@code byte[]} in a map from LBA to block; a snapshot is a
 * copy of that map (the blocks themselves are shared), so taking one costs a map copy and no data.
 * {@link #revert(String)} makes a snapshot the live disk again. Unwritten blocks read as zeroes.
 *
 * <p>This is all a device has to do: report a geometry, say which optional primitives it offers,
 * and answer read/write/flush through the completion callback. The core has already validated
 * every LBA range and CDB field. Operations complete inline: they are memory copies.
 */
public final class SnapshotDisk implements BlockDevice {
    private final DeviceGeometry geometry;
    private volatile Map<Long, byte[]> live = new ConcurrentHashMap<>();
    private final Map<String, Map<Long, byte[]>> snapshots = new ConcurrentHashMap<>();

    public SnapshotDisk(int blockSize, long blockCount) {
        this.geometry = DeviceGeometry.of(blockSize, blockCount);
    }

    /** Freezes the current contents under {@code name} (replacing a snapshot of that name). */
    public synchronized void snapshot(String name) {
        snapshots.put(name, Map.copyOf(live));
    }

    /** Makes snapshot {@code name} the live disk; later writes do not change the snapshot. */
    public synchronized void revert(String name) {
        Map<Long, byte[]> s = snapshots.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no snapshot named " + name);
        }
        live = new ConcurrentHashMap<>(s);
    }

    /** Names of the snapshots taken so far. */
    public java.util.Set<String> snapshotNames() {
        return java.util.Set.copyOf(snapshots.keySet());
    }

    /** Blocks written since creation (or since the reverted snapshot), i.e. memory in use. */
    public int writtenBlocks() {
        return live.size();
    }

    @Override
    public DeviceGeometry geometry() {
        return geometry;
    }

    @Override
    public boolean supports(DeviceOperation op) {
        return op == DeviceOperation.READ || op == DeviceOperation.WRITE || op == DeviceOperation.FLUSH
                || op == DeviceOperation.UNMAP;
    }

    @Override
    public void read(long lba, int blocks, ByteBuffer dst, IoCompletion done) {
        int size = geometry.logicalBlockSize();
        Map<Long, byte[]> view = live;
        int at = dst.position();
        for (int i = 0; i < blocks; i++) {
            byte[] block = view.get(lba + i);
            if (block == null) {
                for (int b = 0; b < size; b++) {
                    dst.put(at + b, (byte) 0);
                }
            } else {
                dst.put(at, block);
            }
            at += size;
        }
        done.complete(IoStatus.GOOD, 0);
    }

    @Override
    public void write(long lba, int blocks, ByteBuffer src, boolean fua, IoCompletion done) {
        int size = geometry.logicalBlockSize();
        Map<Long, byte[]> view = live;
        int at = src.position();
        for (int i = 0; i < blocks; i++) {
            byte[] block = new byte[size];
            src.get(at, block);
            view.put(lba + i, block);
            at += size;
        }
        done.complete(IoStatus.GOOD, 0);
    }

    @Override
    public void flush(IoCompletion done) {
        done.complete(IoStatus.GOOD, 0);
    }

    @Override
    public void unmap(long lba, long blocks, IoCompletion done) {
        Map<Long, byte[]> view = live;
        for (long i = 0; i < blocks; i++) {
            view.remove(lba + i);
        }
        done.complete(IoStatus.GOOD, 0);
    }

    @Override
    public long provisioningExtent(long lba, long maxBlocks) {
        Map<Long, byte[]> view = live;
        boolean mapped = view.containsKey(lba);
        long n = 1;
        while (n < maxBlocks && view.containsKey(lba + n) == mapped) {
            n++;
        }
        return mapped ? n : -n;
    }

    @Override
    public void close() {
        live = new ConcurrentHashMap<>();
        snapshots.clear();
    }
}
