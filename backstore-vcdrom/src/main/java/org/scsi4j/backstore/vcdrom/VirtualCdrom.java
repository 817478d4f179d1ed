package org.scsi4j.backstore.vcdrom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.scsi4j.core.MediumRemovalPreventedException;
import org.scsi4j.core.spi.device.BlockingBlockDevice;
import org.scsi4j.core.spi.device.DeviceGeometry;
import org.scsi4j.core.spi.device.DeviceIoException;
import org.scsi4j.core.spi.device.DeviceOperation;
import org.scsi4j.core.spi.device.IoStatus;
import org.scsi4j.core.spi.device.RemovableMedium;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A virtual CD/DVD-ROM drive: a tray that holds at most one ISO image, read with positional
 * {@link FileChannel} reads in 2048-byte blocks, never written. Export it with
 * {@code LogicalUnitSpec.cdrom(name, drive)}; the core speaks MMC for it and decides from the
 * image's size whether initiators see a CD-ROM or a DVD-ROM (above an 80-minute CD's 737,280,000
 * bytes: DVD).
 *
 * <pre>{@code
 * VirtualCdrom drive = VirtualCdrom.of("cd0", Path.of("install.iso"));   // or VirtualCdrom.empty("cd0")
 * target.addLogicalUnit(1, LogicalUnitSpec.cdrom("cd0", drive));
 * ...
 * drive.insert(Path.of("drivers.iso"));   // hot swap: initiators get MEDIUM MAY HAVE CHANGED
 * target.ejectMedium(1);                  // the eject button
 * }</pre>
 *
 * <p><b>Images.</b> A regular file of any non-zero size; when the size is not a multiple of 2048
 * the last block is completed with zeroes (ISO 9660 images always are multiples; truncated
 * downloads are read as far as they go). The file is opened read-only and kept open while it is
 * in the tray; replacing or removing it closes it (a read in flight on it then fails with
 * MEDIUM NOT PRESENT).
 *
 * <p><b>Host calls and the initiators' locks.</b> {@link #insert(Path)} and {@link #remove()}
 * change the disc; when a disc is in the closed tray and an initiator prevents its removal
 * (PREVENT ALLOW MEDIUM REMOVAL, as Windows and Linux do while a disc is mounted) they throw
 * {@link MediumRemovalPreventedException} naming the initiators, which also receive an EJECT
 * REQUEST event asking them to let go; the {@code force} variants override. Opening the tray is
 * {@code ScsiTarget.ejectMedium(lun)}, under the same rule. An initiator's START STOP UNIT with
 * LOEJ opens and closes the tray; the disc stays in it.
 *
 * <p><b>Threading.</b> Reads run on the core's worker threads, concurrently; host calls may come
 * from any thread; state changes are serialized on the drive, and the core notices them at the
 * next command (the generation counter of {@link RemovableMedium}). Sessions are never dropped.
 */
