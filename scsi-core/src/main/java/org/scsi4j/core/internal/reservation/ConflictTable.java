package org.scsi4j.core.internal.reservation;

import java.util.HashMap;
import java.util.Map;
import org.scsi4j.core.internal.command.CommandDescriptor;

/**
 * Which commands a reservation lets through from an I_T nexus that does not hold it: the table
 * "SPC commands that are allowed in the presence of various reservations" of SPC-4 §5.13.1, its
 * SBC-3 counterpart (SBC-3 §4.18, "SBC-3 commands that are allowed in the presence of various
 * reservations"), and the SPC-2 rule for RESERVE(6)/(10) (SPC-2 §5.5.1). Keyed by opcode and
 * service action, one row per command, so a command's behaviour is read off one line.
 *
 * <p>Persistent reservation columns collapse into an access class per command:
 * <ul>
 * <li>{@link #ALLOWED}: allowed under every type, from any I_T nexus.
 * <li>{@link #READ}: allowed under the Write Exclusive types (reads are shared), conflict under
 *     the Exclusive Access types ("Allowed" with footnote a in the Write Exclusive column, which
 *     REPORT CAPABILITIES announces with ALLOW COMMANDS 011b).
 * <li>{@link #WRITE}: conflict under every type.
 * <li>{@link #PR_OUT}: PERSISTENT RESERVE OUT, decided by its service action (SPC-4 §5.13.1,
 *     "PERSISTENT RESERVE OUT service actions that are allowed in the presence of various
 *     reservations": a key mismatch of an unregistered I_T nexus is RESERVATION CONFLICT there).
 * <li>{@link #SPC2_COMMAND}: RESERVE/RELEASE, decided by SPC-4 §5.13.3 (exceptions to SPC-2
 *     RESERVE and RELEASE behaviour) in {@link Reservations#conflicts}.
 * </ul>
 * Any registered I_T nexus passes a registrants only or all registrants reservation ("From
 * registered I_T nexus" column: allowed for every command).
 *
 * <p>The SPC-2 column: while another I_T nexus holds a RESERVE, only the commands marked
 * {@code spc2} pass (SPC-2 §5.5.1 table; SCSI-2 §8.2.12 before it); PERSISTENT RESERVE IN/OUT
 * conflict from every nexus, the holder included ("regardless of initiator", SPC-2 §5.5.1).
 *
 * <p>Commands not listed (a command set added later) default by their descriptor flags:
 * {@link CommandDescriptor#ALLOWED_UNDER_RESERVATION} is {@link #ALLOWED}, anything else
 * {@link #WRITE} — the safe choice, as most rows of the SPC-4 table read "Conflict".
 */
final class ConflictTable {
    static final int ALLOWED = 0;
    static final int READ = 1;
    static final int WRITE = 2;
    static final int PR_OUT = 3;
    static final int SPC2_COMMAND = 4;
    /** Resolved per CDB: START STOP UNIT (SBC-3: START=1 with POWER CONDITION 0 is allowed). */
    private static final int START_STOP = 5;
    /** Resolved per CDB: PREVENT ALLOW MEDIUM REMOVAL (PREVENT=00b is allowed). */
    private static final int PREVENT_ALLOW = 6;

    static final int PERSISTENT_RESERVE_IN = 0x5E;
    static final int PERSISTENT_RESERVE_OUT = 0x5F;

    private record Row(int access, boolean spc2) {
    }

    private static final Row[] PLAIN = new Row[256];
    private static final Map<Integer, Row> BY_SERVICE_ACTION = new HashMap<>();

