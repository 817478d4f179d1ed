package org.scsi4j.backstore.block;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open a {@link BlockDeviceDisk}. Validated once, on construction: a bad setting fails with
 * an {@link IllegalArgumentException} that names it. What depends on the device itself (is it a
 * block device, its block size, is it mounted) is checked by {@link BlockDeviceDisk#open}.
 *
 * @param path          the block device node, e.g. {@code /dev/sdb}, {@code /dev/nvme0n1},
 *                      {@code /dev/mapper/vg-lv} (symbolic links are followed)
 * @param readOnly      open the device for reading only; the logical unit reports itself read-only
 * @param direct        open with O_DIRECT ({@code com.sun.nio.file.ExtendedOpenOption.DIRECT}),
 *                      bypassing the page cache (the default); {@code false} uses buffered I/O
 * @param workerThreads how many worker threads the core runs for this device (1..256)
 */
public record BlockDeviceOptions(Path path, boolean readOnly, boolean direct, int workerThreads) {

    public static final int DEFAULT_WORKER_THREADS = 2;
    static final int MAX_WORKER_THREADS = 256;

    public BlockDeviceOptions {
        Objects.requireNonNull(path, "path");
        if (workerThreads < 1 || workerThreads > MAX_WORKER_THREADS) {
            throw new IllegalArgumentException("workerThreads must be 1.." + MAX_WORKER_THREADS + ", was " + workerThreads);
        }
    }

    /** A builder with the defaults: read-write, O_DIRECT, {@value #DEFAULT_WORKER_THREADS} workers. */
    public static Builder builder(Path path) {
        return new Builder(path);
    }

    /** Fluent construction of {@link BlockDeviceOptions}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final Path path;
        private boolean readOnly;
        private boolean direct = true;
        private int workerThreads = DEFAULT_WORKER_THREADS;

        private Builder(Path path) {
            this.path = path;
        }

        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        public Builder direct(boolean direct) {
            this.direct = direct;
            return this;
        }

        public Builder workerThreads(int workerThreads) {
            this.workerThreads = workerThreads;
            return this;
        }

        public BlockDeviceOptions build() {
            return new BlockDeviceOptions(path, readOnly, direct, workerThreads);
        }
    }
}
