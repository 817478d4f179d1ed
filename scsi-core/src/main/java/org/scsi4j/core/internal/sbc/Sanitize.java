package org.scsi4j.core.internal.sbc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * SANITIZE, SBC-3 §5.24 (SBC-4 sanitize model §4.11): makes every user block unrecoverable.
 *
 * <p><b>CDB</b>: IMMED (byte 1 bit 7), AUSE (bit 5), SERVICE ACTION (bits 4..0), PARAMETER LIST
 * LENGTH (bytes 7..8). ZNR (bit 6) only exists for zoned devices and, like bytes 2..6, is rejected
 * by the usage map. One table row per implemented service action:
 * <ul>
 *   <li><b>OVERWRITE</b> (01h): the parameter list (INVERT, TEST, OVERWRITE COUNT, INITIALIZATION
 *       PATTERN LENGTH, pattern) is written to every block, OVERWRITE COUNT passes, the pattern
 *       repeated from the start of each block, inverted between passes with INVERT (so the last
 *       pass is the pattern itself). PARAMETER LIST LENGTH below 5 or above block size + 4:
 *       INVALID FIELD IN CDB; OVERWRITE COUNT 0 (reserved), TEST other than 0, a pattern length of
 *       0, above the block size or beyond the list: INVALID FIELD IN PARAMETER LIST.</li>
 *   <li><b>BLOCK ERASE</b> (02h): every block deallocated with {@code unmap}; offered only when the
 *       device can unmap (the row {@code requiring(UNMAP)}; VPD 0xB1 WABEREQ=01b: reads after it
 *       succeed, returning what LBPRZ says).</li>
 *   <li><b>EXIT FAILURE MODE</b> (1Fh): leaves sanitize failure mode entered by an operation with
 *       AUSE=1; after one with AUSE=0, INVALID FIELD IN CDB; outside failure mode, GOOD.</li>
 *   <li><b>CRYPTOGRAPHIC ERASE</b> (03h) has no row: our devices do not encrypt, so there is no key
 *       to change, and a block erase passed off as one would be a lie about how the data was
 *       destroyed. It answers INVALID FIELD IN CDB like every other unknown service action, and
 *       VPD 0xB1 reports WACEREQ=0.</li>
 * </ul>
 * BLOCK ERASE and EXIT FAILURE MODE take no parameter list: a non-zero PARAMETER LIST LENGTH is
 * INVALID FIELD IN CDB (their usage maps have no bits there).
 *
 * <p><b>Running.</b> A sanitize starts only when none is in progress (else NOT READY, SANITIZE IN
 * PROGRESS) and, after a failed one with AUSE=0, only with AUSE=0 (else INVALID FIELD IN CDB,
 * SBC-4). It holds the whole LBA range of the {@link RangeLock} exclusively, so writes in flight
 * finish first and none interleaves. IMMED=1: GOOD once the parameters are checked, the run goes
 * on in the background; IMMED=0: status when it ends. Either way progress and outcome live in the
 * unit's {@link SanitizeState} (what dispatch and REQUEST SENSE report); an error puts the unit in
 * sanitize failure mode and, with IMMED=0, ends the command with MEDIUM ERROR, SANITIZE COMMAND
 * FAILED. The run owns its pattern buffer, so it never holds the task's.
 *
 * <p>Not done: SBC-4 has SANITIZE processed as HEAD OF QUEUE; it is queued like any command with
 * the task attribute the initiator gave.
 */
final class Sanitize implements CommandHandler {
    static final CommandHandler OVERWRITE = new Sanitize(SanitizeRun.OVERWRITE);
    static final CommandHandler BLOCK_ERASE = new Sanitize(SanitizeRun.BLOCK_ERASE);
    static final CommandHandler EXIT_FAILURE_MODE = new ExitFailureMode();

    static final int SA_OVERWRITE = 0x01;
    static final int SA_BLOCK_ERASE = 0x02;
    static final int SA_EXIT_FAILURE_MODE = 0x1F;
    static final int IMMED = 0x80;
    static final int AUSE = 0x20;

