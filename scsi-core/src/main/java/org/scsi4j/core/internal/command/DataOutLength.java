package org.scsi4j.core.internal.command;

/**
 * Computes, from a validated CDB, how many bytes of data-out a command takes (before looking at
 * the transport's expected length). Evaluated on the owner thread at submission, so that the
 * data-out can land directly in the buffer the device will read from.
 */
@FunctionalInterface
public interface DataOutLength {
    DataOutLength NONE = (cdb, blockSize) -> 0;

    /**
     * @return bytes of data-out; 0 for none. May exceed the transport's expected length (the core
     *         then reports a residual overflow).
     */
    long bytes(byte[] cdb, int blockSize);
}
