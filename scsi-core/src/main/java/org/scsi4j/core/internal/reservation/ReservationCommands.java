package org.scsi4j.core.internal.reservation;

import java.util.List;
import org.scsi4j.core.internal.command.CommandDescriptor;

/** Rows of the opcode table for the reservation commands (RESERVE/RELEASE, PERSISTENT RESERVE IN/OUT). */
public final class ReservationCommands {
    private ReservationCommands() {
    }

    public static List<CommandDescriptor> descriptors() {
        return List.of();
    }
}
