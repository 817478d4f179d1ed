package org.scsi4j.iscsi.internal.session;

import java.nio.ByteBuffer;
import org.scsi4j.core.spi.transport.ScsiStatus;
import org.scsi4j.core.spi.transport.ScsiTask;
import org.scsi4j.iscsi.internal.conn.OutItem;
import org.scsi4j.iscsi.internal.conn.OutputQueue;
import org.scsi4j.iscsi.internal.conn.Producer;
import org.scsi4j.iscsi.internal.conn.SlotArena;
import org.scsi4j.iscsi.internal.conn.Written;
import org.scsi4j.iscsi.internal.pdu.DataInPdu;
import org.scsi4j.iscsi.internal.pdu.HeaderFlyweight;
import org.scsi4j.iscsi.internal.pdu.PduCodes;
import org.scsi4j.iscsi.internal.pdu.ReadyToTransferPdu;
import org.scsi4j.iscsi.internal.pdu.ScsiResponsePdu;

/**
 * The transport's state for one SCSI task, attached to its {@link ScsiTask}: data-out progress
 * (immediate, unsolicited and solicited data, outstanding R2Ts) while the core waits for data,
 * then the cursor that turns the completed task into Data-In PDUs (RFC 7143 §11.7, split at the
 * initiator's MaxRecvDataSegmentLength, F at every MaxBurstLength, status collapsed into the
 * last one when GOOD without sense, §11.7.3) or a SCSI Response (§11.4) with sense and
 * residuals. Pooled per session ({@link TaskStatePool}); one object serves a task from
 * {@code requestDataOut} or {@code taskCompleted} to the write of its status.
 *
 * <p>Allocation: none, except one {@link ByteBuffer#slice} per Data-In PDU when the data-in is
 * longer than one PDU (the last PDU uses the task's own buffer).
 */
final class TaskState implements Producer, Written {
    enum Mode { FREE, DATA_OUT, RESPONSE }

    final int slot;
    final Session session;
    private final DataInPdu dataIn = new DataInPdu();
    private final ScsiResponsePdu response = new ScsiResponsePdu();
    private final ReadyToTransferPdu r2t = new ReadyToTransferPdu();

    Mode mode = Mode.FREE;
    ScsiTask task;
    int itt;
    long lun;
    /** In the connection's send FIFO (must not be recycled until produced). */
    boolean inFifo;
    /** Given up (aborted) while in the FIFO: recycle when the FIFO reaches it. */
    boolean orphan;

    // ---- data-out (RFC 7143 §4.2.5.x, §11.7, §11.8)
    ByteBuffer destination;
    /** Bytes the core wants (destination limit). */
    int wanted;
    /** Expected Data Transfer Length the initiator announced. */
    int edtl;
    /** End of the unsolicited part: immediate data plus unsolicited Data-Out. */
    int unsolicitedEnd;
    int unsolicitedNext;
    int unsolicitedDataSn;
    boolean unsolicitedOpen;
    /** Next buffer offset to solicit with an R2T. */
    int solicitNext;
    int r2tSn;
    final int[] r2tOffset;
    final int[] r2tEnd;
    final int[] r2tNext;
    final int[] r2tDataSn;
    final int[] r2tNumber;
    final int[] r2tTtt;
    final boolean[] r2tActive;
    final boolean[] r2tUnsent;
    int r2tOutstanding;

    // ---- response
    private ByteBuffer data;
    private int dataBase;
    private int dataTotal;
    private int dataSent;
    private int dataSn;
    private boolean collapse;
    private boolean statusSent;

    TaskState(Session session, int slot, int maxOutstandingR2T) {
        this.session = session;
        this.slot = slot;
        this.r2tOffset = new int[maxOutstandingR2T];
        this.r2tEnd = new int[maxOutstandingR2T];
        this.r2tNext = new int[maxOutstandingR2T];
        this.r2tDataSn = new int[maxOutstandingR2T];
        this.r2tNumber = new int[maxOutstandingR2T];
        this.r2tTtt = new int[maxOutstandingR2T];
        this.r2tActive = new boolean[maxOutstandingR2T];
        this.r2tUnsent = new boolean[maxOutstandingR2T];
    }

    void reset() {
        mode = Mode.FREE;
        task = null;
        orphan = false;
        destination = null;
        unsolicitedOpen = false;
        r2tOutstanding = 0;
        r2tSn = 0;
        for (int i = 0; i < r2tActive.length; i++) {
            r2tActive[i] = false;
            r2tUnsent[i] = false;
        }
        data = null;
        dataSent = 0;
        dataSn = 0;
        statusSent = false;
    }

    void bind(ScsiTask t) {
        this.task = t;
        this.itt = (int) t.tag();
        this.lun = t.lun();
        this.edtl = t.expectedDataTransferLength();
        t.attach(this);
    }

    /** Puts the task's R2Ts (those marked unsent) or its response in the send FIFO once. */
    void schedule(OutputQueue out) {
        if (!inFifo) {
            inFifo = true;
            out.enqueue(this);
        }
    }

    /** The task completed: send data-in and status. */
    void respond(OutputQueue out) {
        mode = Mode.RESPONSE;
        destination = null;
        data = task.dataIn();
        dataBase = data.position();
        dataTotal = data.remaining();
        dataSent = 0;
        dataSn = 0;
        collapse = dataTotal > 0 && task.status() == ScsiStatus.GOOD;
        statusSent = false;
        schedule(out);
    }

