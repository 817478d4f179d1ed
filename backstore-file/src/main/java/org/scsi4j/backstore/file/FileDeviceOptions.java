package org.scsi4j.backstore.file;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open a {@link FileBlockDevice}. Validated once, on construction: a bad setting fails
 * with an {@link IllegalArgumentException} that names it. What depends on the file system (does
 * the file exist, does it accept O_DIRECT, its block size) is checked by
 * {@link FileBlockDevice#open(FileDeviceOptions)}.
 *
 * @param path          the backing file
 * @param sizeBytes     device size in bytes, a positive multiple of {@code blockSize}; or
 *                      {@link #SIZE_FROM_FILE} to take the size of an existing file. Required when
 *                      the file is to be created; for an existing file it must equal the file's length.
 * @param blockSize     logical block size: 512 or 4096
 * @param readOnly      open the file for reading only; the device reports itself read-only
 * @param direct        open with O_DIRECT ({@code com.sun.nio.file.ExtendedOpenOption.DIRECT}),
 *                      bypassing the page cache; needs {@code blockSize} to be a multiple of the file
 *                      system's block size
 * @param writeThrough  force every write to stable storage before it completes (no volatile write
 *                      cache, WCE=0); otherwise writes are forced only on FLUSH and on FUA writes
 * @param create        create the file, sparse, with {@code sizeBytes} when it does not exist
 * @param workerThreads how many worker threads the core runs for this device (1..256)
 */
public record FileDeviceOptions(Path path,
                                long sizeBytes,
                                int blockSize,
                                boolean readOnly,
                                boolean direct,
                                boolean writeThrough,
                                boolean create,
                                int workerThreads) {

    /** {@code sizeBytes} value meaning "the existing file's length". */
    public static final long SIZE_FROM_FILE = 0;
    public static final int DEFAULT_BLOCK_SIZE = 512;
    public static final int DEFAULT_WORKER_THREADS = 2;
    static final int MAX_WORKER_THREADS = 256;

    public FileDeviceOptions {
        Objects.requireNonNull(path, "path");
        if (blockSize != 512 && blockSize != 4096) {
            throw new IllegalArgumentException("blockSize must be 512 or 4096, was " + blockSize);
        }
        if (sizeBytes < 0 || sizeBytes % blockSize != 0) {
            throw new IllegalArgumentException("size must be a positive multiple of blockSize " + blockSize
                    + " (or SIZE_FROM_FILE), was " + sizeBytes);
        }
        if (create && sizeBytes == SIZE_FROM_FILE) {
            throw new IllegalArgumentException("create needs a size for " + path);
        }
        if (create && readOnly) {
            throw new IllegalArgumentException("create and readOnly exclude each other (" + path + ")");
        }
        if (workerThreads < 1 || workerThreads > MAX_WORKER_THREADS) {
            throw new IllegalArgumentException("workerThreads must be 1.." + MAX_WORKER_THREADS + ", was " + workerThreads);
        }
    }

    /** A builder with the defaults: size from the file, 512-byte blocks, read-write, buffered, write-back, 2 workers. */
    public static Builder builder(Path path) {
        return new Builder(path);
    }

    /** Fluent construction of {@link FileDeviceOptions}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final Path path;
        private long sizeBytes = SIZE_FROM_FILE;
        private int blockSize = DEFAULT_BLOCK_SIZE;
        private boolean readOnly;
        private boolean direct;
        private boolean writeThrough;
        private boolean create;
        private int workerThreads = DEFAULT_WORKER_THREADS;

        private Builder(Path path) {
            this.path = path;
        }

        public Builder size(long bytes) {
            this.sizeBytes = bytes;
            return this;
        }

        public Builder blockSize(int bytes) {
            this.blockSize = bytes;
            return this;
        }

        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        public Builder direct(boolean direct) {
            this.direct = direct;
            return this;
        }

        public Builder writeThrough(boolean writeThrough) {
            this.writeThrough = writeThrough;
            return this;
        }

        public Builder create(boolean create) {
            this.create = create;
            return this;
        }

        public Builder workerThreads(int workerThreads) {
            this.workerThreads = workerThreads;
            return this;
        }

        public FileDeviceOptions build() {
            return new FileDeviceOptions(path, sizeBytes, blockSize, readOnly, direct, writeThrough, create,
                    workerThreads);
        }
    }
}
