package org.scsi4j.core.internal.sbc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.device.DeviceOperation;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * UNMAP, SBC-3 §5.28: deallocates the LBA extents of a parameter list, one
 * {@code BlockDevice.unmap} call per non-empty block descriptor, chained through the task's
 * {@code progress} field.
 *
 * <p><b>Not supported.</b> When the device cannot unmap, the logical unit reports LBPU=0 in
 * VPD 0xB2 and LBPME=0 in READ CAPACITY (16); the command then answers ILLEGAL REQUEST, INVALID
 * COMMAND OPERATION CODE, as for any command a device server does not implement (the opcode table
 * is shared by every disk, so the check is per unit, here). Decided before any data-out moves.
 *
 * <p><b>Parameter list</b> (§5.28.2): an 8-byte header (UNMAP DATA LENGTH, UNMAP BLOCK
 * DESCRIPTOR DATA LENGTH) and 16-byte descriptors (LBA, NUMBER OF LOGICAL BLOCKS).
 * <ul>
 *   <li>PARAMETER LIST LENGTH 0: nothing to do, GOOD; 1..7 (no room for the header):
 *       PARAMETER LIST LENGTH ERROR.</li>
 *   <li>UNMAP DATA LENGTH too small to cover the descriptor data it announces: INVALID FIELD IN
 *       PARAMETER LIST at byte 0 (the lengths contradict each other; guessing which one is right
 *       could unmap the wrong blocks).</li>
 *   <li>Descriptor data cut short by the PARAMETER LIST LENGTH is not an error: the complete
 *       descriptors received are processed, an incomplete last one is ignored (§5.28.2).</li>
 *   <li>More than {@link BlockLimits#MAX_UNMAP_DESCRIPTORS} descriptors, or more than
 *       {@link BlockLimits#MAX_UNMAP_LBA_COUNT} blocks in total: INVALID FIELD IN PARAMETER LIST.</li>
 *   <li>A descriptor reaching past the capacity: LOGICAL BLOCK ADDRESS OUT OF RANGE. A descriptor
 *       of 0 blocks is not an error, even at LBA == capacity.</li>
 * </ul>
 * Every descriptor is checked before the first one is unmapped, so an error leaves the medium
 * untouched. ANCHOR is not accepted (ANC_SUP=0): the usage map rejects it. Each unmap goes through
 * the unit's {@link RangeLock}, as a write.
 */
final class Unmap {
    static final CommandHandler HANDLER = new Handler();

    static final int HEADER_LENGTH = 8;
    static final int DESCRIPTOR_LENGTH = 16;

    private Unmap() {
    }

    /** PARAMETER LIST LENGTH (bytes 7..8). */
    static long parameterListLength(byte[] cdb) {
        return Cdb.u16(cdb, 7);
    }

    private static final class Handler implements CommandHandler {
        @Override
        public boolean validate(CommandContext ctx) {
            if (!ctx.lu().device().supports(DeviceOperation.UNMAP)) {
                ctx.checkCondition(SenseReason.INVALID_COMMAND_OPERATION_CODE);
                return false;
            }
            long length = parameterListLength(ctx.cdb());
            if (length > 0 && length < HEADER_LENGTH) {
                ctx.checkCondition(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
                return false;
            }
            return true;
        }

        @Override
        public void execute(CommandContext ctx) {
            ByteBuffer list = ctx.dataOut();
            int received = list.remaining();
            if (parameterListLength(ctx.cdb()) == 0) {
                ctx.completeGood();
                return;
            }
            if (received < HEADER_LENGTH) {
                ctx.checkCondition(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
                return;
            }
            int dataLength = list.getShort(0) & 0xFFFF;
            int descriptorDataLength = list.getShort(2) & 0xFFFF;
            if (dataLength < descriptorDataLength + (HEADER_LENGTH - 2)) {
                ctx.invalidFieldInParameterList(0, -1);
                return;
            }
            int usable = Math.min(descriptorDataLength, received - HEADER_LENGTH);
            int count = usable / DESCRIPTOR_LENGTH;
            if (count > BlockLimits.MAX_UNMAP_DESCRIPTORS) {
                ctx.invalidFieldInParameterList(2, -1);
                return;
            }
            if (!checkDescriptors(ctx, list, count)) {
                return;
            }
            ctx.blocks(count);
            ctx.progress(0);
            next(ctx);
        }
    }

    /** Checks every descriptor; completes the task and returns false on the first problem. */
    private static boolean checkDescriptors(CommandContext ctx, ByteBuffer list, int count) {
        long capacity = ctx.lu().geometry().blockCount();
        long total = 0;
        for (int i = 0; i < count; i++) {
            int at = HEADER_LENGTH + i * DESCRIPTOR_LENGTH;
            long lba = list.getLong(at);
            long blocks = list.getInt(at + 8) & 0xFFFF_FFFFL;
            total += blocks;
            if (total > BlockLimits.MAX_UNMAP_LBA_COUNT) {
                ctx.invalidFieldInParameterList(at + 8, -1);
                return false;
            }
            if (!DiskIo.inRange(lba, blocks, capacity)) {
                ctx.checkCondition(SenseReason.LBA_OUT_OF_RANGE);
                return false;
            }
        }
        return true;
    }

    /** Unmaps the next non-empty descriptor from {@code progress}, or completes. */
    private static void next(CommandContext ctx) {
        ByteBuffer list = ctx.dataOut();
        int count = (int) ctx.blocks();
        for (int i = (int) ctx.progress(); i < count; i++) {
            int at = HEADER_LENGTH + i * DESCRIPTOR_LENGTH;
            long blocks = list.getInt(at + 8) & 0xFFFF_FFFFL;
            if (blocks != 0) {
                ctx.progress(i + 1);
                ctx.lu().sbc().rangeLock().unmap(ctx.lu().device(), list.getLong(at), blocks, ctx.io(Unmap::unmapped));
                return;
            }
        }
        ctx.completeGood();
    }

    private static void unmapped(CommandContext ctx, IoStatus status, long information) {
        if (status != IoStatus.GOOD) {
            ctx.deviceFailed(status, information, true);
            return;
        }
        next(ctx);
    }
}