    // ---------------------------------------------------------------- Producer

    @Override
    public boolean produce(OutputQueue q) {
        if (orphan) {
            inFifo = false;
            session.states().recycle(this);
            return true;
        }
        boolean done = mode == Mode.RESPONSE ? produceResponse(q) : produceR2ts(q);
        if (done) {
            inFifo = false;
        }
        return done;
    }

    private boolean produceR2ts(OutputQueue q) {
        for (int i = 0; i < r2tActive.length; i++) {
            if (!r2tUnsent[i]) {
                continue;
            }
            int slotIndex = q.allocHead();
            if (slotIndex < 0) {
                return false;
            }
            ByteBuffer head = q.head(slotIndex);
            r2t.wrap(head, 0).init().lun(lun).initiatorTaskTag(itt).targetTransferTag(r2tTtt[i])
                    .r2tSn(r2tNumber[i]).bufferOffset(r2tOffset[i] & 0xFFFF_FFFFL)
                    .desiredDataTransferLength((r2tEnd[i] - r2tOffset[i]) & 0xFFFF_FFFFL);
            q.stamp(head, OutItem.STATSN_CURRENT);
            q.emit(slotIndex, null, -1, true, null);
            r2tUnsent[i] = false;
        }
        return true;
    }

    private boolean produceResponse(OutputQueue q) {
        int maxSegment = session.initiatorMaxRecvDataSegmentLength();
        int maxBurst = session.maxBurstLength();
        while (dataSent < dataTotal) {
            int slotIndex = q.allocHead();
            if (slotIndex < 0) {
                return false;
            }
            int offset = dataSent;
            int toBurstEnd = maxBurst - offset % maxBurst;
            int length = Math.min(Math.min(maxSegment, dataTotal - offset), toBurstEnd);
            boolean last = offset + length == dataTotal;
            boolean finalInSequence = last || length == toBurstEnd;
            ByteBuffer payload;
            if (last) {
                data.limit(dataBase + dataTotal).position(dataBase + offset);
                payload = data;
            } else {
                payload = data.slice(dataBase + offset, length);
            }
            ByteBuffer head = q.head(slotIndex);
            dataIn.wrap(head, 0).init(finalInSequence).lun(lun).initiatorTaskTag(itt)
                    .targetTransferTag(HeaderFlyweight.RESERVED_TAG).dataSn(dataSn++)
                    .bufferOffset(offset).dataSegmentLength(length);
            dataSent += length;
            if (last && collapse) {
                dataIn.statusPresent(true).status(task.status());
                residuals(dataIn);
                q.stamp(head, OutItem.STATSN_ADVANCE, true);
                statusSent = true;
                q.emit(slotIndex, payload, -1, true, this);
                return true;
            }
            q.stamp(head, OutItem.STATSN_NONE);
            q.emit(slotIndex, payload, -1, true, null);
        }
        if (statusSent) {
            return true;
        }
        return produceStatus(q);
    }

    private void residuals(DataInPdu pdu) {
        if (task.residualOverflow()) {
            pdu.residualOverflow(true).residualCount(task.residualCount() & 0xFFFF_FFFFL);
        } else if (task.residualUnderflow()) {
            pdu.residualUnderflow(true).residualCount(task.residualCount() & 0xFFFF_FFFFL);
        }
    }

    private boolean produceStatus(OutputQueue q) {
        ByteBuffer sense = task.sense();
        // sense only goes with CHECK CONDITION (SAM-5 §5.3.2); a task's buffer may say otherwise
        int senseLength = task.status() != ScsiStatus.CHECK_CONDITION ? 0
                : Math.min(sense.remaining(), SlotArena.DATA_SLOT - 2);
        int dataSlot = -1;
        ByteBuffer segment = null;
        if (senseLength > 0) {
            dataSlot = q.allocData();
            if (dataSlot < 0) {
                return false;
            }
        }
        int slotIndex = q.allocHead();
        if (slotIndex < 0) {
            q.freeSlots(-1, dataSlot);
            return false;
        }
        if (senseLength > 0) {
            segment = q.data(dataSlot);
            segment.putShort(0, (short) senseLength);
            segment.put(2, sense, sense.position(), senseLength);
            segment.limit(2 + senseLength).position(0);
        }
        ByteBuffer head = q.head(slotIndex);
        response.wrap(head, 0).init().response(PduCodes.ScsiResponse.COMMAND_COMPLETED_AT_TARGET)
                .status(task.status()).initiatorTaskTag(itt).expDataSn(dataSn + r2tSn)
                .dataSegmentLength(senseLength == 0 ? 0 : senseLength + 2);
        if (task.residualOverflow()) {
            response.residualOverflow(true).residualCount(task.residualCount() & 0xFFFF_FFFFL);
        } else if (task.residualUnderflow()) {
            response.residualUnderflow(true).residualCount(task.residualCount() & 0xFFFF_FFFFL);
        }
        q.stamp(head, OutItem.STATSN_ADVANCE, true);
        statusSent = true;
        q.emit(slotIndex, segment, dataSlot, true, this);
        return true;
    }

    // ---------------------------------------------------------------- Written

    /** The status went out: the core may recycle the task, and this state is free. */
    @Override
    public void written() {
        ScsiTask t = task;
        session.states().recycle(this);
        if (t != null) {
            session.release(t);
        }
    }
}
