package org.scsi4j.core.internal.spc;

import static org.scsi4j.core.internal.command.CommandDescriptor.ALLOWED_UNDER_RESERVATION;
import static org.scsi4j.core.internal.command.CommandDescriptor.ALLOWED_WITHOUT_LU;
import static org.scsi4j.core.internal.command.CommandDescriptor.ALLOWED_WITH_UNIT_ATTENTION;
import static org.scsi4j.core.internal.command.CommandDescriptor.NEEDS_MEDIUM;
import static org.scsi4j.core.internal.command.CommandDescriptor.NO_SERVICE_ACTION;

import java.util.List;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.command.DataOutLength;

/**
 * The SPC-4 primary commands' rows of the opcode table. Each usage map is exactly the set of CDB
 * bits we accept (the engine rejects any other bit with INVALID FIELD IN CDB and REPORT SUPPORTED
 * OPERATION CODES reports the same map).
 *
 * <p>The CONTROL byte accepts no bit: NACA must be zero because INQUIRY reports NORMACA=0
 * (SAM-5 §5.2); the LINK and FLAG bits are obsolete.
 */
public final class SpcCommands {
    /** MAINTENANCE IN (SPC-4 §6.36, §6.35 share it by service action). */
    static final int MAINTENANCE_IN = 0xA3;
    static final int SA_REPORT_TARGET_PORT_GROUPS = 0x0A;
    static final int SA_REPORT_SUPPORTED_OPERATION_CODES = 0x0C;
    static final int SA_REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS = 0x0D;

    /** Usage of the CONTROL byte: nothing (see the class comment). */
    static final int CONTROL = 0x00;

    /**
     * Command timeouts reported by REPORT SUPPORTED OPERATION CODES with RCTD (SPC-4 §6.35.4), in
     * seconds. Emulated commands finish at once; the recommended value leaves room for a loaded
     * event loop.
     */
    static final int NOMINAL_TIMEOUT = 1;
    static final int RECOMMENDED_TIMEOUT = 30;

    private static final int INFO_COMMAND = ALLOWED_WITH_UNIT_ATTENTION | ALLOWED_WITHOUT_LU | ALLOWED_UNDER_RESERVATION;

    private static final CommandHandler TEST_UNIT_READY = CommandContext::completeGood;

    private SpcCommands() {
    }

