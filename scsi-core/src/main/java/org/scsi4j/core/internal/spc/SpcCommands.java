package org.scsi4j.core.internal.spc;

import java.util.List;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.command.DataOutLength;

/** The SPC-4 primary commands' rows of the opcode table. */
public final class SpcCommands {
    private SpcCommands() {
    }

    public static List<CommandDescriptor> descriptors() {
        return List.of(
                CommandDescriptor.of(0x00, CommandDescriptor.NO_SERVICE_ACTION, "TEST UNIT READY",
                        new int[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x04}, DataOutLength.NONE,
                        ctx -> ctx.completeGood(), CommandDescriptor.NEEDS_MEDIUM));
    }
}
