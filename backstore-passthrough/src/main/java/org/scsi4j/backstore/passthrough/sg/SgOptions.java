package org.scsi4j.backstore.passthrough.sg;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link SgDevice} runs its device. Immutable; start from {@link #defaults()}. Each
 * {@code with*} method checks its value at once and names itself when it refuses one.
 */
public final class SgOptions {
    /** One thread: commands reach the device strictly in the order the core offers them (tapes need that). */
    public static final int DEFAULT_THREADS = 1;
    public static final int MAX_THREADS = 64;
    public static final int DEFAULT_QUEUE_DEPTH = 64;
    public static final int MAX_QUEUE_DEPTH = 4096;
    /**
     * Four hours, in the range of the Linux tape driver's long timeout: the kernel aborts a command
     * that runs longer and starts error recovery (which can reset the device and lose a tape's
     * position), so this must exceed the longest command the device legitimately takes (an ERASE or
     * FORMAT without IMMED). The initiator has its own timeouts and aborts through the core.
     */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofHours(4);
    /** How long {@link SgDevice#close()} waits for commands the device is still running. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final SgOptions DEFAULTS =
            new SgOptions(DEFAULT_THREADS, DEFAULT_QUEUE_DEPTH, DEFAULT_COMMAND_TIMEOUT, DEFAULT_CLOSE_TIMEOUT);

    private final int threads;
    private final int queueDepth;
    private final Duration commandTimeout;
    private final Duration closeTimeout;

    private SgOptions(int threads, int queueDepth, Duration commandTimeout, Duration closeTimeout) {
        this.threads = threads;
        this.queueDepth = queueDepth;
        this.commandTimeout = commandTimeout;
        this.closeTimeout = closeTimeout;
    }

    public static SgOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Worker threads, each with its own descriptor and one command in flight. More than one lets a
     * disk or changer work on several commands at once; commands then no longer reach the device
     * in order, which a tape drive must not see. 1 to {@value #MAX_THREADS}.
     */
    public SgOptions withThreads(int n) {
        if (n < 1 || n > MAX_THREADS) {
            throw new IllegalArgumentException("sg threads must be 1.." + MAX_THREADS + ", was " + n);
        }
        return new SgOptions(n, queueDepth, commandTimeout, closeTimeout);
    }

    /** Commands waiting for a worker; one more is answered TASK SET FULL. 1 to {@value #MAX_QUEUE_DEPTH}. */
    public SgOptions withQueueDepth(int n) {
        if (n < 1 || n > MAX_QUEUE_DEPTH) {
            throw new IllegalArgumentException("sg queue depth must be 1.." + MAX_QUEUE_DEPTH + ", was " + n);
        }
        return new SgOptions(threads, n, commandTimeout, closeTimeout);
    }

    /** The {@code sg_io_hdr} timeout of every command: 1 ms to 2^31-1 ms (see {@link #DEFAULT_COMMAND_TIMEOUT}). */
    public SgOptions withCommandTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "sg command timeout");
        if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("sg command timeout must be 1 ms.." + Integer.MAX_VALUE + " ms, was " + timeout);
        }
        return new SgOptions(threads, queueDepth, timeout, closeTimeout);
    }

    /**
     * How long {@link SgDevice#close()} waits for commands still running on the device (zero or
     * more). After that it closes their descriptors: the kernel lets such a command finish and
     * drops its result.
     */
    public SgOptions withCloseTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "sg close timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("sg close timeout must not be negative, was " + timeout);
        }
        return new SgOptions(threads, queueDepth, commandTimeout, timeout);
    }

    public int threads() {
        return threads;
    }

    public int queueDepth() {
        return queueDepth;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    public Duration closeTimeout() {
        return closeTimeout;
    }

    @Override
    public String toString() {
        return "SgOptions[threads=" + threads + ", queueDepth=" + queueDepth + ", commandTimeout=" + commandTimeout
                + ", closeTimeout=" + closeTimeout + "]";
    }
}
