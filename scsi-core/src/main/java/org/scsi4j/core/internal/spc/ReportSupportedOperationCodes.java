package org.scsi4j.core.internal.spc;

import static org.scsi4j.core.internal.spc.ParameterBytes.u16;
import static org.scsi4j.core.internal.spc.ParameterBytes.u32;
import static org.scsi4j.core.internal.spc.ParameterBytes.u8;

import java.nio.ByteBuffer;
import java.util.List;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.command.CommandTable;

/**
 * REPORT SUPPORTED OPERATION CODES (SPC-4 §6.35), answered from the unit's opcode table, so what
 * is reported is what is dispatched:
 * <ul>
 *   <li>REPORTING OPTIONS 000b: every command descriptor (§6.35.2), SERVACTV for commands with a
 *       service action, and with RCTD a command timeouts descriptor (CTDP);</li>
 *   <li>001b: one opcode without service actions (an opcode that has them is INVALID FIELD IN
 *       CDB); 010b: one opcode and service action (an opcode without them is INVALID FIELD IN CDB);
 *       011b (SPC-5): either, as the opcode needs. The one-command data (§6.35.3) carries SUPPORT
 *       011b and the CDB usage data (the descriptor's usage map, with the service action itself in
 *       the service action field), or SUPPORT 001b and no CDB when the command is not supported.</li>
 * </ul>
 */
final class ReportSupportedOperationCodes implements CommandHandler {
    static final CommandHandler HANDLER = new ReportSupportedOperationCodes();

    static final int ALL_COMMANDS = 0;
    static final int ONE_OPCODE = 1;
    static final int ONE_OPCODE_AND_SERVICE_ACTION = 2;
    static final int ONE_COMMAND_EITHER = 3;

    static final int SUPPORT_NOT_SUPPORTED = 0x1;
    static final int SUPPORT_STANDARD = 0x3;

    private static final int RCTD = 0x80;
    private static final int CTDP_ONE = 0x80;
    private static final int CTDP_ALL = 0x02;
    private static final int SERVACTV = 0x01;
    /** Command timeouts descriptor (§6.35.4): DESCRIPTOR LENGTH 000Ah plus the 2-byte length field. */
    static final int TIMEOUTS_DESCRIPTOR_LENGTH = 12;
    private static final int VARIABLE_LENGTH_OPCODE = 0x7F;

    private ReportSupportedOperationCodes() {
    }

    @Override
    public boolean validate(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        int options = cdb[2] & 0x07;
        int opcode = Cdb.u8(cdb, 3);
        CommandTable table = ctx.lu().commands();
        switch (options) {
            case ALL_COMMANDS:
            case ONE_COMMAND_EITHER:
                return true;
            case ONE_OPCODE:
                if (table.usesServiceAction(opcode)) {
                    ctx.invalidFieldInCdb(3, -1);
                    return false;
                }
                return true;
            case ONE_OPCODE_AND_SERVICE_ACTION:
                if (table.knowsOpcode(opcode) && !table.usesServiceAction(opcode)) {
                    ctx.invalidFieldInCdb(3, -1);
                    return false;
                }
                return true;
            default:
                ctx.invalidFieldInCdb(2, 2);
                return false;
        }
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        boolean timeouts = (cdb[2] & RCTD) != 0;
        int allocationLength = (int) Math.min(Integer.MAX_VALUE, Cdb.u32(cdb, 6));
        CommandTable table = ctx.lu().commands();
        int options = cdb[2] & 0x07;
        if (options == ALL_COMMANDS) {
            List<CommandDescriptor> implemented = new java.util.ArrayList<>(table.all().size());
            for (CommandDescriptor d : table.all()) {
                if (ctx.lu().implementsCommand(d)) {
                    implemented.add(d);
                }
            }
            reportAll(ctx, implemented, timeouts, allocationLength);
        } else {
            int opcode = Cdb.u8(cdb, 3);
            int serviceAction = table.usesServiceAction(opcode) ? Cdb.u16(cdb, 4) : CommandDescriptor.NO_SERVICE_ACTION;
            CommandDescriptor d = table.lookup(opcode, serviceAction);
            reportOne(ctx, d != null && ctx.lu().implementsCommand(d) ? d : null, timeouts, allocationLength);
        }
    }

    private static void reportAll(CommandContext ctx, List<CommandDescriptor> all, boolean timeouts, int allocationLength) {
        int each = 8 + (timeouts ? TIMEOUTS_DESCRIPTOR_LENGTH : 0);
        int length = 4 + each * all.size();
        ByteBuffer b = ctx.parameterData(length);
        if (b == null) {
            ctx.completeBusy();
            return;
        }
        u32(b, 0, length - 4L);                                   // COMMAND DATA LENGTH
        int p = 4;
        for (CommandDescriptor d : all) {
            u8(b, p, d.opcode());
            if (d.hasServiceAction()) {
                u16(b, p + 2, d.serviceAction());
            }
            u8(b, p + 5, (timeouts ? CTDP_ALL : 0) | (d.hasServiceAction() ? SERVACTV : 0));
            u16(b, p + 6, d.cdbLength());
            if (timeouts) {
                writeTimeouts(b, p + 8, d);
            }
            p += each;
        }
        ctx.completeDataIn(length, allocationLength);
    }

    private static void reportOne(CommandContext ctx, CommandDescriptor d, boolean timeouts, int allocationLength) {
        int cdbLength = d == null ? 0 : d.cdbLength();
        boolean withTimeouts = timeouts && d != null;
        int length = 4 + cdbLength + (withTimeouts ? TIMEOUTS_DESCRIPTOR_LENGTH : 0);
        ByteBuffer b = ctx.parameterData(length);
        if (b == null) {
            ctx.completeBusy();
            return;
        }
        u8(b, 1, (withTimeouts ? CTDP_ONE : 0) | (d == null ? SUPPORT_NOT_SUPPORTED : SUPPORT_STANDARD));
        u16(b, 2, cdbLength);                                     // CDB SIZE
        if (d != null) {
            writeUsageData(b, 4, d);
            if (withTimeouts) {
                writeTimeouts(b, 4 + cdbLength, d);
            }
        }
        ctx.completeDataIn(length, allocationLength);
    }

    /** The CDB USAGE DATA: the usage map with the opcode and service action values in place. */
    static void writeUsageData(ByteBuffer b, int off, CommandDescriptor d) {
        for (int i = 0; i < d.cdbLength(); i++) {
            u8(b, off + i, d.usage(i));
        }
        if (d.hasServiceAction()) {
            if (d.opcode() == VARIABLE_LENGTH_OPCODE) {
                u16(b, off + 8, d.serviceAction());
            } else {
                u8(b, off + 1, (d.usage(1) & ~0x1F) | (d.serviceAction() & 0x1F));
            }
        }
    }

    /** Command timeouts descriptor (§6.35.4). */
    private static void writeTimeouts(ByteBuffer b, int off, CommandDescriptor d) {
        u16(b, off, TIMEOUTS_DESCRIPTOR_LENGTH - 2);
        // byte 2 reserved, byte 3 COMMAND SPECIFIC 0
        u32(b, off + 4, d.nominalTimeoutSeconds());
        u32(b, off + 8, d.recommendedTimeoutSeconds());
    }
}
