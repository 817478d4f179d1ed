package org.scsi4j.core.internal.mmc;

import static org.scsi4j.core.internal.command.CommandDescriptor.ALLOWED_UNDER_RESERVATION;
import static org.scsi4j.core.internal.command.CommandDescriptor.ALLOWED_WITH_UNIT_ATTENTION;
import static org.scsi4j.core.internal.command.CommandDescriptor.NEEDS_MEDIUM;
import static org.scsi4j.core.internal.command.CommandDescriptor.NO_SERVICE_ACTION;
import static org.scsi4j.core.internal.command.CommandDescriptor.WRITES_MEDIUM;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.command.CommandTable;
import org.scsi4j.core.internal.command.DataOutLength;
import org.scsi4j.core.internal.reservation.ReservationCommands;
import org.scsi4j.core.internal.sbc.SbcCommands;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.internal.spc.SpcCommands;

/**
 * The opcode table of a CD/DVD-ROM unit (MMC-6 clause 6: the commands common to all drives and
 * those the read-only CD-ROM and DVD-ROM profiles require). Reused as they are: the SPC-4 rows
 * (INQUIRY, REQUEST SENSE, REPORT LUNS, REPORT SUPPORTED OPERATION CODES, REPORT TARGET PORT
 * GROUPS, ...), the reservation rows, SBC's READ CAPACITY (10) row and SBC's READ handler under
 * MMC usage maps. Replaced: TEST UNIT READY (reports the tray state), MODE SENSE (the MM
 * capabilities page instead of the disk pages). Left out: MODE SELECT (no changeable MMC
 * parameter), READ (6)/(16) and every other SBC command, which are not MMC commands (INVALID
 * COMMAND OPERATION CODE).
 *
 * <p>Every usage map is exactly the CDB bits accepted (the MMC-6 CDB tables); reserved and
 * obsolete bits (RelAdr, the old LUN field) are INVALID FIELD IN CDB, as on disks. One exception:
 * READ TOC/PMA/ATIP accepts the two vendor-specific bits 7..6 of its CONTROL byte, where SFF-8020
 * drives took the format and Linux's sr driver still asks for session information
 * ({@code cmd[9] = 0x40}).
 *
 * <p>GET CONFIGURATION and GET EVENT STATUS NOTIFICATION neither report nor clear a pending unit
 * attention: MMC has them work while one is pending, so that a host can poll the media state (as
 * QEMU and real drives do); INQUIRY, REQUEST SENSE and REPORT LUNS keep their SPC behaviour. The
 * write commands of a recorder answer DATA PROTECT, WRITE PROTECTED before any data moves.
 */
public final class MmcCommands {
    static final int CONTROL = 0x00;
    static final int NOMINAL_TIMEOUT = 1;
    static final int RECOMMENDED_TIMEOUT = 30;

    /** SPC rows replaced or left out here: TEST UNIT READY, MODE SELECT/SENSE (6) and (10). */
    private static final Set<Integer> SPC_NOT_REUSED = Set.of(0x00, 0x15, 0x1A, 0x55, 0x5A);

    private static final int READ_10 = 0x28;
    private static final int READ_CAPACITY_10 = 0x25;
    /** Byte 1 of READ/WRITE (10/12): DPO, FUA (RelAdr obsolete). */
    private static final int DPO_FUA = 0x18;
    /** Byte 10 of READ/WRITE (12): Streaming. */
    private static final int STREAMING = 0x80;

    private static final int INFO = ALLOWED_WITH_UNIT_ATTENTION | ALLOWED_UNDER_RESERVATION;
    private static final int WRITE = NEEDS_MEDIUM | WRITES_MEDIUM;

    /** The recorder commands of a read-only drive: refused before any data moves. */
    static final CommandHandler WRITE_PROTECTED = new CommandHandler() {
        @Override
        public boolean validate(CommandContext ctx) {
            ctx.checkCondition(SenseReason.WRITE_PROTECTED);
            return false;
        }

        @Override
        public void execute(CommandContext ctx) {
            ctx.checkCondition(SenseReason.WRITE_PROTECTED);
        }
    };

    private static final CommandTable TABLE = build();

    private MmcCommands() {
    }

    public static CommandTable table() {
        return TABLE;
    }

