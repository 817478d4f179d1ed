package org.scsi4j.core.internal.reservation;

import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.engine.NexusView;

/**
 * The reservation state of one logical unit. Thread-safe: nexuses on different owner threads
 * consult it at every dispatch.
 */
public final class Reservations {

    /**
     * Whether a command from {@code nexus} must be answered RESERVATION CONFLICT (SPC-4 §5.13,
     * SPC-2 §5.5.1). Called on the nexus's owner thread for every command to the unit, after the
     * unit-attention check and before the CDB is validated further.
     */
    public boolean conflicts(NexusView nexus, CommandDescriptor descriptor, byte[] cdb) {
        return false;
    }

    /** The I_T nexus is gone (logout, connection loss, session reinstatement). */
    public void nexusLost(NexusView nexus) {
    }

    /** A LOGICAL UNIT RESET or target reset happened (SPC-2 reservations are released). */
    public void reset() {
    }
}
