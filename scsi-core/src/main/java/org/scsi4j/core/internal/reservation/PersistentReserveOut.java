package org.scsi4j.core.internal.reservation;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.reservation.TransportIds.TransportId;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.device.IoCompletion;
import org.scsi4j.core.spi.device.IoStatus;
import org.scsi4j.core.spi.transport.ScsiStatus;

/**
 * PERSISTENT RESERVE OUT (SPC-4 §6.16): decodes the CDB and the parameter list (§6.16.3, and
 * §6.16.4 for REGISTER AND MOVE), lets {@link Reservations} apply the service action, then —
 * without blocking the owner thread — waits for the aborts of PREEMPT AND ABORT
 * ({@code TargetRuntime.abortTasks}) and for the APTPL file to be durable, and completes.
 *
 * <p>Parameter list checks (§6.16.3): at least 24 bytes (else PARAMETER LIST LENGTH ERROR before
 * any data-out); SPEC_I_PT only with REGISTER; exactly 24 bytes unless SPEC_I_PT is set or the
 * service action is REGISTER AND MOVE; APTPL=1 without a persistence directory (PTPL_C=0) is
 * INVALID FIELD IN PARAMETER LIST.
 */
final class PersistentReserveOut implements CommandHandler {
    static final CommandHandler HANDLER = new PersistentReserveOut();

    static final int BASIC_LENGTH = 24;
    /** Longest parameter list accepted (room for some 250 iSCSI TransportIDs). */
    static final int MAX_PARAMETER_LIST = 64 * 1024;

    private PersistentReserveOut() {
    }

    static long parameterListLength(byte[] cdb) {
        return Cdb.u32(cdb, 5);
    }

    @Override
    public boolean validate(CommandContext ctx) {
        long len = parameterListLength(ctx.cdb());
        if (len < BASIC_LENGTH || len > MAX_PARAMETER_LIST) {
            ctx.checkCondition(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
            return false;
        }
        return true;
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        int sa = Cdb.serviceAction5(cdb);
        ByteBuffer p = ctx.dataOut();
        int len = p.limit();
        if (len < BASIC_LENGTH || len != parameterListLength(cdb)) {
            ctx.checkCondition(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
            return;
        }
        long key = u64(p, 0);
        long saKey = u64(p, 8);
        LogicalUnit lu = ctx.lu();
        boolean move = sa == ServiceActions.REGISTER_AND_MOVE;
        int flags = move ? p.get(17) & 0xFF : p.get(20) & 0xFF;
        boolean specIPt = !move && (flags & 0x08) != 0;
        boolean allTgPt = !move && (flags & 0x04) != 0;
        boolean aptpl = (flags & 0x01) != 0;
        boolean unreg = move && (flags & 0x02) != 0;
        boolean registering = sa == ServiceActions.REGISTER || sa == ServiceActions.REGISTER_AND_IGNORE_EXISTING_KEY
                || move;
        if (specIPt && sa != ServiceActions.REGISTER) {
            ctx.invalidFieldInParameterList(20, 3);
            return;
        }
        if (!specIPt && !move && len != BASIC_LENGTH) {
            ctx.checkCondition(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
            return;
        }
        if (registering && aptpl && !lu.reservations().persistCapable()) {
            ctx.invalidFieldInParameterList(move ? 17 : 20, 0);
            return;
        }
        List<TransportId> tids = List.of();
        int movePort = 0;
        try {
            if (specIPt) {
                tids = transportIds(p, len);
                if (tids == null) {
                    ctx.checkCondition(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
                    return;
                }
            } else if (move) {
                movePort = (int) (u32(p, 16) & 0xFFFF);
                long tidLength = u32(p, 20);
                if (BASIC_LENGTH + tidLength != len) {
                    ctx.checkCondition(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
                    return;
                }
                tids = List.of(TransportIds.parse(p, BASIC_LENGTH, len));
            }
        } catch (TransportIds.Invalid e) {
            ctx.invalidFieldInParameterList(e.fieldByte, e.fieldBit);
            return;
        }
        ServiceActions.Request request = new ServiceActions.Request(sa, (cdb[2] >>> 4) & 0x0F, cdb[2] & 0x0F,
                key, saKey, specIPt, allTgPt, registering ? aptpl : false, unreg, movePort, tids,
                lu.target().relativePortIds());
        ServiceActions.Result r = lu.reservations().apply(lu, ctx.nexus(), request);
        if (r.conflict) {
            ctx.completeStatus(ScsiStatus.RESERVATION_CONFLICT);
            return;
        }
        if (r.sense != null) {
            if (r.fieldByte < 0) {
                ctx.checkCondition(r.sense);
            } else if (r.fieldInCdb) {
                ctx.invalidFieldInCdb(r.fieldByte, r.fieldBit);
            } else {
                ctx.invalidFieldInParameterList(r.fieldByte, r.fieldBit);
            }
            return;
        }
        ctx.progress(r.durableVersion);
        if (r.abort != null) {
            // SPC-4 §5.13 "Preempting and aborting": the preempted nexuses' tasks go first.
            IoCompletion c = ctx.io(PersistentReserveOut::afterAbort);
            lu.target().abortTasks(lu, r.abort, () -> c.complete(IoStatus.GOOD, 0));
            return;
        }
        afterAbort(ctx, IoStatus.GOOD, 0);
    }

    /**
     * The TransportIDs of a SPEC_I_PT parameter list: TRANSPORTID PARAMETER DATA LENGTH at byte 24,
     * the TransportIDs from byte 28, filling the list exactly.
     *
     * @return null when the lengths do not add up (PARAMETER LIST LENGTH ERROR)
     */
    private static List<TransportId> transportIds(ByteBuffer p, int len) throws TransportIds.Invalid {
        if (len < BASIC_LENGTH + 4) {
            return null;
        }
        long tidLength = u32(p, 24);
        if (BASIC_LENGTH + 4 + tidLength != len) {
            return null;
        }
        List<TransportId> out = new ArrayList<>();
        int off = BASIC_LENGTH + 4;
        while (off < len) {
            TransportId t = TransportIds.parse(p, off, len);
            out.add(t);
            off += t.length();
        }
        return out;
    }

    /** After the aborts (if any): wait for the APTPL file when the change must be durable. */
    private static void afterAbort(CommandContext ctx, IoStatus status, long information) {
        long version = ctx.progress();
        if (version > 0) {
            IoCompletion c = ctx.io(PersistentReserveOut::afterPersist);
            ctx.lu().reservations().awaitDurable(version, c);
            return;
        }
        ctx.completeGood();
    }

    private static void afterPersist(CommandContext ctx, IoStatus status, long information) {
        if (status == IoStatus.GOOD) {
            ctx.completeGood();
        } else {
            ctx.checkCondition(SenseReason.INTERNAL_TARGET_FAILURE);
        }
    }

    /** Big-endian reads by byte: the pooled buffer's byte order is not ours to rely on. */
    static long u32(ByteBuffer b, int off) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (b.get(off + i) & 0xFF);
        }
        return v;
    }

    static long u64(ByteBuffer b, int off) {
        return (u32(b, off) << 32) | u32(b, off + 4);
    }
}
