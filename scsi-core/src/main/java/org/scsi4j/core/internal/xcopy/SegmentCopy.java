package org.scsi4j.core.internal.xcopy;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * The data movement of an EXTENDED COPY whose parameter list {@link ExtendedCopy} has validated:
 * segment after segment, chunk after chunk, one device read of the source into the task's scratch
 * buffer followed by one device write of that buffer to the destination. Each chunk is a single
 * write call, never split or interleaved with another chunk of the same copy, and it goes through
 * the destination's LBA range lock like any WRITE, so COMPARE AND WRITE (VMware's ATS), ORWRITE,
 * WRITE ATOMIC and SANITIZE stay atomic against it. Initiators writing the same blocks while the
 * copy runs get SCSI's usual answer for unordered overlapping writes: some order, chunk by chunk.
 *
 * <p>The task's scratch fields carry the progress: {@code blocks} is the index of the segment
 * being copied, {@code progress} the bytes of it already written, {@code lba} the bytes written by
 * the whole command (the TRANSFER COUNT of COPY STATUS). The parameter list stays in the task's
 * data-out buffer and each step decodes what it needs from it, so the continuations are static
 * and capture nothing. The engine runs a continuation whose device completed inline from its flat
 * ready loop, so a long copy on a RAM device does not grow the stack.
 *
 * <p>Writes follow the destination's caching rules as WRITE does: FUA when the unit is
 * write-through (caching mode page WCE=0 on a device with a volatile cache, SBC-3 §6.4); EXTENDED
 * COPY itself has no FUA bit. A device error ends the copy with COPY ABORTED, THIRD PARTY DEVICE
 * FAILURE (DATA PROTECT for a device that refuses the write, TASK SET FULL for a device out of
 * resources); what was written so far stays written, as SPC-4 §5.16.7.4 allows.
 */
final class SegmentCopy {
    private SegmentCopy() {
    }

    static void start(CommandContext ctx) {
        ctx.blocks(0);
        ctx.progress(0);
        ctx.lba(0);
        next(ctx);
    }

    /** Starts the read of the next chunk, or completes the command after the last segment. */
    private static void next(CommandContext ctx) {
        ByteBuffer list = ctx.dataOut();
        int segments = ParameterList.segmentCount(list);
        while (true) {
            int index = (int) ctx.blocks();
            if (index >= segments) {
                CopyRecords.of(ctx.lu()).finish(ctx, CopyRecords.COMPLETED_GOOD);
                ctx.completeGood();
                return;
            }
            Segment s = Segment.decode(ctx, list, index);
            if (s == null) {
                ExtendedCopy.fail(ctx, SenseReason.COPY_TARGET_DEVICE_NOT_REACHABLE);
                return;
            }
            long done = ctx.progress();
            if (done >= s.bytes) {
                ctx.blocks(index + 1);
                ctx.progress(0);
                CopyRecords.of(ctx.lu()).progress(ctx, index + 1, ctx.lba());
                continue;
            }
            int chunk = s.chunk(done);
            long position = s.position(done, chunk);
            long lba = s.sourceLbaAt(position);
            int blocks = chunk / s.sourceBlockSize;
            if (!ExtendedCopy.inRange(lba, blocks, s.source.geometry().blockCount())) {
                ExtendedCopy.fail(ctx, SenseReason.COPY_ABORTED_NO_ADDITIONAL_SENSE);
                return;
            }
            ByteBuffer buf = ctx.scratchBuffer(chunk);
            s.source.device().read(lba, blocks, buf, ctx.io(SegmentCopy::chunkRead));
            return;
        }
    }

    private static void chunkRead(CommandContext ctx, IoStatus status, long information) {
        if (status != IoStatus.GOOD) {
            deviceFailed(ctx, status, information);
            return;
        }
        Segment s = Segment.decode(ctx, ctx.dataOut(), (int) ctx.blocks());
        if (s == null) {
            ExtendedCopy.fail(ctx, SenseReason.COPY_TARGET_DEVICE_NOT_REACHABLE);
            return;
        }
        long done = ctx.progress();
        int chunk = s.chunk(done);
        long lba = s.destinationLbaAt(s.position(done, chunk));
        int blocks = chunk / s.destinationBlockSize;
        if (!ExtendedCopy.inRange(lba, blocks, s.destination.geometry().blockCount())) {
            ExtendedCopy.fail(ctx, SenseReason.COPY_ABORTED_NO_ADDITIONAL_SENSE);
            return;
        }
        ByteBuffer buf = ctx.scratchBuffer(chunk);
        s.destination.sbc().rangeLock().write(s.destination.device(), lba, blocks, buf,
                CopyTargets.writeThrough(s.destination), ctx.io(SegmentCopy::chunkWritten));
    }

    private static void chunkWritten(CommandContext ctx, IoStatus status, long information) {
        if (status != IoStatus.GOOD) {
            deviceFailed(ctx, status, information);
            return;
        }
        Segment s = Segment.decode(ctx, ctx.dataOut(), (int) ctx.blocks());
        if (s == null) {
            ExtendedCopy.fail(ctx, SenseReason.COPY_TARGET_DEVICE_NOT_REACHABLE);
            return;
        }
        int chunk = s.chunk(ctx.progress());
        ctx.progress(ctx.progress() + chunk);
        ctx.lba(ctx.lba() + chunk);
        CopyRecords.of(ctx.lu()).progress(ctx, (int) ctx.blocks(), ctx.lba());
        next(ctx);
    }

    private static void deviceFailed(CommandContext ctx, IoStatus status, long information) {
        switch (status) {
            case NO_RESOURCE:
                CopyRecords.of(ctx.lu()).finish(ctx, CopyRecords.COMPLETED_WITH_ERROR);
                ctx.deviceFailed(status, information, false);
                return;
            case WRITE_PROTECTED:
                ExtendedCopy.fail(ctx, SenseReason.WRITE_PROTECTED);
                return;
            default:
                ExtendedCopy.fail(ctx, SenseReason.THIRD_PARTY_DEVICE_FAILURE);
        }
    }
}
