package org.scsi4j.core.internal.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The opcode table of one command set: opcode (and service action) to {@link CommandDescriptor}.
 * Immutable and shared by every logical unit of that command set.
 */
public final class CommandTable {
    /** Opcode 0x7F (variable length CDB) carries its service action in bytes 8..9. */
    private static final int VARIABLE_LENGTH_OPCODE = 0x7F;

    /** Result of {@link #findUsageViolation}: no reserved bit set. */
    public static final int VALID = -1;

    private final CommandDescriptor[] plain = new CommandDescriptor[256];
    private final CommandDescriptor[][] byServiceAction = new CommandDescriptor[256][];
    private final List<CommandDescriptor> all;

    public CommandTable(List<CommandDescriptor> descriptors) {
        List<CommandDescriptor> list = new ArrayList<>(descriptors);
        for (CommandDescriptor d : list) {
            int op = d.opcode();
            if (d.hasServiceAction()) {
                if (plain[op] != null) {
                    throw new IllegalArgumentException("opcode 0x" + Integer.toHexString(op) + " both with and without service action");
                }
                CommandDescriptor[] sas = byServiceAction[op];
                int sa = d.serviceAction();
                if (sas == null || sas.length <= sa) {
                    CommandDescriptor[] grown = new CommandDescriptor[Math.max(sa + 1, 32)];
                    if (sas != null) {
                        System.arraycopy(sas, 0, grown, 0, sas.length);
                    }
                    sas = grown;
                    byServiceAction[op] = sas;
                }
                if (sas[sa] != null) {
                    throw new IllegalArgumentException("duplicate " + d.name());
                }
                sas[sa] = d;
            } else {
                if (plain[op] != null || byServiceAction[op] != null) {
                    throw new IllegalArgumentException("duplicate opcode 0x" + Integer.toHexString(op) + " " + d.name());
                }
                plain[op] = d;
            }
        }
        this.all = Collections.unmodifiableList(list);
    }

    /** Whether any command of this opcode exists (with or without service action). */
    public boolean knowsOpcode(int opcode) {
        return plain[opcode & 0xFF] != null || byServiceAction[opcode & 0xFF] != null;
    }

    /** Whether the opcode is dispatched by service action. */
    public boolean usesServiceAction(int opcode) {
        return byServiceAction[opcode & 0xFF] != null;
    }

    /** The service action of a CDB whose opcode uses one. */
    public static int serviceActionOf(byte[] cdb) {
        int op = cdb[0] & 0xFF;
        return op == VARIABLE_LENGTH_OPCODE ? Cdb.u16(cdb, 8) : (cdb[1] & 0x1F);
    }

    /** Byte index of the service action field, for field pointers. */
    public static int serviceActionByte(int opcode) {
        return (opcode & 0xFF) == VARIABLE_LENGTH_OPCODE ? 8 : 1;
    }

    /** @return the descriptor for this CDB, or null when its opcode or service action is unknown */
    public CommandDescriptor lookup(byte[] cdb) {
        int op = cdb[0] & 0xFF;
        CommandDescriptor d = plain[op];
        if (d != null) {
            return d;
        }
        CommandDescriptor[] sas = byServiceAction[op];
        if (sas == null) {
            return null;
        }
        int sa = serviceActionOf(cdb);
        return sa < sas.length ? sas[sa] : null;
    }

    /** @return the descriptor for an opcode and service action (-1 for none), or null */
    public CommandDescriptor lookup(int opcode, int serviceAction) {
        if (serviceAction < 0) {
            return plain[opcode & 0xFF];
        }
        CommandDescriptor[] sas = byServiceAction[opcode & 0xFF];
        return sas != null && serviceAction < sas.length ? sas[serviceAction] : null;
    }

    /**
     * Checks the CDB against the descriptor's usage map.
     *
     * @return {@link #VALID}, or {@code byteIndex * 8 + bit} of the most significant offending bit
     */
    public static int findUsageViolation(CommandDescriptor d, byte[] cdb) {
        int n = d.cdbLength();
        for (int i = 1; i < n; i++) {
            int bad = (cdb[i] & 0xFF) & ~d.usage(i);
            if (bad != 0) {
                return i * 8 + (31 - Integer.numberOfLeadingZeros(bad));
            }
        }
        return VALID;
    }

    /** Every descriptor, in table order (REPORT SUPPORTED OPERATION CODES, "all commands"). */
    public List<CommandDescriptor> all() {
        return all;
    }
}
