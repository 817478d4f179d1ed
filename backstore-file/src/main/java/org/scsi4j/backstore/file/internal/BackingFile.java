package org.scsi4j.backstore.file.internal;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/** File-system chores of opening a backing file: sparse creation, block size, O_DIRECT opening. */
public final class BackingFile {

    /** Alignment assumed when the file system does not report a usable block size. */
    static final int FALLBACK_BLOCK_SIZE = 4096;

    private BackingFile() {
    }

    /**
     * Creates {@code path} as a sparse file of {@code sizeBytes} (its length is set; nothing is
     * written) unless it exists.
     *
     * @return whether the file was created (the caller deletes it again if opening fails)
     * @throws NoSuchFileException when the file is missing and {@code create} is false
     */
    public static boolean createSparseIfMissing(Path path, long sizeBytes, boolean create) throws IOException {
        if (Files.exists(path)) {
            return false;
        }
        if (!create) {
            throw new NoSuchFileException(path.toString(), null, "set create and size to create it");
        }
        Files.createFile(path);
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(sizeBytes); // ftruncate: sparse
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
        return true;
    }

    /** The block size of the file system holding {@code path}: the O_DIRECT alignment. */
    public static int fileSystemBlockSize(Path path) throws IOException {
        long size;
        try {
            size = Files.getFileStore(path).getBlockSize();
        } catch (UnsupportedOperationException e) {
            return FALLBACK_BLOCK_SIZE;
        }
        return size > 0 && size <= (1 << 20) && Long.bitCount(size) == 1 ? (int) size : FALLBACK_BLOCK_SIZE;
    }

    /** Opens {@code path} for reading (and writing unless {@code readOnly}), with O_DIRECT when {@code direct}. */
    public static FileChannel open(Path path, boolean readOnly, boolean direct) throws IOException {
        Set<OpenOption> options = new HashSet<>();
        options.add(StandardOpenOption.READ);
        if (!readOnly) {
            options.add(StandardOpenOption.WRITE);
        }
        if (!direct) {
            return FileChannel.open(path, options);
        }
        options.add(ExtendedOpenOption.DIRECT);
        try {
            return FileChannel.open(path, options);
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw e;
        } catch (IOException e) {
            throw directRefused(path, e);
        }
    }

    /** The exception for a file system that refused O_DIRECT, saying so plainly. */
    public static IOException directRefused(Path path, IOException cause) {
        String type;
        try {
            FileStore store = Files.getFileStore(path);
            type = store.type();
        } catch (IOException | RuntimeException e) {
            type = "unknown type";
        }
        return new IOException("file system of " + path + " (" + type + ") does not support O_DIRECT ("
                + cause.getMessage() + "); open it without 'direct'", cause);
    }
}
