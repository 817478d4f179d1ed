package org.scsi4j.core.internal.xcopy;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.transport.ScsiStatus;

/**
 * EXTENDED COPY (LID1), SPC-4 §6.4: the copy manager of the addressed unit moves blocks between
 * units of this target (or within one) through the device SPI, never through the transport.
 *
 * <p><b>What is implemented.</b> Identification descriptor CSCD descriptors (E4h) naming a unit
 * by its NAA designator ({@link CopyTargets}), CSCD DESCRIPTOR ID FFFFh for the addressed unit,
 * and block device to block device segment descriptors (02h) with the DC bit ({@link Segment}).
 * No inline or held data, so no other segment type; STR and PRIORITY are accepted and ignored.
 *
 * <p><b>Everything is checked before any data moves</b>, in this order:
 * <ol>
 *   <li>CDB: a PARAMETER LIST LENGTH of 1..15 (a header cut short) or above 16 + MAXIMUM DESCRIPTOR
 *       LIST LENGTH is PARAMETER LIST LENGTH ERROR, before the data-out is requested. Zero is no
 *       copy and GOOD (SPC-4 §6.4.1).</li>
 *   <li>Header: lists that do not fit the parameter list length (truncation) or exceed MAXIMUM
 *       DESCRIPTOR LIST LENGTH are PARAMETER LIST LENGTH ERROR; inline data is INLINE DATA LENGTH
 *       EXCEEDED; LIST ID USAGE 01b, or 11b with a non-zero LIST IDENTIFIER, is INVALID FIELD IN
 *       PARAMETER LIST.</li>
 *   <li>Descriptor lists: TOO MANY TARGET / SEGMENT DESCRIPTORS past the reported counts,
 *       UNSUPPORTED TARGET / SEGMENT DESCRIPTOR TYPE CODE for types other than E4h / 02h, INVALID
 *       FIELD IN PARAMETER LIST (with the field pointer) for a descriptor cut short, a wrong
 *       DESCRIPTOR LENGTH or a designator longer than its field.</li>
 *   <li>LIST IDENTIFIER already running on this nexus (usage 00b/10b): OPERATION IN PROGRESS.
 *       From here on the copy has a record for RECEIVE COPY RESULTS, and a failure leaves it
 *       "completed with errors".</li>
 *   <li>Each segment in turn, as the copy manager would find it when processing it (SPC-4
 *       §5.16.7.4, sense key COPY ABORTED): a CSCD DESCRIPTOR ID naming no descriptor is
 *       UNREACHABLE COPY TARGET; a designator that names no unit this nexus sees is COPY TARGET
 *       DEVICE NOT REACHABLE; a CSCD or unit that is not a block device is INCORRECT COPY TARGET
 *       DEVICE TYPE; a range beyond either unit's capacity is COPY ABORTED with no additional sense
 *       code (see below). In the same pass, ILLEGAL REQUEST for a DISK BLOCK LENGTH that is not the
 *       unit's (INVALID FIELD IN PARAMETER LIST) and for an inexact segment (UNEXPECTED INEXACT
 *       SEGMENT); DATA PROTECT, WRITE PROTECTED for a write-protected destination; RESERVATION
 *       CONFLICT when a reservation of another unit forbids the nexus the access.</li>
 * </ol>
 * Then the segments are copied in order, chunk by chunk ({@link SegmentCopy}).
 *
 * <p><b>Out-of-range segments.</b> SPC-4 has the copy manager forward the CSCD's own sense
 * (ILLEGAL REQUEST, LOGICAL BLOCK ADDRESS OUT OF RANGE) inside COPY ABORTED sense data, with the
 * segment number in COMMAND-SPECIFIC INFORMATION. The sense writer has neither field yet, and
 * libiscsi's ExtendedCopy.ValidSegDescr accepts only COPY ABORTED with 00h/00h, 08h/04h or
 * 0Dh/02h: we answer COPY ABORTED, NO ADDITIONAL SENSE INFORMATION.
 */
final class ExtendedCopy implements CommandHandler {
    static final CommandHandler HANDLER = new ExtendedCopy();

    /** Byte 10..13 of the CDB: PARAMETER LIST LENGTH. */
    static final int PARAMETER_LIST_LENGTH = 10;

    /** PERIPHERAL DEVICE TYPE 00h, direct access block device. */
    private static final int BLOCK_DEVICE = 0x00;

    private ExtendedCopy() {
    }

    static long parameterListLength(byte[] cdb) {
        return Cdb.u32(cdb, PARAMETER_LIST_LENGTH);
    }

