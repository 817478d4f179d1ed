package org.scsi4j.core.internal.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.command.CommandTable;
import org.scsi4j.core.internal.command.DataOutLength;
import org.scsi4j.core.internal.reservation.ReservationCommands;
import org.scsi4j.core.internal.sense.SenseKey;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.internal.spc.SpcCommands;
import org.scsi4j.core.spi.device.IoStatus;
import org.scsi4j.core.spi.device.ScsiDevice;
import org.scsi4j.core.spi.transport.DataDirection;
import org.scsi4j.core.spi.transport.ScsiStatus;

/**
 * The command table of a raw-device unit ({@link org.scsi4j.core.CommandSet#RAW}) and the step
 * that offers a command to its {@link ScsiDevice}.
 *
 * <p>The core keeps what depends on the I_T nexus, which a device behind one connection cannot
 * know: REPORT LUNS and the reservation commands run in the core and are never forwarded.
 * INQUIRY, TEST UNIT READY and REQUEST SENSE go to the device first and fall back to the core's
 * generic answer when it declines (REQUEST SENSE is the core's while this nexus has a unit
 * attention pending: reporting it is the nexus's business). Every other opcode goes to the device
 * as it is, with the transport's expected length as its data length; declined, it is INVALID
 * COMMAND OPERATION CODE. Reservations are enforced before the offer by the usual admission path,
 * with the conflict table's per-opcode rows (and "conflict" for opcodes it does not know). A unit
 * attention the device reports is shared with the other nexuses.
 */
final class RawDeviceCommands {
    private static final int TEST_UNIT_READY = 0x00;
    private static final int REQUEST_SENSE = 0x03;
    private static final int INQUIRY = 0x12;
    private static final int REPORT_LUNS = 0xA0;

    private static final CommandHandler FORWARD = ctx -> offer((Task) ctx, null);
    private static final CommandTable TABLE = build();

    private RawDeviceCommands() {
    }

    static CommandTable table() {
        return TABLE;
    }

    private static CommandTable build() {
        List<CommandDescriptor> rows = new ArrayList<>();
        boolean[] taken = new boolean[256];
        for (CommandDescriptor d : SpcCommands.descriptors()) {
            int op = d.opcode();
            if (op == REPORT_LUNS) {
                rows.add(d);
                taken[op] = true;
            } else if (op == TEST_UNIT_READY || op == REQUEST_SENSE || op == INQUIRY) {
                rows.add(deviceFirst(d));
                taken[op] = true;
            }
        }
        for (CommandDescriptor d : ReservationCommands.descriptors()) {
            rows.add(d);
            taken[d.opcode()] = true;
        }
        for (int op = 0; op < 256; op++) {
            if (!taken[op]) {
                rows.add(CommandDescriptor.of(op, CommandDescriptor.NO_SERVICE_ACTION,
                        "OPERATION CODE 0x" + Integer.toHexString(op) + " (device)", new int[] {op},
                        DataOutLength.NONE, FORWARD,
                        CommandDescriptor.DEVICE_FIRST | CommandDescriptor.TRANSPORT_DATA_LENGTH));
            }
        }
        return new CommandTable(rows);
    }

    /** The same row, offered to the device before the core's handler runs. */
    private static CommandDescriptor deviceFirst(CommandDescriptor generic) {
        int[] usage = new int[generic.cdbLength()];
        for (int i = 0; i < usage.length; i++) {
            usage[i] = generic.usage(i);
        }
        int flags = CommandDescriptor.DEVICE_FIRST;
        for (int f : new int[] {CommandDescriptor.ALLOWED_WITH_UNIT_ATTENTION, CommandDescriptor.ALLOWED_WITHOUT_LU,
                CommandDescriptor.WRITES_MEDIUM, CommandDescriptor.NEEDS_MEDIUM,
                CommandDescriptor.ALLOWED_UNDER_RESERVATION, CommandDescriptor.DATA_OUT_IN_BLOCKS}) {
            if (generic.has(f)) {
                flags |= f;
            }
        }
        CommandHandler fallback = generic.handler();
        CommandHandler handler = ctx -> {
            Task t = (Task) ctx;
            if (t.cdb[0] == REQUEST_SENSE && !t.nexus.unitAttentionsOf(t.lu).isEmpty()) {
                runGeneric(t, fallback);
                return;
            }
            offer(t, fallback);
        };
        return CommandDescriptor.of(generic.opcode(), generic.serviceAction(), generic.name(), usage,
                generic.dataOutLength(), handler, flags);
    }

