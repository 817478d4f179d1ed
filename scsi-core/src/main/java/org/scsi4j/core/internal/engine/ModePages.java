package org.scsi4j.core.internal.engine;

/**
 * Current values of a logical unit's changeable mode parameters (SPC-4 §7.5, SBC-3 §6.5),
 * shared by every nexus (mode pages are per LU here). Fields are volatile: MODE SELECT on one
 * owner thread, reads on all.
 */
public final class ModePages {
    private volatile boolean writeCacheEnabled;
    private volatile boolean descriptorSense;
    private volatile boolean softwareWriteProtect;
    private volatile boolean taskAbortedStatus;
    private volatile int informationalExceptionsMrie;
    private volatile boolean informationalExceptionsDisabled = true;
    private final boolean defaultWriteCacheEnabled;
    private final boolean defaultDescriptorSense;

    public ModePages(boolean writeCacheEnabled, boolean descriptorSense) {
        this.writeCacheEnabled = writeCacheEnabled;
        this.descriptorSense = descriptorSense;
        this.defaultWriteCacheEnabled = writeCacheEnabled;
        this.defaultDescriptorSense = descriptorSense;
    }

    /** WCE as configured at creation (MODE SENSE default values, PC 10b). */
    public boolean defaultWriteCacheEnabled() {
        return defaultWriteCacheEnabled;
    }

    /** D_SENSE as configured at creation (MODE SENSE default values, PC 10b). */
    public boolean defaultDescriptorSense() {
        return defaultDescriptorSense;
    }

    /** Caching page WCE: completed writes may sit in a volatile cache. */
    public boolean writeCacheEnabled() {
        return writeCacheEnabled;
    }

    public void writeCacheEnabled(boolean wce) {
        this.writeCacheEnabled = wce;
    }

    /** Control page D_SENSE: descriptor-format sense data. */
    public boolean descriptorSense() {
        return descriptorSense;
    }

    public void descriptorSense(boolean dSense) {
        this.descriptorSense = dSense;
    }

    /** Control page SWP: software write protect. */
    public boolean softwareWriteProtect() {
        return softwareWriteProtect;
    }

    public void softwareWriteProtect(boolean swp) {
        this.softwareWriteProtect = swp;
    }

    /** Control page TAS: aborted tasks of other nexuses get TASK ABORTED status. */
    public boolean taskAbortedStatus() {
        return taskAbortedStatus;
    }

    public void taskAbortedStatus(boolean tas) {
        this.taskAbortedStatus = tas;
    }

    /** Informational exceptions page MRIE. */
    public int informationalExceptionsMrie() {
        return informationalExceptionsMrie;
    }

    public void informationalExceptionsMrie(int mrie) {
        this.informationalExceptionsMrie = mrie;
    }

    /** Informational exceptions page DEXCPT. */
    public boolean informationalExceptionsDisabled() {
        return informationalExceptionsDisabled;
    }

    public void informationalExceptionsDisabled(boolean dexcpt) {
        this.informationalExceptionsDisabled = dexcpt;
    }
}
