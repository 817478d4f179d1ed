package org.scsi4j.core.internal.engine;

import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.transport.InitiatorPortId;

/** What command handlers see of the I_T nexus a task arrived on. Owner thread only. */
public interface NexusView {

    InitiatorPortId initiator();

    /** Relative target port identifier of the port the nexus came through. */
    int relativeTargetPortId();

    /** The target's SCSI name. */
    String targetName();

    /** The LUN numbers this nexus sees, ascending. Owner-thread snapshot: do not keep it. */
    int[] visibleLuns();

    /** Whether this nexus sees {@code lu} through a read-only mapping (writes refused with DATA PROTECT). */
    boolean isMappedReadOnly(LogicalUnit lu);

    /** The logical unit at a LUN number for this nexus, or null. */
    LogicalUnit logicalUnitAt(int lun);

    /**
     * Removes and returns the oldest pending unit attention for {@code lu} on this nexus, or null
     * (REQUEST SENSE reports it; SPC-4 §5.14).
     */
    SenseReason takeUnitAttention(LogicalUnit lu);

    /** Clears REPORTED LUNS DATA HAS CHANGED on every LU of this nexus (REPORT LUNS did it). */
    void clearReportedLunsDataChanged();
}
