package org.scsi4j.core.internal.sbc;

/**
 * What the SBC command set keeps per logical unit beyond the device: the LBA {@link RangeLock}
 * that serializes the atomic commands against every write, and the {@link SanitizeState}.
 * One per {@code LogicalUnit}, shared by every nexus and transport reaching it; thread-safe.
 */
public final class SbcUnit {
    private final RangeLock rangeLock = new RangeLock();
    private final SanitizeState sanitize = new SanitizeState();

    public RangeLock rangeLock() {
        return rangeLock;
    }

    public SanitizeState sanitize() {
        return sanitize;
    }
}
