package org.scsi4j.core.internal.mmc;

import java.nio.ByteBuffer;
import org.scsi4j.core.spi.device.BlockDevice;
import org.scsi4j.core.spi.device.DeviceGeometry;
import org.scsi4j.core.spi.device.DeviceOperation;
import org.scsi4j.core.spi.device.IoCompletion;
import org.scsi4j.core.spi.device.IoStatus;
import org.scsi4j.core.spi.device.RemovableMedium;

/**
 * An in-memory CD/DVD drive for tests: a disc is a label and a block count, its content computed
 * from both (so a DVD-sized disc costs no memory); reads complete inline. Host-side calls
 * ({@link #insert}, {@link #remove}) change the medium and bump the generation as a real device
 * would, with no core involvement.
 */
final class MemoryCdrom implements BlockDevice, RemovableMedium {
    private volatile int label;
    private volatile long blocks;
    private volatile boolean loaded;
    private volatile boolean trayOpen;
    private volatile long generation;
    private volatile Guard guard;
    private final boolean readOnly;

    /** A drive with a disc of {@code blocks} blocks whose content is derived from {@code label}. */
    MemoryCdrom(int label, long blocks) {
        this(true);
        insert(label, blocks);
    }

    /** An empty drive (tray closed). */
    MemoryCdrom(boolean readOnly) {
        this.readOnly = readOnly;
    }

    /** Puts a disc in and closes the tray (the host's "insert"). */
    synchronized void insert(int newLabel, long newBlocks) {
        label = newLabel;
        blocks = newBlocks;
        loaded = true;
        trayOpen = false;
        generation++;
    }

    /** Takes the disc out, tray closed (the host's "remove"). */
    synchronized void remove() {
        loaded = false;
        trayOpen = false;
        generation++;
    }

    Guard guard() {
        return guard;
    }

    /** The byte at {@code offset} of block {@code lba} of the disc labelled {@code label}. */
    static byte expected(int label, long lba, int offset) {
        return (byte) (label * 31 + lba * 7 + offset);
    }

    @Override
    public DeviceGeometry geometry() {
        return DeviceGeometry.of(2048, isMediumPresent() ? blocks : 0);
    }

    @Override
    public boolean supports(DeviceOperation op) {
        return op == DeviceOperation.READ;
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public void read(long lba, int count, ByteBuffer dst, IoCompletion done) {
        if (!isMediumPresent()) {
            done.complete(IoStatus.MEDIUM_NOT_PRESENT, 0);
            return;
        }
        int l = label;
        int p = dst.position();
        for (int b = 0; b < count; b++) {
            for (int i = 0; i < 2048; i++) {
                dst.put(p++, expected(l, lba + b, i));
            }
        }
        done.complete(IoStatus.GOOD, 0);
    }

    @Override
    public void write(long lba, int count, ByteBuffer src, boolean fua, IoCompletion done) {
        done.complete(IoStatus.WRITE_PROTECTED, 0);
    }

    @Override
    public void flush(IoCompletion done) {
        done.complete(IoStatus.GOOD, 0);
    }

    @Override
    public boolean isMediumPresent() {
        return loaded && !trayOpen;
    }

    @Override
    public long mediumGeneration() {
        return generation;
    }

    @Override
    public boolean isTrayOpen() {
        return trayOpen;
    }

    @Override
    public synchronized void eject() {
        if (!trayOpen) {
            trayOpen = true;
            generation++;
        }
    }

    @Override
    public synchronized void load() {
        if (trayOpen) {
            trayOpen = false;
            generation++;
        }
    }

    @Override
    public void attach(Guard g) {
        this.guard = g;
    }

    @Override
    public void close() {
    }
}
