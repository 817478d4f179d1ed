package org.scsi4j.core.internal.reservation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a target keeps the APTPL state of its logical units (SPC-4 §5.13, "Persist through power
 * loss"): one file per unit, named after its NAA designator ({@code pr-<naa>.state}), in the
 * target's persistence directory. Owned by the target runtime; closed with it.
 *
 * <p>Writes are durable before the command that caused them completes: the content goes to
 * {@code <file>.tmp}, which is forced ({@code FileChannel.force(true)}), renamed atomically over
 * the unit's file, and the directory is forced too (where the file system refuses that, one log
 * line says so and the rename alone stands). The blocking I/O runs on one daemon thread,
 * {@code scsi4j-pr-persist}, started on first use and stopped by {@link #close()}; owner threads
 * never block on it (they resume through {@code CommandContext.io}).
 */
public final class AptplPersistence implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AptplPersistence.class);
    static final String THREAD_NAME = "scsi4j-pr-persist";

    private final Path directory;
    private final AtomicBoolean directorySyncRefused = new AtomicBoolean();
    private final AtomicLong writeFailures = new AtomicLong();
    private ThreadPoolExecutor thread;
    private boolean closed;

    /**
     * @param directory created if missing; must be a writable directory
     * @throws IllegalArgumentException naming the directory when it cannot be used
     */
    public AptplPersistence(Path directory) {
        this.directory = directory.toAbsolutePath();
        try {
            Files.createDirectories(this.directory);
        } catch (IOException e) {
            throw new IllegalArgumentException("persistenceDirectory " + this.directory + " cannot be created: " + e,
                    e);
        }
        if (!Files.isDirectory(this.directory) || !Files.isWritable(this.directory)) {
            throw new IllegalArgumentException("persistenceDirectory " + this.directory
                    + " is not a writable directory");
        }
    }

    public Path directory() {
        return directory;
    }

    /** What a unit gets from its file: the writer for later changes and the restored state. */
    public static final class Unit {
        private final AptplStore store;
        private final PrState restored;

        Unit(AptplStore store, PrState restored) {
            this.store = store;
            this.restored = restored;
        }

        AptplStore store() {
            return store;
        }

        /** The state read from the file, or null when there was none. */
        PrState restored() {
            return restored;
        }

        /** Registrations restored from the file (diagnostics). */
        public int restoredRegistrations() {
            return restored == null ? 0 : restored.registrations().size();
        }
    }

    /** The state file of the unit with this NAA designator. */
    public Path fileOf(long naa) {
        return directory.resolve(String.format("pr-%016x.state", naa));
    }

    /**
     * Opens the state of a unit: reads its file if there is one (a leftover {@code .tmp} from an
     * interrupted write is deleted: its rename never happened, so it never counted).
     *
     * @throws IllegalStateException naming the file when it exists but is not a valid state file
     *                               of this unit; nothing is applied then, and the file is left for
     *                               the operator
     */
    public Unit open(long naa, String unitName) {
        Path file = fileOf(naa);
        PrState restored = null;
        try {
            Files.deleteIfExists(tmpOf(file));
            byte[] content = Files.readAllBytes(file);
            restored = AptplFile.decode(content, naa);
            LOG.info("unit {}: restored {} persistent reservation registration(s){} from {}", unitName,
                    restored.registrations().size(), restored.reserved() ? " and the reservation" : "", file);
        } catch (NoSuchFileException e) {
            // nothing persisted
        } catch (IOException e) {
            throw new IllegalStateException("cannot read persistent reservation state " + file + ": " + e, e);
        } catch (AptplFile.CorruptException e) {
            throw new IllegalStateException("persistent reservation state " + file + " of unit " + unitName
                    + " is corrupt (" + e.getMessage() + "); nothing was restored. Move the file away to start "
                    + "the unit without its registrations.");
        }
        return new Unit(new AptplStore(this, file, naa, unitName), restored);
    }

    private static Path tmpOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    /** Runs {@code r} on the persistence thread; false when closed. */
    synchronized boolean execute(Runnable r) {
        if (closed) {
            return false;
        }
        if (thread == null) {
            thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
                Thread t = new Thread(task, THREAD_NAME);
                t.setDaemon(true);
                return t;
            });
        }
        try {
            thread.execute(r);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Makes {@code s} the durable state of {@code file}: written and renamed over it when APTPL is
     * active, the file deleted when not. Persistence thread only.
     *
     * @return false when the I/O failed (logged once per distinct burst, with a counter)
     */
    boolean persist(Path file, PrState s, long naa, String unitName) {
        try {
            if (s.aptpl()) {
                Path tmp = tmpOf(file);
                ByteBuffer content = ByteBuffer.wrap(AptplFile.encode(s, naa, unitName));
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    while (content.hasRemaining()) {
                        ch.write(content);
                    }
                    ch.force(true);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("the file system of " + directory + " cannot rename atomically", e);
                }
            } else if (!Files.deleteIfExists(file)) {
                return true;
            }
            syncDirectory();
            return true;
        } catch (IOException | RuntimeException e) {
            long n = writeFailures.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                LOG.error("unit {}: cannot make the persistent reservation state durable in {} ({} failures so far); "
                        + "PERSISTENT RESERVE OUT answered HARDWARE ERROR", unitName, file, n, e);
            }
            return false;
        }
    }

    /** fsync of the directory, so the rename itself survives power loss (POSIX; not everywhere). */
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            if (directorySyncRefused.compareAndSet(false, true)) {
                LOG.info("the file system of {} does not sync directories ({}); relying on the atomic rename",
                        directory, e.toString());
            }
        }
    }

    /** Finishes the writes under way (at most 10 s) and stops the persistence thread. */
    @Override
    public void close() {
        ThreadPoolExecutor t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
        }
        if (t == null) {
            return;
        }
        t.shutdown();
        try {
            if (!t.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("persistent reservation writes did not finish within 10 s; stopping {}", THREAD_NAME);
                t.shutdownNow();
            }
        } catch (InterruptedException e) {
            t.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