    static final int HEADER_LENGTH = 4;
    private static final int INVERT = 0x80;
    private static final int TEST = 0x60;
    private static final int COUNT = 0x1F;

    private final int method;

    private Sanitize(int method) {
        this.method = method;
    }

    static long parameterListLength(byte[] cdb) {
        return Cdb.u16(cdb, 7);
    }

    @Override
    public boolean validate(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        if (method == SanitizeRun.OVERWRITE) {
            long length = parameterListLength(cdb);
            if (length <= HEADER_LENGTH || length > HEADER_LENGTH + ctx.lu().geometry().logicalBlockSize()) {
                ctx.invalidFieldInCdb(7, -1);
                return false;
            }
        }
        SanitizeState state = ctx.lu().sbc().sanitize();
        if (state.inProgress()) {
            ctx.checkCondition(SenseReason.NOT_READY_SANITIZE_IN_PROGRESS);
            return false;
        }
        if ((cdb[1] & AUSE) != 0 && state.restrictedFailure()) {
            ctx.invalidFieldInCdb(1, 5);
            return false;
        }
        return true;
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        LogicalUnit lu = ctx.lu();
        int blockSize = lu.geometry().logicalBlockSize();
        SanitizeRun run;
        if (method == SanitizeRun.OVERWRITE) {
            ByteBuffer list = ctx.dataOut();
            int received = list.remaining();
            int passes = list.get(0) & COUNT;
            if (passes == 0) {
                ctx.invalidFieldInParameterList(0, 4);
                return;
            }
            if ((list.get(0) & TEST) != 0) {
                ctx.invalidFieldInParameterList(0, 6);
                return;
            }
            if (list.get(1) != 0) {
                ctx.invalidFieldInParameterList(1, -1);
                return;
            }
            int patternLength = list.getShort(2) & 0xFFFF;
            if (patternLength == 0 || patternLength > blockSize || HEADER_LENGTH + patternLength > received) {
                ctx.invalidFieldInParameterList(2, -1);
                return;
            }
            run = SanitizeRun.overwrite(lu, list, patternLength, passes, (list.get(0) & INVERT) != 0);
        } else {
            run = SanitizeRun.blockErase(lu);
        }
        boolean immediate = (cdb[1] & IMMED) != 0;
        SanitizeState state = lu.sbc().sanitize();
        if (!state.begin((cdb[1] & AUSE) != 0)) {
            ctx.checkCondition(SenseReason.NOT_READY_SANITIZE_IN_PROGRESS);     // another nexus was quicker
            return;
        }
        if (!immediate) {
            state.await(ctx.io(Sanitize::done));
        }
        run.start();
        if (immediate) {
            ctx.completeGood();
        }
    }

    /** IMMED=0: the run ended; a failure is MEDIUM ERROR, SANITIZE COMMAND FAILED (SBC-4 §4.11). */
    private static void done(CommandContext ctx, IoStatus status, long information) {
        if (status != IoStatus.GOOD) {
            ctx.checkCondition(SenseReason.SANITIZE_COMMAND_FAILED);
            return;
        }
        ctx.completeGood();
    }

    /** EXIT FAILURE MODE (SBC-4): leaves failure mode unless the failed run had AUSE=0. */
    private static final class ExitFailureMode implements CommandHandler {
        @Override
        public boolean validate(CommandContext ctx) {
            SanitizeState state = ctx.lu().sbc().sanitize();
            if (state.inProgress()) {
                ctx.checkCondition(SenseReason.NOT_READY_SANITIZE_IN_PROGRESS);
                return false;
            }
            if (state.restrictedFailure()) {
                ctx.invalidFieldInCdb(1, 4);
                return false;
            }
            return true;
        }

        @Override
        public void execute(CommandContext ctx) {
            ctx.lu().sbc().sanitize().exitFailureMode();
            ctx.completeGood();
        }
    }
}