    /**
     * Offers the task to the unit's device; when it declines, runs {@code fallback} (the core's
     * generic handler), or answers INVALID COMMAND OPERATION CODE when there is none.
     */
    private static void offer(Task t, CommandHandler fallback) {
        ScsiDevice device = t.lu.scsiDevice();
        if (t.direction == DataDirection.READ && t.expectedLength > 0) {
            ByteBuffer in = t.dataInBuffer(t.expectedLength);
            if (in == null) {
                t.completeBusy();
                return;
            }
        }
        DeviceCommand command = t.deviceCommand();
        command.arm();
        t.io(RawDeviceCommands::deviceCompleted);
        boolean takenByDevice;
        try {
            takenByDevice = device.execute(command);
        } catch (RuntimeException e) {
            if (command.held()) {
                command.disarm();
                t.ioInFlight = false;
            }
            throw e;
        }
        if (takenByDevice) {
            return;
        }
        if (!command.held()) {
            // it declined after completing: the completion is queued and finishes the task
            t.lu.target().logDeviceFailure(t.lu, "execute (declined a command it had completed)",
                    new IllegalStateException(command.toString()));
            return;
        }
        command.disarm();
        t.ioInFlight = false;
        runGeneric(t, fallback);
    }

    private static void runGeneric(Task t, CommandHandler fallback) {
        if (fallback == null) {
            t.checkCondition(SenseReason.INVALID_COMMAND_OPERATION_CODE);
            return;
        }
        if (CommandAdmission.rejectedByUsageMap(t, t.descriptor)) {
            return;
        }
        if (fallback.validate(t)) {
            fallback.execute(t);
        }
    }

    private static void deviceCompleted(CommandContext ctx, IoStatus ignored, long ignoredInformation) {
        Task t = (Task) ctx;
        DeviceCommand command = t.deviceCommand();
        if (command.status == ScsiStatus.CHECK_CONDITION) {
            shareUnitAttention(t);
        }
        t.finishFromDevice(command.status, command.transferred, command.overflow);
    }

    /**
     * A unit attention the device reported went to whichever nexus happened to send the next
     * command: the device sees one initiator. Every other nexus must hear of it too (a medium
     * change on a shared tape, a reset), so the core posts it to them, when it is one the core
     * knows by name; the reporting nexus gets the device's sense untouched.
     */
    private static void shareUnitAttention(Task t) {
        ByteBuffer sense = t.sense();
        int n = sense.remaining();
        if (n < 4) {
            return;
        }
        int p = sense.position();
        int code = sense.get(p) & 0x7F;
        int key;
        int asc;
        int ascq;
        if (code == 0x70 || code == 0x71) {
            if (n < 14) {
                return;
            }
            key = sense.get(p + 2) & 0x0F;
            asc = sense.get(p + 12) & 0xFF;
            ascq = sense.get(p + 13) & 0xFF;
        } else if (code == 0x72 || code == 0x73) {
            key = sense.get(p + 1) & 0x0F;
            asc = sense.get(p + 2) & 0xFF;
            ascq = sense.get(p + 3) & 0xFF;
        } else {
            return;
        }
        if (key != SenseKey.UNIT_ATTENTION) {
            return;
        }
        for (SenseReason r : SenseReason.values()) {
            if (r.senseKey() == key && r.asc() == asc && r.ascq() == ascq) {
                t.lu.target().postUnitAttention(t.lu, r, t.nexus);
                return;
            }
        }
    }
}
