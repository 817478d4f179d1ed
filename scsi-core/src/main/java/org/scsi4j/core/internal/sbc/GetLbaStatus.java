package org.scsi4j.core.internal.sbc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.device.BlockDevice;

/**
 * GET LBA STATUS, SBC-3 §5.4 (SERVICE ACTION IN (16), service action 12h): the provisioning
 * status of the extents starting at STARTING LOGICAL BLOCK ADDRESS.
 *
 * <p><b>CDB</b>: STARTING LBA (bytes 2..9), ALLOCATION LENGTH (bytes 10..13). The SBC-4 REPORT
 * TYPE field (byte 14) is not accepted (only 0, "all LBAs"): the usage map rejects the rest. A
 * STARTING LBA beyond the last block is LOGICAL BLOCK ADDRESS OUT OF RANGE.
 *
 * <p><b>Parameter data</b> (§5.4.2): PARAMETER DATA LENGTH (bytes 0..3, the bytes that follow),
 * 4 reserved bytes, then 16-byte LBA status descriptors: LBA, NUMBER OF LOGICAL BLOCKS (32 bits),
 * PROVISIONING STATUS (0 mapped, 1 deallocated; 2, anchored, never: we report ANC_SUP=0). The
 * first descriptor starts at the STARTING LBA; each next one where the previous ended, alternating
 * status, until the end of the medium or as many as the ALLOCATION LENGTH holds (at least one, at
 * most {@value #MAX_DESCRIPTORS}); PARAMETER DATA LENGTH counts the descriptors built, and the
 * core cuts the transfer at the allocation length.
 *
 * <p><b>Source</b>: {@code BlockDevice.provisioningExtent} on a thin-provisioned device (the same
 * state that UNMAP and WRITE SAME with UNMAP change); a fully provisioned device (no UNMAP, or one
 * that implements it by writing zeroes) has every LBA mapped. A device answering 0 is treated as
 * mapped to the end rather than looping.
 */
final class GetLbaStatus implements CommandHandler {
    static final CommandHandler HANDLER = new GetLbaStatus();

    static final int SERVICE_ACTION = 0x12;
    static final int HEADER_LENGTH = 8;
    static final int DESCRIPTOR_LENGTH = 16;
    static final int MAX_DESCRIPTORS = 64;
    static final int MAPPED = 0;
    static final int DEALLOCATED = 1;
    private static final long MAX_EXTENT = 0xFFFF_FFFFL;

    private GetLbaStatus() {
    }

    @Override
    public boolean validate(CommandContext ctx) {
        if (Long.compareUnsigned(Cdb.u64(ctx.cdb(), 2), ctx.lu().geometry().blockCount()) >= 0) {
            ctx.checkCondition(SenseReason.LBA_OUT_OF_RANGE);
            return false;
        }
        return true;
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        long allocationLength = Cdb.u32(cdb, 10);
        int wanted = (int) Math.min(MAX_DESCRIPTORS, Math.max(1, (allocationLength - HEADER_LENGTH) / DESCRIPTOR_LENGTH));
        ByteBuffer b = ctx.parameterData(HEADER_LENGTH + wanted * DESCRIPTOR_LENGTH);
        if (b == null) {
            ctx.completeBusy();
            return;
        }
        BlockDevice device = ctx.lu().device();
        boolean thin = device.isThinProvisioned();
        long capacity = ctx.lu().geometry().blockCount();
        long lba = Cdb.u64(cdb, 2);
        int n = 0;
        while (n < wanted && lba < capacity) {
            long max = Math.min(capacity - lba, MAX_EXTENT);
            long extent = thin ? device.provisioningExtent(lba, max) : max;
            long blocks = Math.min(Math.abs(extent), max);
            if (extent == 0) {
                blocks = max;
            }
            int at = HEADER_LENGTH + n * DESCRIPTOR_LENGTH;
            b.putLong(at, lba);
            b.putInt(at + 8, (int) blocks);
            b.put(at + 12, (byte) (extent < 0 ? DEALLOCATED : MAPPED));
            lba += blocks;
            n++;
        }
        int length = HEADER_LENGTH + n * DESCRIPTOR_LENGTH;
        b.putInt(0, length - 4);
        ctx.completeDataIn(length, (int) Math.min(Integer.MAX_VALUE, allocationLength));
    }
}
