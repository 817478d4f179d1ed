package org.scsi4j.core.internal.xcopy;

import java.util.List;
import org.scsi4j.core.internal.command.CommandDescriptor;

/** Rows of the opcode table for EXTENDED COPY and RECEIVE COPY RESULTS. */
public final class CopyCommands {
    private CopyCommands() {
    }

    public static List<CommandDescriptor> descriptors() {
        return List.of();
    }
}
