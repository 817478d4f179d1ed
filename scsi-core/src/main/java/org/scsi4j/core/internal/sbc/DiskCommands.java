package org.scsi4j.core.internal.sbc;

import java.util.ArrayList;
import java.util.List;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.command.CommandTable;
import org.scsi4j.core.internal.reservation.ReservationCommands;
import org.scsi4j.core.internal.spc.SpcCommands;
import org.scsi4j.core.internal.xcopy.CopyCommands;

/** The opcode table of a disk: the SPC primary commands, the SBC block commands and the reservation commands. */
public final class DiskCommands {
    private static final CommandTable TABLE = build();

    private DiskCommands() {
    }

    public static CommandTable table() {
        return TABLE;
    }

    private static CommandTable build() {
        List<CommandDescriptor> all = new ArrayList<>(SpcCommands.descriptors());
        all.addAll(SbcCommands.descriptors());
        all.addAll(ReservationCommands.descriptors());
        all.addAll(CopyCommands.descriptors());
        return new CommandTable(all);
    }
}