    @Override
    public boolean validate(CommandContext ctx) {
        long n = parameterListLength(ctx.cdb());
        if ((n > 0 && n < ParameterList.HEADER_LENGTH)
                || n > ParameterList.HEADER_LENGTH + CopyLimits.MAX_DESCRIPTOR_LIST_LENGTH) {
            ctx.checkCondition(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
            return false;
        }
        return true;
    }

    @Override
    public void execute(CommandContext ctx) {
        if (parameterListLength(ctx.cdb()) == 0) {
            ctx.completeGood();
            return;
        }
        ByteBuffer list = ctx.dataOut();
        if (!checkHeader(ctx, list) || !checkCscds(ctx, list) || !checkSegments(ctx, list)) {
            return;
        }
        int usage = ParameterList.listIdUsage(list);
        CopyRecords records = CopyRecords.of(ctx.lu());
        boolean held = usage != ParameterList.USAGE_NONE;
        if (held && !records.begin(ctx, ParameterList.listIdentifier(list))) {
            ctx.checkCondition(SenseReason.OPERATION_IN_PROGRESS);
            return;
        }
        int largestChunk = checkTargets(ctx, list);
        if (largestChunk < 0) {
            return;
        }
        if (largestChunk > 0 && ctx.scratchBuffer(largestChunk) == null) {
            if (held) {
                records.discard(ctx);
            }
            ctx.completeBusy();
            return;
        }
        SegmentCopy.start(ctx);
    }

    /** Header fields (SPC-4 §6.4.3); false when the task was completed. */
    private static boolean checkHeader(CommandContext ctx, ByteBuffer list) {
        long lists = ParameterList.cscdListLength(list) + ParameterList.segmentListLength(list)
                + ParameterList.inlineDataLength(list);
        if (ParameterList.HEADER_LENGTH + lists > list.remaining()
                || lists > CopyLimits.MAX_DESCRIPTOR_LIST_LENGTH + CopyLimits.MAX_INLINE_DATA_LENGTH) {
            ctx.checkCondition(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
            return false;
        }
        if (ParameterList.inlineDataLength(list) > CopyLimits.MAX_INLINE_DATA_LENGTH) {
            ctx.checkCondition(SenseReason.INLINE_DATA_LENGTH_EXCEEDED);
            return false;
        }
        int usage = ParameterList.listIdUsage(list);
        if (usage == ParameterList.USAGE_RESERVED) {
            ctx.invalidFieldInParameterList(ParameterList.FLAGS, 4);
            return false;
        }
        if (usage == ParameterList.USAGE_NONE && ParameterList.listIdentifier(list) != 0) {
            ctx.invalidFieldInParameterList(ParameterList.LIST_IDENTIFIER, -1);
            return false;
        }
        return true;
    }

    /** The CSCD descriptor list: count, type, length, designator length. */
    private static boolean checkCscds(CommandContext ctx, ByteBuffer list) {
        int end = ParameterList.HEADER_LENGTH + ParameterList.cscdListLength(list);
        int count = 0;
        for (int off = ParameterList.HEADER_LENGTH; off < end; off += CopyLimits.CSCD_LENGTH, count++) {
            if (count == CopyLimits.MAX_CSCD_DESCRIPTORS) {
                ctx.checkCondition(SenseReason.TOO_MANY_TARGET_DESCRIPTORS);
                return false;
            }
            if (ParameterList.u8(list, off + ParameterList.CSCD_TYPE) != ParameterList.CSCD_IDENTIFICATION) {
                ctx.checkCondition(SenseReason.UNSUPPORTED_TARGET_DESCRIPTOR_TYPE);
                return false;
            }
            if (end - off < CopyLimits.CSCD_LENGTH) {
                ctx.invalidFieldInParameterList(ParameterList.CSCD_DESCRIPTOR_LIST_LENGTH, -1);
                return false;
            }
            int lengthField = off + ParameterList.CSCD_DESIGNATOR + 3;
            if (ParameterList.u8(list, lengthField) > ParameterList.CSCD_MAX_DESIGNATOR_LENGTH) {
                ctx.invalidFieldInParameterList(lengthField, -1);
                return false;
            }
        }
        return true;
    }

    /** The segment descriptor list: count, type, DESCRIPTOR LENGTH, whole descriptors. */
    private static boolean checkSegments(CommandContext ctx, ByteBuffer list) {
        long start = ParameterList.HEADER_LENGTH + ParameterList.cscdListLength(list);
        long end = start + ParameterList.segmentListLength(list);
        int count = 0;
        for (long at = start; at < end; at += CopyLimits.B2B_SEGMENT_LENGTH, count++) {
            int off = (int) at;
            if (count == CopyLimits.MAX_SEGMENT_DESCRIPTORS) {
                ctx.checkCondition(SenseReason.TOO_MANY_SEGMENT_DESCRIPTORS);
                return false;
            }
            if (ParameterList.u8(list, off + ParameterList.SEGMENT_TYPE) != ParameterList.SEGMENT_BLOCK_TO_BLOCK) {
                ctx.checkCondition(SenseReason.UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE);
                return false;
            }
            if (end - at < CopyLimits.B2B_SEGMENT_LENGTH) {
                ctx.invalidFieldInParameterList(ParameterList.SEGMENT_DESCRIPTOR_LIST_LENGTH, -1);
                return false;
            }
            int descriptorLength = ParameterList.u16(list, off + ParameterList.SEGMENT_DESCRIPTOR_LENGTH);
            if (descriptorLength != ParameterList.B2B_DESCRIPTOR_LENGTH) {
                ctx.invalidFieldInParameterList(off + ParameterList.SEGMENT_DESCRIPTOR_LENGTH, -1);
                return false;
            }
        }
        return true;
    }

    /**
     * Every segment's units, ranges and access (the last step of the class comment's list).
     *
     * @return the largest chunk any segment moves (0 when none moves data), or -1 when the task
     *         was completed with an error
     */
    private static int checkTargets(CommandContext ctx, ByteBuffer list) {
        int cscds = ParameterList.cscdCount(list);
        int segments = ParameterList.segmentCount(list);
        int largest = 0;
        for (int i = 0; i < segments; i++) {
            int off = Segment.offsetOf(list, i);
            int srcId = Segment.sourceId(list, off);
            int dstId = Segment.destinationId(list, off);
            LogicalUnit src = target(ctx, list, srcId, cscds);
            if (src == null) {
                return -1;
            }
            LogicalUnit dst = target(ctx, list, dstId, cscds);
            if (dst == null) {
                return -1;
            }
            Segment s = Segment.of(list, off, src, dst);
            if (!s.exact()) {
                return fail(ctx, SenseReason.UNEXPECTED_INEXACT_SEGMENT);
            }
            if (!inRange(s.sourceLba, s.sourceBlocks(), src.geometry().blockCount())
                    || !inRange(s.destinationLba, s.destinationBlocks(), dst.geometry().blockCount())) {
                return fail(ctx, SenseReason.COPY_ABORTED_NO_ADDITIONAL_SENSE);
            }
            if (s.bytes > 0 && CopyTargets.writeProtected(ctx, dst)) {
                return fail(ctx, SenseReason.WRITE_PROTECTED);
            }
            if (CopyTargets.reservationConflict(ctx, src, false) || CopyTargets.reservationConflict(ctx, dst, true)) {
                CopyRecords.of(ctx.lu()).finish(ctx, CopyRecords.COMPLETED_WITH_ERROR);
                ctx.completeStatus(ScsiStatus.RESERVATION_CONFLICT);
                return -1;
            }
            if (s.bytes > 0) {
                largest = Math.max(largest, s.chunk(0));
            }
        }
        return largest;
    }

    /**
     * The unit a segment's CSCD DESCRIPTOR ID names, checked for use as a block device; null when
     * the task was completed with an error.
     */
    private static LogicalUnit target(CommandContext ctx, ByteBuffer list, int id, int cscds) {
        if (!CopyTargets.exists(id, cscds)) {
            fail(ctx, SenseReason.UNREACHABLE_COPY_TARGET);
            return null;
        }
        LogicalUnit lu = CopyTargets.resolve(ctx, list, id);
        if (lu == null || CopyTargets.unavailable(lu)) {
            fail(ctx, SenseReason.COPY_TARGET_DEVICE_NOT_REACHABLE);
            return null;
        }
        if (lu.peripheralDeviceType() != BLOCK_DEVICE) {
            fail(ctx, SenseReason.INCORRECT_COPY_TARGET_DEVICE_TYPE);
            return null;
        }
        if (id == CopyTargets.LOCAL_UNIT) {
            return lu;
        }
        int off = ParameterList.cscdOffset(id);
        if ((ParameterList.u8(list, off + ParameterList.CSCD_DEVICE_TYPE) & 0x1F) != BLOCK_DEVICE) {
            fail(ctx, SenseReason.INCORRECT_COPY_TARGET_DEVICE_TYPE);
            return null;
        }
        int blockLength = off + ParameterList.CSCD_DISK_BLOCK_LENGTH;
        if (ParameterList.u24(list, blockLength) != lu.geometry().logicalBlockSize()) {
            CopyRecords.of(ctx.lu()).finish(ctx, CopyRecords.COMPLETED_WITH_ERROR);
            ctx.invalidFieldInParameterList(blockLength, -1);
            return null;
        }
        return lu;
    }

    /** Whether [lba, lba + blocks) lies within {@code capacity} blocks; lba unsigned, overflow-safe. */
    static boolean inRange(long lba, long blocks, long capacity) {
        return Long.compareUnsigned(lba, capacity) <= 0 && blocks <= capacity - lba;
    }

    /** Ends the copy's record (if any) as failed and completes the task with {@code reason}. */
    static int fail(CommandContext ctx, SenseReason reason) {
        CopyRecords.of(ctx.lu()).finish(ctx, CopyRecords.COMPLETED_WITH_ERROR);
        ctx.checkCondition(reason);
        return -1;
    }
}