public final class VirtualCdrom implements BlockingBlockDevice, RemovableMedium {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualCdrom.class);

    /** Bytes per logical block of a CD-ROM (Mode 1) or DVD sector. */
    public static final int BLOCK_SIZE = 2048;

    private static final DeviceGeometry NO_MEDIUM = DeviceGeometry.of(BLOCK_SIZE, 0);

    private final String name;
    // written under the drive's lock, read anywhere; the generation is written last
    private volatile Disc disc;
    private volatile boolean trayOpen;
    private volatile long generation;
    private volatile boolean closed;
    private volatile Guard guard;

    /** One image in the tray. */
    private record Disc(Path path, FileChannel channel, long bytes, DeviceGeometry geometry) {
        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("closing image {} failed", path, e);
            }
        }
    }

    private VirtualCdrom(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** An empty drive, tray closed (the {@code --iso none} of the example target). */
    public static VirtualCdrom empty(String name) {
        return new VirtualCdrom(name);
    }

    /**
     * A drive with {@code iso} in it.
     *
     * @throws IOException when the image cannot be opened
     * @throws IllegalArgumentException when it is empty
     */
    public static VirtualCdrom of(String name, Path iso) throws IOException {
        VirtualCdrom drive = new VirtualCdrom(name);
        drive.disc = open(iso);
        return drive;
    }

    /** The drive's name (for logs). */
    public String name() {
        return name;
    }

    /** The image in the tray (loaded or not), or null. */
    public Path image() {
        Disc d = disc;
        return d == null ? null : d.path;
    }

    /** {@link #insert(Path, boolean)} without force. */
    public void insert(Path iso) throws IOException {
        insert(iso, false);
    }

    /**
     * Puts {@code iso} in the tray in place of whatever was there and closes the tray: the
     * initiators' next command gets UNIT ATTENTION, MEDIUM MAY HAVE CHANGED and GET EVENT STATUS
     * NOTIFICATION reports NEW MEDIA. Any thread.
     *
     * @param force replace a loaded disc even while an initiator prevents its removal
     * @throws MediumRemovalPreventedException when a loaded disc is locked in and not forced
     * @throws IOException when the image cannot be opened (the drive is unchanged)
     * @throws IllegalArgumentException when the image is empty
     */
    public void insert(Path iso, boolean force) throws IOException {
        checkOpen();
        Disc next = open(iso);
        Disc old;
        try {
            checkRemovalAllowed(force, "replace the disc with " + iso);
            synchronized (this) {
                checkOpen();
                old = disc;
                disc = next;
                trayOpen = false;
                generation++;
            }
        } catch (RuntimeException e) {
            next.close();
            throw e;
        }
        if (old != null) {
            old.close();
        }
        LOG.info("virtual CD-ROM {}: {} inserted ({} bytes, {} blocks)", name, iso, next.bytes,
                next.geometry.blockCount());
    }

    /** {@link #remove(boolean)} without force. */
    public void remove() {
        remove(false);
    }

    /**
     * Takes the disc out, leaving the drive empty with its tray closed (initiators then see
     * MEDIUM NOT PRESENT and a MEDIA REMOVAL event). Any thread; nothing happens when empty.
     *
     * @throws MediumRemovalPreventedException when a loaded disc is locked in and not forced
     */
    public void remove(boolean force) {
        checkOpen();
        checkRemovalAllowed(force, "remove the disc");
        Disc old;
        synchronized (this) {
            old = disc;
            if (old == null) {
                return;
            }
            disc = null;
            trayOpen = false;
            generation++;
        }
        old.close();
        LOG.info("virtual CD-ROM {}: {} removed", name, old.path);
    }

    /**
     * Refuses, unless forced, to take a loaded disc away while an initiator locks it. The check
     * and the change are not one atomic step: a lock that arrives in between loses, as it would
     * against a real drive's button.
     */
    private void checkRemovalAllowed(boolean force, String what) {
        Guard g = guard;
        if (force || g == null || !isMediumPresent()) {
            return;
        }
        String who = g.removalPreventedBy();
        if (who != null) {
            g.requestRemoval();
            throw new MediumRemovalPreventedException("virtual CD-ROM " + name + ": cannot " + what
                    + ": medium removal is prevented by " + who
                    + " (PREVENT ALLOW MEDIUM REMOVAL); they were sent an eject request; force it to override");
        }
    }

    private static Disc open(Path iso) throws IOException {
        Objects.requireNonNull(iso, "iso");
        if (!Files.isRegularFile(iso)) {
            throw new NoSuchFileException(iso.toString(), null, "not a regular file");
        }
        FileChannel ch = FileChannel.open(iso, StandardOpenOption.READ);
        try {
            long bytes = ch.size();
            if (bytes == 0) {
                throw new IllegalArgumentException("image " + iso + " is empty");
            }
            long blocks = (bytes + BLOCK_SIZE - 1) / BLOCK_SIZE;
            return new Disc(iso, ch, bytes, DeviceGeometry.of(BLOCK_SIZE, blocks));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("virtual CD-ROM " + name + " is closed");
        }
    }

    // ---------------------------------------------------------------- RemovableMedium

    @Override
    public boolean isMediumPresent() {
        return disc != null && !trayOpen;
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
            LOG.info("virtual CD-ROM {}: tray opened", name);
        }
    }

    @Override
    public synchronized void load() {
        if (trayOpen) {
            trayOpen = false;
            generation++;
            LOG.info("virtual CD-ROM {}: tray closed{}", name, disc == null ? ", no disc" : "");
        }
    }

    @Override
    public void attach(Guard g) {
        this.guard = g;
    }

    // ---------------------------------------------------------------- BlockingBlockDevice

    @Override
    public DeviceGeometry geometry() {
        Disc d = disc;
        return d == null || trayOpen ? NO_MEDIUM : d.geometry;
    }

    @Override
    public boolean supports(DeviceOperation op) {
        return op == DeviceOperation.READ;
    }

    @Override
    public boolean isReadOnly() {
        return true;
    }

    /**
     * Reads whole blocks with positional reads; past the end of an image whose size is not a
     * multiple of 2048 the block is zeroes. The buffer's position and limit are left as found.
     */
    @Override
    public void read(long lba, int blocks, ByteBuffer dst) throws IOException {
        Disc d = disc;
        if (d == null || trayOpen) {
            throw new DeviceIoException(IoStatus.MEDIUM_NOT_PRESENT, 0, "no disc in " + name);
        }
        int start = dst.position();
        long at = lba * BLOCK_SIZE;
        try {
            while (dst.hasRemaining()) {
                int n = d.channel.read(dst, at);
                if (n < 0) {
                    while (dst.hasRemaining()) {
                        dst.put((byte) 0);
                    }
                    break;
                }
                at += n;
            }
        } catch (ClosedChannelException e) {
            throw new DeviceIoException(IoStatus.MEDIUM_NOT_PRESENT, "the disc in " + name + " changed during a read", e);
        } finally {
            dst.position(start);
        }
    }

    @Override
    public void write(long lba, int blocks, ByteBuffer src, boolean fua) throws IOException {
        throw new DeviceIoException(IoStatus.WRITE_PROTECTED, 0, "a CD-ROM is read-only");
    }

    @Override
    public void flush() {
        // nothing is ever written
    }

    /** Closes the image in the tray. Called by the core once, when the target closes. */
    @Override
    public void close() {
        Disc d;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            d = disc;
        }
        if (d != null) {
            d.close();
        }
    }

    @Override
    public String toString() {
        Disc d = disc;
        return "VirtualCdrom[" + name + ", " + (d == null ? "empty" : d.path + (trayOpen ? ", tray open" : "")) + "]";
    }
}
