package org.scsi4j.core.internal.sbc;

import java.util.List;
import org.scsi4j.core.internal.command.CommandDescriptor;

/** The SBC-3 block commands' rows of the opcode table. */
public final class SbcCommands {
    private SbcCommands() {
    }

    public static List<CommandDescriptor> descriptors() {
        return List.of();
    }
}
