package org.scsi4j.core.internal.spc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.internal.sense.SenseWriter;

/**
 * REQUEST SENSE (SPC-4 §6.39): returns, with GOOD status, the oldest pending unit attention of this
 * I_T nexus for the unit and clears it (§5.14), else a running sanitize with its progress or a
 * failed one's failure mode, else NO SENSE. On an unmapped LUN the data says
 * LOGICAL UNIT NOT SUPPORTED (§6.39, "the device server shall return ... sense data"). The DESC bit
 * picks descriptor (0x72) or fixed (0x70) format; the bytes come from {@link SenseWriter}.
 */
final class RequestSense implements CommandHandler {
    static final CommandHandler HANDLER = new RequestSense();

    private RequestSense() {
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        boolean descriptorFormat = (cdb[1] & 0x01) != 0;
        int allocationLength = Cdb.u8(cdb, 4);
        ByteBuffer b = ctx.parameterData(SenseWriter.MAX_SENSE_LENGTH);
        if (b == null) {
            ctx.completeBusy();
            return;
        }
        LogicalUnit lu = ctx.lu();
        SenseReason reason;
        int field = SenseWriter.NO_FIELD_POINTER;
        if (lu == null) {
            reason = SenseReason.LOGICAL_UNIT_NOT_SUPPORTED;
        } else {
            SenseReason pending = ctx.nexus().takeUnitAttention(lu);
            if (pending != null) {
                reason = pending;
            } else if (lu.sbc().sanitize().inProgress()) {
                // SBC-4 §4.11.2: while a sanitize runs, REQUEST SENSE reports it with its progress
                // (what an initiator that sent SANITIZE with IMMED=1 polls)
                reason = SenseReason.NOT_READY_SANITIZE_IN_PROGRESS;
                field = lu.sbc().sanitize().progressIndication() & 0xFFFF;
            } else if (lu.sbc().sanitize().inFailureMode()) {
                reason = SenseReason.SANITIZE_COMMAND_FAILED;
            } else {
                reason = SenseReason.NO_SENSE;
            }
        }
        b.position(0);
        int length = SenseWriter.write(b, descriptorFormat, reason, false, 0, field, -1,
                field == SenseWriter.NO_FIELD_POINTER);
        ctx.completeDataIn(length, allocationLength);
    }
}
