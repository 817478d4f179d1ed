package org.scsi4j.core.internal.reservation;

import java.nio.ByteBuffer;
import java.util.List;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;

/**
 * PERSISTENT RESERVE IN (SPC-4 §6.15): READ KEYS, READ RESERVATION, REPORT CAPABILITIES and READ
 * FULL STATUS, from one consistent snapshot of the unit's {@link PrState}. The ADDITIONAL LENGTH
 * fields describe the whole list; the allocation length only truncates what is sent (§6.15.1).
 * Other service actions never get here: the opcode table has no row for them, so they are INVALID
 * FIELD IN CDB.
 */
final class PersistentReserveIn implements CommandHandler {
    static final int READ_KEYS = 0x00;
    static final int READ_RESERVATION = 0x01;
    static final int REPORT_CAPABILITIES = 0x02;
    static final int READ_FULL_STATUS = 0x03;

    static final CommandHandler HANDLER = new PersistentReserveIn();

    // REPORT CAPABILITIES (SPC-4 §6.15.4) byte 2 and 3 bits.
    static final int CRH = 0x10;
    static final int SIP_C = 0x08;
    static final int ATP_C = 0x04;
    static final int PTPL_C = 0x01;
    static final int TMV = 0x80;
    /**
     * ALLOW COMMANDS 011b: TEST UNIT READY passes Write Exclusive and Exclusive Access reservations,
     * and MODE SENSE, READ ATTRIBUTE, READ BUFFER, RECEIVE COPY RESULTS, RECEIVE DIAGNOSTIC RESULTS,
     * REPORT SUPPORTED OPERATION CODES, REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS and READ DEFECT
     * DATA pass Write Exclusive ones ({@link ConflictTable#READ}).
     */
    static final int ALLOW_COMMANDS = 0x3 << 4;
    static final int PTPL_A = 0x01;
    /** PERSISTENT RESERVATION TYPE MASK: WR_EX_AR, EX_AC_RO, WR_EX_RO, EX_AC, WR_EX; EX_AC_AR. */
    static final int TYPE_MASK_BYTE4 = 0x80 | 0x40 | 0x20 | 0x08 | 0x02;
    static final int TYPE_MASK_BYTE5 = 0x01;

    private PersistentReserveIn() {
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        int allocationLength = Cdb.u16(cdb, 7);
        Reservations res = ctx.lu().reservations();
        PrState s = res.state();
        ByteBuffer b;
        int length;
        switch (Cdb.serviceAction5(cdb)) {
            case READ_KEYS: {
                List<Registration> regs = s.registrations();
                length = 8 + 8 * regs.size();
                if ((b = ctx.parameterData(length)) == null) {
                    break;
                }
                u32(b, 0, s.generation());
                u32(b, 4, 8L * regs.size());
                for (int i = 0; i < regs.size(); i++) {
                    u64(b, 8 + 8 * i, regs.get(i).key());
                }
                break;
            }
            case READ_RESERVATION:
                length = s.reserved() ? 24 : 8;
                if ((b = ctx.parameterData(length)) == null) {
                    break;
                }
                u32(b, 0, s.generation());
                if (s.reserved()) {
                    u32(b, 4, 16);
                    // All registrants types report key 0 (§6.15.3).
                    u64(b, 8, s.holder() == null ? 0 : s.holder().key());
                    b.put(21, (byte) ((PrState.LU_SCOPE << 4) | s.type()));
                }
                break;
            case REPORT_CAPABILITIES:
                length = 8;
                if ((b = ctx.parameterData(length)) == null) {
                    break;
                }
                b.put(1, (byte) 8);
                b.put(2, (byte) (CRH | SIP_C | ATP_C | (res.persistCapable() ? PTPL_C : 0)));
                b.put(3, (byte) (TMV | ALLOW_COMMANDS | (s.aptpl() ? PTPL_A : 0)));
                b.put(4, (byte) TYPE_MASK_BYTE4);
                b.put(5, (byte) TYPE_MASK_BYTE5);
                break;
            case READ_FULL_STATUS:
            default: {
                length = 8;
                for (Registration r : s.registrations()) {
                    length += 24 + TransportIds.length(r.initiatorName(), r.portSuffix());
                }
                if ((b = ctx.parameterData(length)) == null) {
                    break;
                }
                u32(b, 0, s.generation());
                u32(b, 4, length - 8L);
                int p = 8;
                for (Registration r : s.registrations()) {
                    u64(b, p, r.key());
                    boolean holder = s.isHolder(r);
                    b.put(p + 12, (byte) ((r.allTargetPorts() ? 0x02 : 0) | (holder ? 0x01 : 0)));
                    if (holder) {
                        b.put(p + 13, (byte) ((PrState.LU_SCOPE << 4) | s.type()));
                    }
                    b.put(p + 18, (byte) (r.relativePortId() >>> 8));
                    b.put(p + 19, (byte) r.relativePortId());
                    int tid = TransportIds.write(b, p + 24, r.initiatorName(), r.portSuffix());
                    u32(b, p + 20, tid);
                    p += 24 + tid;
                }
                break;
            }
        }
        if (b == null) {
            ctx.completeBusy();
            return;
        }
        ctx.completeDataIn(length, allocationLength);
    }

    static void u32(ByteBuffer b, int off, long v) {
        for (int i = 0; i < 4; i++) {
            b.put(off + i, (byte) (v >>> (24 - 8 * i)));
        }
    }

    static void u64(ByteBuffer b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b.put(off + i, (byte) (v >>> (56 - 8 * i)));
        }
    }
}
