package org.scsi4j.core.spi.device;

/**
 * Outcome of one device operation. The core turns each value into SCSI status and sense data
 * through a single table, so a device only says <em>what</em> happened.
 */
public enum IoStatus {
    /** The operation completed; for a write with FUA the data is durable. */
    GOOD,
    /** The device is temporarily out of resources; the command may be retried (TASK SET FULL / BUSY). */
    NO_RESOURCE,
    /** The data could not be read (MEDIUM ERROR, UNRECOVERED READ ERROR). */
    READ_ERROR,
    /** The data could not be written (MEDIUM ERROR, WRITE ERROR). */
    WRITE_ERROR,
    /**
     * Compare data differed (COMPARE AND WRITE, VERIFY with BYTCHK); the completion's
     * {@code information} is the byte offset of the first difference within the compared data.
     */
    MISCOMPARE,
    /** No medium is loaded (NOT READY, MEDIUM NOT PRESENT). */
    MEDIUM_NOT_PRESENT,
    /** The device refuses writes (DATA PROTECT, WRITE PROTECTED). */
    WRITE_PROTECTED,
    /** The operation is not supported by this device; the core answers INVALID FIELD or emulates. */
    UNSUPPORTED,
    /** Anything else the device cannot explain better (HARDWARE ERROR, INTERNAL TARGET FAILURE). */
    DEVICE_FAILURE
}