    public static List<CommandDescriptor> descriptors() {
        return List.of(
                // SPC-4 §6.47: no medium yet to be absent; GOOD.
                row(0x00, NO_SERVICE_ACTION, "TEST UNIT READY",
                        new int[] {0x00, 0x00, 0x00, 0x00, 0x00, CONTROL},
                        DataOutLength.NONE, TEST_UNIT_READY, NEEDS_MEDIUM | ALLOWED_UNDER_RESERVATION),
                // SPC-4 §6.39: byte 1 DESC; byte 4 ALLOCATION LENGTH.
                row(0x03, NO_SERVICE_ACTION, "REQUEST SENSE",
                        new int[] {0x03, 0x01, 0x00, 0x00, 0xFF, CONTROL},
                        DataOutLength.NONE, RequestSense.HANDLER, INFO_COMMAND),
                // SPC-4 §6.6: byte 1 EVPD (CMDDT, bit 1, is obsolete and rejected); byte 2 PAGE CODE;
                // bytes 3-4 ALLOCATION LENGTH.
                row(0x12, NO_SERVICE_ACTION, "INQUIRY",
                        new int[] {0x12, 0x01, 0xFF, 0xFF, 0xFF, CONTROL},
                        DataOutLength.NONE, Inquiry.HANDLER, INFO_COMMAND),
                // SPC-4 §6.9: byte 1 PF, SP; byte 4 PARAMETER LIST LENGTH.
                row(0x15, NO_SERVICE_ACTION, "MODE SELECT(6)",
                        new int[] {0x15, 0x11, 0x00, 0x00, 0xFF, CONTROL},
                        (cdb, blockSize) -> Cdb.u8(cdb, 4), ModeSelect.HANDLER, 0),
                // SPC-4 §6.11: byte 1 DBD; byte 2 PC, PAGE CODE; byte 3 SUBPAGE CODE; byte 4 ALLOCATION LENGTH.
                row(0x1A, NO_SERVICE_ACTION, "MODE SENSE(6)",
                        new int[] {0x1A, 0x08, 0xFF, 0xFF, 0xFF, CONTROL},
                        DataOutLength.NONE, ModeSense.HANDLER, 0),
                // SPC-4 §6.10: byte 1 PF, SP; bytes 7-8 PARAMETER LIST LENGTH.
                row(0x55, NO_SERVICE_ACTION, "MODE SELECT(10)",
                        new int[] {0x55, 0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, CONTROL},
                        (cdb, blockSize) -> Cdb.u16(cdb, 7), ModeSelect.HANDLER, 0),
                // SPC-4 §6.12: byte 1 LLBAA, DBD; byte 2 PC, PAGE CODE; byte 3 SUBPAGE CODE;
                // bytes 7-8 ALLOCATION LENGTH.
                row(0x5A, NO_SERVICE_ACTION, "MODE SENSE(10)",
                        new int[] {0x5A, 0x18, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0xFF, 0xFF, CONTROL},
                        DataOutLength.NONE, ModeSense.HANDLER, 0),
                // SPC-4 §6.33: byte 2 SELECT REPORT; bytes 6-9 ALLOCATION LENGTH.
                row(0xA0, NO_SERVICE_ACTION, "REPORT LUNS",
                        new int[] {0xA0, 0x00, 0xFF, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, CONTROL},
                        DataOutLength.NONE, ReportLuns.HANDLER, INFO_COMMAND),
                // SPC-4 §6.36: byte 1 PARAMETER DATA FORMAT (000b or 001b, so only bit 5) and the
                // service action; bytes 6-9 ALLOCATION LENGTH.
                row(MAINTENANCE_IN, SA_REPORT_TARGET_PORT_GROUPS, "REPORT TARGET PORT GROUPS",
                        new int[] {MAINTENANCE_IN, 0x3F, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, CONTROL},
                        DataOutLength.NONE, ReportTargetPortGroups.HANDLER, ALLOWED_UNDER_RESERVATION),
                // SPC-4 §6.35: byte 2 RCTD, REPORTING OPTIONS; byte 3 REQUESTED OPERATION CODE;
                // bytes 4-5 REQUESTED SERVICE ACTION; bytes 6-9 ALLOCATION LENGTH.
                row(MAINTENANCE_IN, SA_REPORT_SUPPORTED_OPERATION_CODES, "REPORT SUPPORTED OPERATION CODES",
                        new int[] {MAINTENANCE_IN, 0x1F, 0x87, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, CONTROL},
                        DataOutLength.NONE, ReportSupportedOperationCodes.HANDLER, ALLOWED_UNDER_RESERVATION),
                // SPC-4 §6.40: byte 2 REPD; bytes 6-9 ALLOCATION LENGTH.
                row(MAINTENANCE_IN, SA_REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS,
                        "REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS",
                        new int[] {MAINTENANCE_IN, 0x1F, 0x80, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, CONTROL},
                        DataOutLength.NONE, ReportSupportedTaskManagementFunctions.HANDLER, ALLOWED_UNDER_RESERVATION),
                // SPC-4 §6.8: byte 1 PPC (SP is refused: no saveable log parameter); byte 2 PC,
                // PAGE CODE; byte 3 SUBPAGE CODE; bytes 5-6 PARAMETER POINTER; bytes 7-8 ALLOCATION LENGTH.
                row(0x4D, NO_SERVICE_ACTION, "LOG SENSE",
                        new int[] {0x4D, 0x02, 0xFF, 0xFF, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, CONTROL},
                        DataOutLength.NONE, LogSense.HANDLER, ALLOWED_UNDER_RESERVATION));
    }

    private static CommandDescriptor row(int opcode, int serviceAction, String name, int[] usage,
                                         DataOutLength dataOut, CommandHandler handler, int flags) {
        return CommandDescriptor.of(opcode, serviceAction, name, usage, dataOut, handler, flags)
                .withTimeouts(NOMINAL_TIMEOUT, RECOMMENDED_TIMEOUT);
    }
}
