package org.scsi4j.core.internal.sbc;

import java.util.ArrayList;
import java.util.List;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.command.CommandTable;
import org.scsi4j.core.internal.reservation.ReservationCommands;
import org.scsi4j.core.internal.spc.SpcCommands;
import org.scsi4j.core.internal.xcopy.CopyCommands;

/**
 * The opcode tables of a disk: the SPC primary commands, the SBC block commands, the reservation
 * and copy commands; a disk with a removable medium adds its medium commands.
 */
public final class DiskCommands {
    private static final CommandTable TABLE = build(false);
    private static final CommandTable REMOVABLE_TABLE = build(true);

    private DiskCommands() {
    }

    /** The table of a disk whose medium is fixed. */
    public static CommandTable table() {
        return TABLE;
    }

    /**
     * The table of a disk with a removable medium (INQUIRY RMB=1): the fixed disk's, with START
     * STOP UNIT accepting LOEJ and PREVENT ALLOW MEDIUM REMOVAL added.
     */
    public static CommandTable removableTable() {
        return REMOVABLE_TABLE;
    }

    private static CommandTable build(boolean removable) {
        List<CommandDescriptor> all = new ArrayList<>(SpcCommands.descriptors());
        for (CommandDescriptor d : SbcCommands.descriptors()) {
            if (!removable || d.opcode() != SbcCommands.START_STOP_UNIT) {
                all.add(d);
            }
        }
        if (removable) {
            all.addAll(SbcCommands.removableMediumDescriptors());
        }
        all.addAll(ReservationCommands.descriptors());
        all.addAll(CopyCommands.descriptors());
        return new CommandTable(all);
    }
}