    private static CommandTable build() {
        List<CommandDescriptor> all = new ArrayList<>();
        for (CommandDescriptor d : SpcCommands.descriptors()) {
            if (!SPC_NOT_REUSED.contains(d.opcode())) {
                all.add(d);
            }
        }
        all.addAll(ReservationCommands.descriptors());
        List<CommandDescriptor> sbc = SbcCommands.descriptors();
        CommandHandler read = find(sbc, READ_10).handler();
        all.add(find(sbc, READ_CAPACITY_10));
        all.addAll(List.of(
                // TEST UNIT READY.
                row(0x00, "TEST UNIT READY", new int[] {0x00, 0x00, 0x00, 0x00, 0x00, CONTROL},
                        MediumCommands.TEST_UNIT_READY, ALLOWED_UNDER_RESERVATION),
                // READ (10): DPO, FUA; LBA; TRANSFER LENGTH (byte 6 reserved).
                row(READ_10, "READ(10)", new int[] {READ_10, DPO_FUA, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0xFF, 0xFF, CONTROL},
                        read, NEEDS_MEDIUM),
                // READ (12): as (10) with a 32-bit length and the Streaming bit.
                row(0xA8, "READ(12)", new int[] {0xA8, DPO_FUA, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        STREAMING, CONTROL}, read, NEEDS_MEDIUM),
                // READ TOC/PMA/ATIP: MSF; FORMAT; TRACK/SESSION NUMBER; ALLOCATION LENGTH;
                // CONTROL bits 7..6 (vendor specific, the SFF-8020 format field).
                row(0x43, "READ TOC/PMA/ATIP", new int[] {0x43, 0x02, 0x0F, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
                        ReadToc.LEGACY_FORMAT_BITS}, ReadToc.HANDLER, NEEDS_MEDIUM),
                // GET CONFIGURATION: RT; STARTING FEATURE NUMBER; ALLOCATION LENGTH.
                row(0x46, "GET CONFIGURATION", new int[] {0x46, 0x03, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0xFF, 0xFF, CONTROL},
                        GetConfiguration.HANDLER, INFO),
                // GET EVENT STATUS NOTIFICATION: POLLED; NOTIFICATION CLASS REQUEST; ALLOCATION LENGTH.
                row(0x4A, "GET EVENT STATUS NOTIFICATION", new int[] {0x4A, 0x01, 0x00, 0x00, 0xFF, 0x00, 0x00,
                        0xFF, 0xFF, CONTROL}, EventStatus.HANDLER, INFO),
                // READ DISC INFORMATION: DATA TYPE; ALLOCATION LENGTH.
                row(0x51, "READ DISC INFORMATION", new int[] {0x51, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF,
                        CONTROL}, DiscInformation.READ_DISC_INFORMATION, NEEDS_MEDIUM),
                // READ TRACK INFORMATION: ADDRESS/NUMBER TYPE; the address or number; ALLOCATION LENGTH.
                row(0x52, "READ TRACK INFORMATION", new int[] {0x52, 0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0xFF, 0xFF,
                        CONTROL}, DiscInformation.READ_TRACK_INFORMATION, NEEDS_MEDIUM),
                // SPC-4 §6.11/§6.12 MODE SENSE, MMC-6 clause 7: DBD (and LLBAA) accepted, no block descriptor.
                row(0x1A, "MODE SENSE(6)", new int[] {0x1A, 0x08, 0xFF, 0xFF, 0xFF, CONTROL},
                        MmcModeSense.HANDLER, 0),
                row(0x5A, "MODE SENSE(10)", new int[] {0x5A, 0x18, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0xFF, 0xFF, CONTROL},
                        MmcModeSense.HANDLER, 0),
                // MECHANISM STATUS: ALLOCATION LENGTH.
                row(0xBD, "MECHANISM STATUS", new int[] {0xBD, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF,
                        0x00, CONTROL}, MediumCommands.MECHANISM_STATUS, ALLOWED_UNDER_RESERVATION),
                // PREVENT ALLOW MEDIUM REMOVAL: Persistent, Prevent.
                row(0x1E, "PREVENT ALLOW MEDIUM REMOVAL", new int[] {0x1E, 0x00, 0x00, 0x00, 0x03, CONTROL},
                        MediumCommands.PREVENT_ALLOW, 0),
                // START STOP UNIT: IMMED; LoEj, Start (power conditions and FL not accepted).
                row(0x1B, "START STOP UNIT", new int[] {0x1B, 0x01, 0x00, 0x00, 0x03, CONTROL},
                        MediumCommands.START_STOP_UNIT, 0),
                // SYNCHRONIZE CACHE: nothing is ever cached for writing; GOOD.
                row(0x35, "SYNCHRONIZE CACHE(10)", new int[] {0x35, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0xFF, 0xFF,
                        CONTROL}, CommandContext::completeGood, 0),
                // The recorder commands: DATA PROTECT, WRITE PROTECTED.
                row(0x2A, "WRITE(10)", new int[] {0x2A, DPO_FUA, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0xFF, 0xFF, CONTROL},
                        WRITE_PROTECTED, WRITE),
                row(0xAA, "WRITE(12)", new int[] {0xAA, DPO_FUA, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        STREAMING, CONTROL}, WRITE_PROTECTED, WRITE),
                row(0x2E, "WRITE AND VERIFY(10)", new int[] {0x2E, 0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0xFF, 0xFF,
                        CONTROL}, WRITE_PROTECTED, WRITE),
                row(0x04, "FORMAT UNIT", new int[] {0x04, 0x1F, 0x00, 0x00, 0x00, CONTROL}, WRITE_PROTECTED, WRITE),
                row(0xA1, "BLANK", new int[] {0xA1, 0x17, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00,
                        CONTROL}, WRITE_PROTECTED, WRITE),
                row(0x5B, "CLOSE TRACK/SESSION", new int[] {0x5B, 0x01, 0x07, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00,
                        CONTROL}, WRITE_PROTECTED, WRITE),
                row(0x53, "RESERVE TRACK", new int[] {0x53, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, CONTROL},
                        WRITE_PROTECTED, WRITE)));
        return new CommandTable(all);
    }

    private static CommandDescriptor find(List<CommandDescriptor> rows, int opcode) {
        for (CommandDescriptor d : rows) {
            if (d.opcode() == opcode && !d.hasServiceAction()) {
                return d;
            }
        }
        throw new IllegalStateException("no row for opcode 0x" + Integer.toHexString(opcode));
    }

    private static CommandDescriptor row(int opcode, String name, int[] usage, CommandHandler handler, int flags) {
        return CommandDescriptor.of(opcode, NO_SERVICE_ACTION, name, usage, DataOutLength.NONE, handler, flags)
                .withTimeouts(NOMINAL_TIMEOUT, RECOMMENDED_TIMEOUT);
    }
}