    static {
        // ---- SPC-4 §5.13.1 ------------------------------------------------ access   SPC-2 allowed
        row(0x00, "TEST UNIT READY", ALLOWED, false);          // footnote b; SPC-2: conflict
        row(0x03, "REQUEST SENSE", ALLOWED, true);
        row(0x12, "INQUIRY", ALLOWED, true);
        row(0xA0, "REPORT LUNS", ALLOWED, true);
        row(0x4D, "LOG SENSE", ALLOWED, true);
        row(0x4C, "LOG SELECT", WRITE, false);
        row(0x15, "MODE SELECT(6)", WRITE, false);
        row(0x55, "MODE SELECT(10)", WRITE, false);
        row(0x1A, "MODE SENSE(6)", READ, false);
        row(0x5A, "MODE SENSE(10)", READ, false);
        row(PERSISTENT_RESERVE_IN, "PERSISTENT RESERVE IN", ALLOWED, false);
        row(PERSISTENT_RESERVE_OUT, "PERSISTENT RESERVE OUT", PR_OUT, false);
        row(0x16, "RESERVE(6)", SPC2_COMMAND, false);
        row(0x56, "RESERVE(10)", SPC2_COMMAND, false);
        row(0x17, "RELEASE(6)", SPC2_COMMAND, true);            // SPC-2: GOOD, nothing released
        row(0x57, "RELEASE(10)", SPC2_COMMAND, true);
        row(0x3C, "READ BUFFER", READ, false);
        row(0x3B, "WRITE BUFFER", WRITE, false);
        row(0x1C, "RECEIVE DIAGNOSTIC RESULTS", READ, false);
        row(0x1D, "SEND DIAGNOSTIC", WRITE, false);
        row(0x8C, "READ ATTRIBUTE", READ, false);
        row(0x8D, "WRITE ATTRIBUTE", WRITE, false);
        row(0x84, "RECEIVE COPY RESULTS", READ, false);
        row(0x83, "EXTENDED COPY", WRITE, false);
        row(0x86, "ACCESS CONTROL IN", ALLOWED, false);
        row(0x87, "ACCESS CONTROL OUT", ALLOWED, false);
        row(0xA2, "SECURITY PROTOCOL IN", WRITE, false);
        row(0xB5, "SECURITY PROTOCOL OUT", WRITE, false);
        row(0xA4, "MAINTENANCE OUT (SET TARGET PORT GROUPS, CHANGE ALIASES, ...)", WRITE, false);
        serviceAction(0xA3, 0x05, "REPORT IDENTIFYING INFORMATION", ALLOWED, true);
        serviceAction(0xA3, 0x0A, "REPORT TARGET PORT GROUPS", ALLOWED, true);
        serviceAction(0xA3, 0x0B, "REPORT ALIASES", ALLOWED, false);
        serviceAction(0xA3, 0x0C, "REPORT SUPPORTED OPERATION CODES", READ, false);
        serviceAction(0xA3, 0x0D, "REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS", READ, false);
        serviceAction(0xA3, 0x0E, "REPORT PRIORITY", ALLOWED, false);
        serviceAction(0xA3, 0x0F, "REPORT TIMESTAMP", ALLOWED, false);
        serviceAction(0xA3, 0x10, "MANAGEMENT PROTOCOL IN", READ, false);
        serviceAction(0xAB, 0x01, "READ MEDIA SERIAL NUMBER", ALLOWED, true);
        // ---- SBC-3 §4.18 -------------------------------------------------
        row(0x08, "READ(6)", READ, false);
        row(0x28, "READ(10)", READ, false);
        row(0xA8, "READ(12)", READ, false);
        row(0x88, "READ(16)", READ, false);
        row(0x25, "READ CAPACITY(10)", ALLOWED, false);
        serviceAction(0x9E, 0x10, "READ CAPACITY(16)", ALLOWED, false);
        serviceAction(0x9E, 0x11, "READ LONG(16)", WRITE, false);
        serviceAction(0x9E, 0x12, "GET LBA STATUS", READ, false);
        row(0x3E, "READ LONG(10)", WRITE, false);
        row(0x37, "READ DEFECT DATA(10)", READ, false);
        row(0xB7, "READ DEFECT DATA(12)", READ, false);
        row(0x2F, "VERIFY(10)", READ, false);
        row(0xAF, "VERIFY(12)", READ, false);
        row(0x8F, "VERIFY(16)", READ, false);
        row(0x34, "PRE-FETCH(10)", READ, false);
        row(0x90, "PRE-FETCH(16)", READ, false);
        row(0x0A, "WRITE(6)", WRITE, false);
        row(0x2A, "WRITE(10)", WRITE, false);
        row(0xAA, "WRITE(12)", WRITE, false);
        row(0x8A, "WRITE(16)", WRITE, false);
        row(0x2E, "WRITE AND VERIFY(10)", WRITE, false);
        row(0xAE, "WRITE AND VERIFY(12)", WRITE, false);
        row(0x8E, "WRITE AND VERIFY(16)", WRITE, false);
        row(0x41, "WRITE SAME(10)", WRITE, false);
        row(0x93, "WRITE SAME(16)", WRITE, false);
        row(0x42, "UNMAP", WRITE, false);
        row(0x89, "COMPARE AND WRITE", WRITE, false);
        row(0x8B, "ORWRITE", WRITE, false);
        row(0x3F, "WRITE LONG(10)", WRITE, false);
        row(0x04, "FORMAT UNIT", WRITE, false);
        row(0x07, "REASSIGN BLOCKS", WRITE, false);
        row(0x48, "SANITIZE", WRITE, false);
        row(0x35, "SYNCHRONIZE CACHE(10)", WRITE, false);
        row(0x91, "SYNCHRONIZE CACHE(16)", WRITE, false);
        row(0x1B, "START STOP UNIT", START_STOP, false);
        row(0x1E, "PREVENT ALLOW MEDIUM REMOVAL", PREVENT_ALLOW, false);
    }

    private ConflictTable() {
    }

    private static void row(int opcode, String name, int access, boolean spc2) {
        PLAIN[opcode] = new Row(access, spc2);
    }

    private static void serviceAction(int opcode, int sa, String name, int access, boolean spc2) {
        BY_SERVICE_ACTION.put((opcode << 16) | sa, new Row(access, spc2));
    }

    private static Row rowOf(CommandDescriptor d) {
        Row r = d.hasServiceAction() ? BY_SERVICE_ACTION.get((d.opcode() << 16) | d.serviceAction()) : null;
        return r != null ? r : PLAIN[d.opcode()];
    }

    /**
     * The access class of a command under a persistent reservation: {@link #ALLOWED},
     * {@link #READ}, {@link #WRITE}, {@link #PR_OUT} or {@link #SPC2_COMMAND}.
     */
    static int access(CommandDescriptor d, byte[] cdb) {
        Row r = rowOf(d);
        if (r == null) {
            return d.has(CommandDescriptor.ALLOWED_UNDER_RESERVATION) ? ALLOWED : WRITE;
        }
        switch (r.access) {
            case START_STOP:
                // SBC-3: START=1 with POWER CONDITION 0h is allowed, anything else conflicts.
                return (cdb[4] & 0x01) != 0 && (cdb[4] & 0xF0) == 0 ? ALLOWED : WRITE;
            case PREVENT_ALLOW:
                return (cdb[4] & 0x03) == 0 ? ALLOWED : WRITE;
            default:
                return r.access;
        }
    }

    /** Whether another I_T nexus's SPC-2 reservation lets the command through (SPC-2 §5.5.1). */
    static boolean allowedUnderSpc2Reservation(CommandDescriptor d, byte[] cdb) {
        Row r = rowOf(d);
        if (r == null) {
            return false;
        }
        if (r.access == PREVENT_ALLOW) {
            return (cdb[4] & 0x03) == 0;
        }
        return r.spc2;
    }
}
