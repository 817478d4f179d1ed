package org.scsi4j.core.spi.device;

/**
 * The optional primitives a device may offer, for {@link BlockDevice#supports(DeviceOperation)}
 * (after SPDK's {@code io_type_supported}). READ, WRITE and FLUSH are mandatory for a writable
 * device; the core emulates what is missing where SCSI allows it (WRITE SAME by plain writes,
 * COMPARE AND WRITE by read, compare and write under a range lock) and reports honestly what it
 * cannot (UNMAP absent from VPD 0xB2).
 */
public enum DeviceOperation {
    READ,
    WRITE,
    FLUSH,
    /** Deallocate blocks; afterwards they read as zeroes (LBPRZ). */
    UNMAP,
    /** Write one block's pattern to a range in one call. */
    WRITE_SAME,
    /** Atomic compare-and-write implemented by the device itself. */
    COMPARE_AND_WRITE
}
