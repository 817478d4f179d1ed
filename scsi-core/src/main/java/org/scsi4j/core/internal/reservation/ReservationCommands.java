package org.scsi4j.core.internal.reservation;

import static org.scsi4j.core.internal.command.CommandDescriptor.NO_SERVICE_ACTION;

import java.util.ArrayList;
import java.util.List;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.command.DataOutLength;

/**
 * Rows of the opcode table for the reservation commands: RESERVE/RELEASE (SPC-2) and PERSISTENT
 * RESERVE IN/OUT (SPC-4 §6.15, §6.16), one row per implemented service action so that any other
 * service action is INVALID FIELD IN CDB. The usage maps are the accepted bits: the CONTROL byte
 * accepts none (NACA=0), and the SPC-2 third-party and extent fields are rejected.
 */
public final class ReservationCommands {
    static final int RESERVE_6 = 0x16;
    static final int RELEASE_6 = 0x17;
    static final int RESERVE_10 = 0x56;
    static final int RELEASE_10 = 0x57;
    static final int PERSISTENT_RESERVE_IN = ConflictTable.PERSISTENT_RESERVE_IN;
    static final int PERSISTENT_RESERVE_OUT = ConflictTable.PERSISTENT_RESERVE_OUT;

    static final int NOMINAL_TIMEOUT = 1;
    static final int RECOMMENDED_TIMEOUT = 30;

    private static final String[] PR_IN_NAMES = {
        "READ KEYS", "READ RESERVATION", "REPORT CAPABILITIES", "READ FULL STATUS"};
    private static final String[] PR_OUT_NAMES = {
        "REGISTER", "RESERVE", "RELEASE", "CLEAR", "PREEMPT", "PREEMPT AND ABORT",
        "REGISTER AND IGNORE EXISTING KEY", "REGISTER AND MOVE"};

    private ReservationCommands() {
    }

    public static List<CommandDescriptor> descriptors() {
        List<CommandDescriptor> rows = new ArrayList<>();
        // SPC-2 RESERVE(6)/RELEASE(6): bytes 1-4 are obsolete (3RDPTY, THIRD-PARTY DEVICE ID,
        // EXTENT, RESERVATION IDENTIFICATION, EXTENT LIST LENGTH): none accepted.
        rows.add(row(RESERVE_6, NO_SERVICE_ACTION, "RESERVE(6)", new int[] {RESERVE_6, 0, 0, 0, 0, 0},
                DataOutLength.NONE, Spc2Reserve.RESERVE));
        rows.add(row(RELEASE_6, NO_SERVICE_ACTION, "RELEASE(6)", new int[] {RELEASE_6, 0, 0, 0, 0, 0},
                DataOutLength.NONE, Spc2Reserve.RELEASE));
        // RESERVE(10)/RELEASE(10): 3RDPTY, LONGID, THIRD-PARTY DEVICE ID and PARAMETER LIST LENGTH
        // only serve third-party reservations: none accepted.
        rows.add(row(RESERVE_10, NO_SERVICE_ACTION, "RESERVE(10)", new int[10], DataOutLength.NONE,
                Spc2Reserve.RESERVE));
        rows.add(row(RELEASE_10, NO_SERVICE_ACTION, "RELEASE(10)", new int[10], DataOutLength.NONE,
                Spc2Reserve.RELEASE));
        // PERSISTENT RESERVE IN: SERVICE ACTION, bytes 7-8 ALLOCATION LENGTH.
        for (int sa = 0; sa < PR_IN_NAMES.length; sa++) {
            rows.add(row(PERSISTENT_RESERVE_IN, sa, "PERSISTENT RESERVE IN " + PR_IN_NAMES[sa],
                    new int[] {PERSISTENT_RESERVE_IN, 0x1F, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0},
                    DataOutLength.NONE, PersistentReserveIn.HANDLER));
        }
        // PERSISTENT RESERVE OUT: SERVICE ACTION, byte 2 SCOPE and TYPE, bytes 5-8 PARAMETER LIST LENGTH.
        for (int sa = 0; sa < PR_OUT_NAMES.length; sa++) {
            rows.add(row(PERSISTENT_RESERVE_OUT, sa, "PERSISTENT RESERVE OUT " + PR_OUT_NAMES[sa],
                    new int[] {PERSISTENT_RESERVE_OUT, 0x1F, 0xFF, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0},
                    (cdb, blockSize) -> Math.min(Cdb.u32(cdb, 5), PersistentReserveOut.MAX_PARAMETER_LIST),
                    PersistentReserveOut.HANDLER));
        }
        return rows;
    }

    private static CommandDescriptor row(int opcode, int sa, String name, int[] usage, DataOutLength dataOut,
                                         CommandHandler handler) {
        if (usage[0] == 0) {
            usage[0] = opcode;
        }
        return CommandDescriptor.of(opcode, sa, name, usage, dataOut, handler, 0)
                .withTimeouts(NOMINAL_TIMEOUT, RECOMMENDED_TIMEOUT);
    }
}
