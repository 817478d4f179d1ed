package org.scsi4j.core.internal.xcopy;

/**
 * The limits of the copy manager: what RECEIVE COPY RESULTS (OPERATING PARAMETERS) reports (SPC-4
 * §6.26.4) and what EXTENDED COPY enforces, kept in one place so the two cannot disagree.
 */
final class CopyLimits {
    /** MAXIMUM CSCD DESCRIPTOR COUNT. VMware ESXi sends two (source and destination). */
    static final int MAX_CSCD_DESCRIPTORS = 16;
    /** MAXIMUM SEGMENT DESCRIPTOR COUNT. */
    static final int MAX_SEGMENT_DESCRIPTORS = 64;
    /** Length of an identification descriptor CSCD descriptor (type E4h). */
    static final int CSCD_LENGTH = 32;
    /** Length of a block device to block device segment descriptor (type 02h). */
    static final int B2B_SEGMENT_LENGTH = 28;
    /**
     * MAXIMUM DESCRIPTOR LIST LENGTH: the CSCD and segment descriptor lists together, sized so that
     * the largest counts of both kinds fit.
     */
    static final int MAX_DESCRIPTOR_LIST_LENGTH =
            MAX_CSCD_DESCRIPTORS * CSCD_LENGTH + MAX_SEGMENT_DESCRIPTORS * B2B_SEGMENT_LENGTH;
    /** MAXIMUM SEGMENT LENGTH: 0, no limit beyond the 16-bit block count of the descriptor. */
    static final long MAX_SEGMENT_LENGTH = 0;
    /** MAXIMUM INLINE DATA LENGTH: no segment type we implement carries inline data. */
    static final int MAX_INLINE_DATA_LENGTH = 0;
    /**
     * Copy records held for RECEIVE COPY RESULTS per logical unit (and MAXIMUM CONCURRENT COPIES):
     * the oldest finished ones are forgotten first.
     */
    static final int MAX_HELD_RECORDS = 64;
    /** TOTAL CONCURRENT COPIES reported: the copies whose status is kept. */
    static final int TOTAL_CONCURRENT_COPIES = MAX_HELD_RECORDS;
    /**
     * Bytes moved per device call: one read into the task's scratch buffer, then one write of it.
     * A multiple of every logical block size (512, 2048, 4096).
     */
    static final int CHUNK_BYTES = 1 << 20;

    /** Implemented descriptor type codes, ascending (OPERATING PARAMETERS, SPC-4 §6.26.4). */
    static final int[] IMPLEMENTED_DESCRIPTOR_TYPES =
            {ParameterList.SEGMENT_BLOCK_TO_BLOCK, ParameterList.CSCD_IDENTIFICATION};

    private CopyLimits() {
    }
}
