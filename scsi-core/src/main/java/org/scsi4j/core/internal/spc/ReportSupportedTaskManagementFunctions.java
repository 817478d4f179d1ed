package org.scsi4j.core.internal.spc;

import static org.scsi4j.core.internal.spc.ParameterBytes.u32;
import static org.scsi4j.core.internal.spc.ParameterBytes.u8;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;

/**
 * REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS (MAINTENANCE IN, service action 0Dh, SPC-4 §6.40):
 * the functions the engine's task management implements ({@code engine.TaskManagement}).
 *
 * <table>
 *   <caption>Functions and their bits</caption>
 *   <tr><td>ABORT TASK</td><td>ATS</td><td>yes</td></tr>
 *   <tr><td>ABORT TASK SET</td><td>ATSS</td><td>yes</td></tr>
 *   <tr><td>CLEAR ACA</td><td>CACAS</td><td>no (NACA is never accepted, so there is no ACA)</td></tr>
 *   <tr><td>CLEAR TASK SET</td><td>CTSS</td><td>yes</td></tr>
 *   <tr><td>LOGICAL UNIT RESET</td><td>LURS</td><td>yes</td></tr>
 *   <tr><td>QUERY TASK</td><td>QTS</td><td>yes</td></tr>
 *   <tr><td>TARGET RESET (iSCSI TARGET WARM/COLD RESET)</td><td>TRS</td><td>yes</td></tr>
 *   <tr><td>WAKEUP</td><td>WAKES</td><td>no (obsolete)</td></tr>
 *   <tr><td>QUERY ASYNCHRONOUS EVENT</td><td>QAES</td><td>no</td></tr>
 *   <tr><td>QUERY TASK SET</td><td>QTSS</td><td>no</td></tr>
 *   <tr><td>I_T NEXUS RESET</td><td>ITNRS</td><td>yes</td></tr>
 * </table>
 *
 * <p>With REPD=1 the extended format (16 bytes) adds the timeouts (TMFTMOV=1): QUERY TASK answers
 * at once, so its QTTS bit selects the short timeout (1 s); every other function may wait for the
 * device I/O of the tasks it aborts, at most the target's task management timeout, so the long
 * timeout is that plus one second. Both are in units of 100 ms.
 */
final class ReportSupportedTaskManagementFunctions implements CommandHandler {
    static final CommandHandler HANDLER = new ReportSupportedTaskManagementFunctions();

    /** CDB byte 2: REPD, return extended parameter data. */
    static final int REPD = 0x80;

    static final int ATS = 0x80;
    static final int ATSS = 0x40;
    static final int CACAS = 0x20;
    static final int CTSS = 0x10;
    static final int LURS = 0x08;
    static final int QTS = 0x04;
    static final int TRS = 0x02;
    static final int WAKES = 0x01;
    static final int QAES = 0x04;
    static final int QTSS = 0x02;
    static final int ITNRS = 0x01;

    /** Byte 0 and byte 1 of the parameter data: what the engine implements. */
    static final int SUPPORTED_0 = ATS | ATSS | CTSS | LURS | QTS | TRS;
    static final int SUPPORTED_1 = ITNRS;

    static final int BASIC_LENGTH = 4;
    static final int EXTENDED_LENGTH = 16;
    /** Byte 4 of the extended format: TMFTMOV, the timeouts are valid. */
    static final int TMFTMOV = 0x01;
    /** Byte 6: QTTS, QUERY TASK uses the short timeout. */
    static final int QTTS = 0x04;
    /** TMF SHORT TIMEOUT: 1 s, in 100 ms units. */
    static final int SHORT_TIMEOUT = 10;

    private ReportSupportedTaskManagementFunctions() {
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        boolean extended = (cdb[2] & REPD) != 0;
        int length = extended ? EXTENDED_LENGTH : BASIC_LENGTH;
        ByteBuffer b = ctx.parameterData(length);
        if (b == null) {
            ctx.completeBusy();
            return;
        }
        u8(b, 0, SUPPORTED_0);
        u8(b, 1, SUPPORTED_1);
        if (extended) {
            u8(b, 3, EXTENDED_LENGTH - BASIC_LENGTH);        // ADDITIONAL DATA LENGTH
            u8(b, 4, TMFTMOV);
            u8(b, 6, QTTS);
            u32(b, 8, longTimeout(ctx));
            u32(b, 12, SHORT_TIMEOUT);
        }
        ctx.completeDataIn(length, (int) Math.min(Integer.MAX_VALUE, Cdb.u32(cdb, 6)));
    }

    /** TMF LONG TIMEOUT, 100 ms units: the task management timeout, rounded up, plus 1 s. */
    static long longTimeout(CommandContext ctx) {
        long millis = ctx.lu().target().taskManagementTimeout().toMillis();
        return Math.min(0xFFFF_FFFFL, (millis + 99) / 100 + SHORT_TIMEOUT);
    }
}
