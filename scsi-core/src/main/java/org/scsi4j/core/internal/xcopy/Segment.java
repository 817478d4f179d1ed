package org.scsi4j.core.internal.xcopy;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.spi.device.DeviceGeometry;

/**
 * One block device to block device segment descriptor of a syntactically valid parameter list,
 * with its CSCDs resolved to logical units (SPC-4 §6.4, block device to block device operations).
 *
 * <p><b>Length.</b> BLOCK DEVICE NUMBER OF BLOCKS counts source blocks when DC=0 and destination
 * blocks when DC=1; the bytes moved are that count times the block size it refers to. Units of
 * different block sizes copy to each other as long as that byte count is a whole number of blocks
 * on both sides; otherwise the segment is inexact, which the copy manager refuses (no held data,
 * no padding: see {@link ExtendedCopy}).
 *
 * <p><b>Overlap.</b> Source and destination may be the same unit with overlapping ranges; the
 * result is then that of copying the whole source range first (as memmove does): when the
 * destination starts above the source the chunks are moved from the end backwards.
 *
 * <p>Decoded afresh for every chunk (the task keeps only indices and counts), so a LUN removed
 * during a long copy is noticed at the next chunk.
 */
final class Segment {
    final int offset;
    final LogicalUnit source;
    final LogicalUnit destination;
    final long sourceLba;
    final long destinationLba;
    final int sourceBlockSize;
    final int destinationBlockSize;
    /** Bytes this segment moves. */
    final long bytes;
    /** Largest bytes per device call, a multiple of both block sizes. */
    final int chunkBytes;
    final boolean backwards;

    private Segment(int offset, LogicalUnit source, LogicalUnit destination, long sourceLba, long destinationLba,
                    long bytes) {
        this.offset = offset;
        this.source = source;
        this.destination = destination;
        this.sourceLba = sourceLba;
        this.destinationLba = destinationLba;
        DeviceGeometry sg = source.geometry();
        DeviceGeometry dg = destination.geometry();
        this.sourceBlockSize = sg.logicalBlockSize();
        this.destinationBlockSize = dg.logicalBlockSize();
        this.bytes = bytes;
        int unit = Math.max(sourceBlockSize, destinationBlockSize);
        long chunk = CopyLimits.CHUNK_BYTES;
        if (sg.maxTransferBlocks() > 0) {
            chunk = Math.min(chunk, (long) sg.maxTransferBlocks() * sourceBlockSize);
        }
        if (dg.maxTransferBlocks() > 0) {
            chunk = Math.min(chunk, (long) dg.maxTransferBlocks() * destinationBlockSize);
        }
        this.chunkBytes = (int) Math.max(unit, chunk / unit * unit);
        this.backwards = source == destination && destinationLba > sourceLba
                && destinationLba - sourceLba < bytes / sourceBlockSize;
    }

    /** The offset of segment descriptor {@code index} in a validated list. */
    static int offsetOf(ByteBuffer list, int index) {
        return ParameterList.segmentOffset(list, index);
    }

    static int sourceId(ByteBuffer list, int offset) {
        return ParameterList.u16(list, offset + ParameterList.SEGMENT_SOURCE);
    }

    static int destinationId(ByteBuffer list, int offset) {
        return ParameterList.u16(list, offset + ParameterList.SEGMENT_DESTINATION);
    }

    /**
     * The segment at {@code index} with its units resolved; null when either CSCD no longer names
     * a reachable unit.
     */
    static Segment decode(CommandContext ctx, ByteBuffer list, int index) {
        int off = offsetOf(list, index);
        LogicalUnit src = CopyTargets.resolve(ctx, list, sourceId(list, off));
        LogicalUnit dst = CopyTargets.resolve(ctx, list, destinationId(list, off));
        if (src == null || dst == null) {
            return null;
        }
        return of(list, off, src, dst);
    }

    static Segment of(ByteBuffer list, int off, LogicalUnit src, LogicalUnit dst) {
        long count = ParameterList.u16(list, off + ParameterList.SEGMENT_BLOCKS);
        boolean dc = (ParameterList.u8(list, off + ParameterList.SEGMENT_FLAGS) & ParameterList.SEGMENT_DC) != 0;
        long bytes = count * (dc ? dst.geometry().logicalBlockSize() : src.geometry().logicalBlockSize());
        return new Segment(off, src, dst, ParameterList.u64(list, off + ParameterList.SEGMENT_SOURCE_LBA),
                ParameterList.u64(list, off + ParameterList.SEGMENT_DESTINATION_LBA), bytes);
    }

    /** Whether the byte count is a whole number of blocks on both units. */
    boolean exact() {
        return bytes % sourceBlockSize == 0 && bytes % destinationBlockSize == 0;
    }

    long sourceBlocks() {
        return bytes / sourceBlockSize;
    }

    long destinationBlocks() {
        return bytes / destinationBlockSize;
    }

    /** Bytes of the chunk that follows {@code done} bytes. */
    int chunk(long done) {
        return (int) Math.min(chunkBytes, bytes - done);
    }

    /** Byte offset in the segment of the chunk of {@code chunk} bytes that follows {@code done} bytes. */
    long position(long done, int chunk) {
        return backwards ? bytes - done - chunk : done;
    }

    long sourceLbaAt(long position) {
        return sourceLba + position / sourceBlockSize;
    }

    long destinationLbaAt(long position) {
        return destinationLba + position / destinationBlockSize;
    }
}
