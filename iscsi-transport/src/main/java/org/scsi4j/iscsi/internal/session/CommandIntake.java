package org.scsi4j.iscsi.internal.session;

import java.nio.ByteBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.scsi4j.core.spi.transport.DataDirection;
import org.scsi4j.core.spi.transport.ScsiStatus;
import org.scsi4j.core.spi.transport.ScsiTask;
import org.scsi4j.core.spi.transport.TaskAttribute;
import org.scsi4j.iscsi.internal.pdu.AdditionalHeaderSegment;
import org.scsi4j.iscsi.internal.pdu.PduCodes;
import org.scsi4j.iscsi.internal.pdu.ScsiCommandPdu;
import org.scsi4j.iscsi.internal.text.NegotiatedParameters;

/**
 * SCSI Command PDUs (RFC 7143 §11.3) into {@code ItNexus.submit}: CmdSN ordering, CDBs longer
 * than 16 bytes from the Extended CDB AHS, the checks on immediate and unsolicited data that
 * the negotiated InitialR2T / ImmediateData / FirstBurstLength allow (§13.10, §13.11, §13.14),
 * and TASK SET FULL when the nexus has no slot left (the window let one command too many in).
 *
 * <p>Immediate data is handed to {@code requestDataOut} straight from the receive buffer while
 * {@code submit} runs (the core asks for data-out inside submit); only if the core asked later
 * would it be copied aside.
 */
final class CommandIntake {
    private final Session s;
    private final ScsiCommandPdu cmd = new ScsiCommandPdu();
    private final ByteBuffer cdb = ByteBuffer.allocate(AdditionalHeaderSegment.MAX_CDB_LENGTH);
    private final ImmediateData current = new ImmediateData();
    private final ImmediateData none = new ImmediateData();
    private Int2ObjectHashMap<ImmediateData> stashed;

    /** Immediate data of the command being submitted, and whether unsolicited Data-Out follows. */
    static final class ImmediateData {
        ByteBuffer buffer;
        int offset;
        int length;
        boolean unsolicitedFollows;
        int itt;
        boolean claimed;
        boolean completed;
    }

    CommandIntake(Session s) {
        this.s = s;
    }

    void onCommand(ByteBuffer buf, int hdr, int dataOffset, int dataLength) {
        cmd.wrap(buf, hdr);
        ControlIntake control = s.control();
        if (s.isDiscovery()) {
            control.reject(buf, hdr, PduCodes.RejectReason.PROTOCOL_ERROR, "SCSI Command in a Discovery session");
            return;
        }
        if (!control.admit(cmd.immediate(), cmd.cmdSn())) {
            return;
        }
        int itt = cmd.initiatorTaskTag();
        int cdbLength = cmd.cdbLength();
        long edtl = cmd.expectedDataTransferLength();
        if (itt == -1 || cdbLength < 0 || edtl > Integer.MAX_VALUE) {
            control.reject(buf, hdr, PduCodes.RejectReason.INVALID_PDU_FIELD,
                    itt == -1 ? "SCSI Command with the reserved ITT" : cdbLength < 0
                            ? "malformed AHS in SCSI Command" : "Expected Data Transfer Length above 2 GiB");
            return;
        }
        boolean read = cmd.read();
        boolean write = cmd.write();
        if (dataLength > 0 && !write) {
            control.reject(buf, hdr, PduCodes.RejectReason.PROTOCOL_ERROR, "immediate data without the W bit");
            return;
        }
        NegotiatedParameters p = s.params();
        boolean unsolicitedFollows = write && !cmd.isFinal();
        int expected = (int) edtl;
        if ((dataLength > 0 && !p.immediateData()) || (unsolicitedFollows && p.initialR2T())) {
            endEarly(itt, unsolicitedFollows, TransportSense.UNEXPECTED_UNSOLICITED_DATA);
            return;
        }
        if (dataLength > expected || dataLength > p.firstBurstLength()) {
            endEarly(itt, unsolicitedFollows, TransportSense.INCORRECT_AMOUNT_OF_DATA);
            return;
        }
        s.discardItts.remove(itt);
        if (s.nexus().availableTaskSlots() == 0) {
            // the window admitted an immediate command past the nexus's limit (§4.2.2.1 lets
            // immediate commands bypass the window): SAM-5 TASK SET FULL
            if (unsolicitedFollows) {
                s.discardDataOut(itt);
            }
            control.sendStatus(itt, ScsiStatus.TASK_SET_FULL, null);
            return;
        }
        cdb.clear();
        cmd.copyCdb(cdb, 0);
        cdb.limit(cdbLength).position(0);
        current.buffer = buf;
        current.offset = dataOffset;
        current.length = dataLength;
        current.unsolicitedFollows = unsolicitedFollows;
        current.itt = itt;
        current.claimed = false;
        current.completed = false;
        boolean wantsData = dataLength > 0 || unsolicitedFollows;
        try {
            s.nexus().submit(itt & 0xFFFF_FFFFL, cmd.lun(), cdb, TaskAttribute.fromIscsiAttr(cmd.taskAttribute()),
                    DataDirection.of(read, write), expected);
        } finally {
            current.buffer = null;
        }
        if (wantsData && !current.claimed) {
            afterUnclaimedData(itt, buf, dataOffset, dataLength, unsolicitedFollows);
        }
    }

    /**
     * The core did not ask for the data inside submit: the task either ended at once (a CHECK
     * CONDITION; its unsolicited Data-Out is dropped), or it will ask later (keep a copy).
     */
    private void afterUnclaimedData(int itt, ByteBuffer buf, int dataOffset, int dataLength, boolean unsolicited) {
        if (current.completed) {
            if (unsolicited) {
                s.discardDataOut(itt);
            }
            return;
        }
        ImmediateData copy = new ImmediateData();
        copy.buffer = ByteBuffer.allocate(dataLength);
        copy.buffer.put(0, buf, dataOffset, dataLength);
        copy.length = dataLength;
        copy.unsolicitedFollows = unsolicited;
        copy.itt = itt;
        if (stashed == null) {
            stashed = new Int2ObjectHashMap<>();
        }
        stashed.put(itt, copy);
    }

    /** From {@code taskCompleted}/{@code taskAborted}: notes a task that ended inside submit. */
    void noteEnded(ScsiTask task) {
        if (current.buffer != null && current.itt == (int) task.tag()) {
            current.completed = true;
        }
    }

    /** For {@code requestDataOut}: the immediate data of that task, or an empty record. */
    ImmediateData immediateDataFor(ScsiTask task) {
        int itt = (int) task.tag();
        if (current.buffer != null && current.itt == itt && !current.claimed) {
            current.claimed = true;
            return current;
        }
        ImmediateData later = stashed == null ? null : stashed.remove(itt);
        return later != null ? later : none;
    }

    /** A command the transport refuses before the core sees it: CHECK CONDITION, data dropped. */
    private void endEarly(int itt, boolean unsolicitedFollows, int ascAscq) {
        if (unsolicitedFollows) {
            s.discardDataOut(itt);
        }
        s.control().sendStatus(itt, ScsiStatus.CHECK_CONDITION, TransportSense.fixed(ascAscq));
    }
}
