package org.scsi4j.iscsi.initiator;

import java.nio.ByteBuffer;
import org.scsi4j.iscsi.internal.pdu.AsyncMessagePdu;
import org.scsi4j.iscsi.internal.pdu.BasicHeaderSegment;
import org.scsi4j.iscsi.internal.pdu.DataInPdu;
import org.scsi4j.iscsi.internal.pdu.HeaderFlyweight;
import org.scsi4j.iscsi.internal.pdu.LogoutResponsePdu;
import org.scsi4j.iscsi.internal.pdu.NopInPdu;
import org.scsi4j.iscsi.internal.pdu.Opcode;
import org.scsi4j.iscsi.internal.pdu.PduCodes;
import org.scsi4j.iscsi.internal.pdu.ReadyToTransferPdu;
import org.scsi4j.iscsi.internal.pdu.RejectPdu;
import org.scsi4j.iscsi.internal.pdu.ScsiResponsePdu;
import org.scsi4j.iscsi.internal.pdu.TaskManagementResponsePdu;
import org.scsi4j.iscsi.internal.pdu.TextResponsePdu;

/**
 * What the target sends in full feature phase (RFC 7143 §11), on the I/O loop: Data-In into the
 * caller's buffer, SCSI Response (status, sense, residuals), R2T (queues a Data-Out sequence),
 * NOP-In (answers pings), Task Management Response, Text Response, Logout Response,
 * Asynchronous Message and Reject. Flyweights are reused; nothing is allocated per PDU.
 *
 * <p>A PDU for an unknown or stale ITT is ignored (it can be the late answer for a task already
 * ended by an abort). Anything that breaks the protocol in a way ErrorRecoveryLevel 0 cannot
 * repair (Data-In beyond the buffer, an out-of-order DataSN, an R2T beyond the data) drops the
 * connection.
 */
final class Receiver {
    private final FullFeature ff;
    private final Lifecycle loop;
    private final BasicHeaderSegment bhs = new BasicHeaderSegment();
    private final DataInPdu dataIn = new DataInPdu();
    private final ScsiResponsePdu response = new ScsiResponsePdu();
    private final ReadyToTransferPdu r2t = new ReadyToTransferPdu();
    private final NopInPdu nopIn = new NopInPdu();
    private final TaskManagementResponsePdu tmfResponse = new TaskManagementResponsePdu();
    private final TextResponsePdu textResponse = new TextResponsePdu();
    private final LogoutResponsePdu logoutResponse = new LogoutResponsePdu();
    private final AsyncMessagePdu async = new AsyncMessagePdu();
    private final RejectPdu reject = new RejectPdu();
    private long ignored;

    Receiver(FullFeature ff, Lifecycle loop) {
        this.ff = ff;
        this.loop = loop;
    }

    /** @return PDUs ignored for unknown or stale ITTs (diagnostics) */
    long ignored() {
        return ignored;
    }

    /** Handles one framed PDU; may drop the connection (check the loop's phase afterwards). */
    void dispatch(ByteBuffer rx, int hdr, int data, int length) {
        int opcode = bhs.wrap(rx, hdr).opcode();
        switch (opcode) {
            case Opcode.DATA_IN:
                onDataIn(rx, hdr, data, length);
                break;
            case Opcode.SCSI_RESPONSE:
                onResponse(rx, hdr, data, length);
                break;
            case Opcode.R2T:
                onR2t(rx, hdr);
                break;
            case Opcode.NOP_IN:
                onNopIn(rx, hdr, data, length);
                break;
            case Opcode.TASK_MANAGEMENT_RESPONSE:
                onTmfResponse(rx, hdr);
                break;
            case Opcode.TEXT_RESPONSE:
                onTextResponse(rx, hdr, data, length);
                break;
            case Opcode.LOGOUT_RESPONSE:
                logoutResponse.wrap(rx, hdr);
                ff.window(logoutResponse.expCmdSn(), logoutResponse.maxCmdSn());
                ff.statSn(logoutResponse.statSn());
                loop.onLogoutResponse(logoutResponse.initiatorTaskTag(), logoutResponse.response());
                break;
            case Opcode.ASYNC_MESSAGE:
                onAsync(rx, hdr);
                break;
            case Opcode.REJECT:
                onReject(rx, hdr, data, length);
                break;
            default:
                loop.protocolError("unexpected " + Opcode.name(opcode) + String.format(" (opcode 0x%02x)", opcode));
                break;
        }
    }

    private Task scsiTask(int itt) {
        Task t = ff.table.byItt(itt);
        if (t == null || t.kind != Task.Kind.SCSI || t.wire != Task.Wire.SENT) {
            ignored++;
            return null;
        }
        return t;
    }

    private void onDataIn(ByteBuffer rx, int hdr, int data, int length) {
        dataIn.wrap(rx, hdr);
        ff.window(dataIn.expCmdSn(), dataIn.maxCmdSn());
        boolean status = dataIn.statusPresent();
        if (status) {
            ff.statSn(dataIn.statSn());
        }
        Task t = scsiTask(dataIn.initiatorTaskTag());
        if (t == null) {
            return;
        }
        long offset = dataIn.bufferOffset();
        if (length > 0) {
            if (offset + length > t.dataInLength) {
                loop.protocolError(String.format("Data-In for ITT 0x%08x at offset %d length %d exceeds the %d "
                        + "bytes expected", t.itt, offset, length, t.dataInLength));
                return;
            }
            if (!t.isWrite() && dataIn.dataSn() != t.expDataSn) {
                loop.protocolError(String.format("Data-In for ITT 0x%08x has DataSN %d, expected %d", t.itt,
                        dataIn.dataSn(), t.expDataSn));
                return;
            }
            t.dataIn.put(t.dataInBase + (int) offset, rx, data, length);
            ff.counters.dataInPdus++;
            t.bytesReceived += length;
        }
        t.expDataSn++;
        if (status) {
            t.response = PduCodes.ScsiResponse.COMMAND_COMPLETED_AT_TARGET;
            t.status = dataIn.status();
            t.underflow = dataIn.residualUnderflow();
            t.overflow = dataIn.residualOverflow();
            t.residual = t.underflow || t.overflow ? dataIn.residualCount() : 0;
            ff.complete(t);
        }
    }

    private void onResponse(ByteBuffer rx, int hdr, int data, int length) {
        response.wrap(rx, hdr);
        ff.window(response.expCmdSn(), response.maxCmdSn());
        ff.statSn(response.statSn());
        Task t = scsiTask(response.initiatorTaskTag());
        if (t == null) {
            return;
        }
        t.response = response.response();
        t.status = response.status();
        t.underflow = response.residualUnderflow();
        t.overflow = response.residualOverflow();
        t.residual = t.underflow || t.overflow ? response.residualCount() : 0;
        t.bidiResidual = response.bidirectionalReadResidualOverflow()
                || response.bidirectionalReadResidualUnderflow() ? response.bidirectionalReadResidualCount() : 0;
        if (length >= ScsiResponsePdu.SENSE_LENGTH_FIELD_LENGTH) {
            int senseLength = rx.getShort(data) & 0xFFFF;
            int n = Math.min(Math.min(senseLength, length - ScsiResponsePdu.SENSE_LENGTH_FIELD_LENGTH),
                    ScsiResult.MAX_SENSE_LENGTH);
            rx.get(data + ScsiResponsePdu.SENSE_LENGTH_FIELD_LENGTH, t.sense, 0, n);
            t.senseLength = n;
        }
        ff.complete(t);
    }

    private void onR2t(ByteBuffer rx, int hdr) {
        r2t.wrap(rx, hdr);
        ff.window(r2t.expCmdSn(), r2t.maxCmdSn());
        Task t = scsiTask(r2t.initiatorTaskTag());
        if (t == null) {
            return;
        }
        long offset = r2t.bufferOffset();
        long length = r2t.desiredDataTransferLength();
        if (!t.isWrite() || length == 0 || offset + length > t.dataOutLength) {
            loop.protocolError(String.format("R2T for ITT 0x%08x asks for %d bytes at offset %d of %d", t.itt,
                    length, offset, t.dataOutLength));
            return;
        }
        if (r2t.targetTransferTag() == HeaderFlyweight.RESERVED_TAG) {
            loop.protocolError("R2T with Target Transfer Tag 0xffffffff");
            return;
        }
        if (t.isRead()) {
            t.expDataSn++; // bidirectional: R2TSN and DataSN share one sequence (§11.7.4)
        }
        ff.counters.r2ts++;
        ff.burst(t, r2t.targetTransferTag(), (int) offset, (int) (offset + length));
    }

    private void onNopIn(ByteBuffer rx, int hdr, int data, int length) {
        nopIn.wrap(rx, hdr);
        ff.window(nopIn.expCmdSn(), nopIn.maxCmdSn());
        int itt = nopIn.initiatorTaskTag();
        if (itt == HeaderFlyweight.RESERVED_TAG) {
            int ttt = nopIn.targetTransferTag();
            if (ttt != HeaderFlyweight.RESERVED_TAG && !ff.sendPingAnswer(ttt, nopIn.lun(), rx, data, length)) {
                loop.protocolError("no room to answer a NOP-In ping");
            }
            return; // a ping or a window update: StatSN is not advanced (§11.19)
        }
        ff.statSn(nopIn.statSn());
        if (itt == FullFeature.KEEPALIVE_ITT) {
            loop.keepAliveAnswered();
            return;
        }
        Task t = ff.table.byItt(itt);
        if (t != null && t.kind == Task.Kind.NOP && t.wire == Task.Wire.SENT) {
            ff.complete(t);
        } else {
            ignored++;
        }
    }

    private void onTmfResponse(ByteBuffer rx, int hdr) {
        tmfResponse.wrap(rx, hdr);
        ff.window(tmfResponse.expCmdSn(), tmfResponse.maxCmdSn());
        ff.statSn(tmfResponse.statSn());
        Task t = ff.table.byItt(tmfResponse.initiatorTaskTag());
        if (t == null || t.kind != Task.Kind.TMF || t.wire != Task.Wire.SENT) {
            ignored++;
            return;
        }
        int code = tmfResponse.response();
        t.tmfResponse = code;
        boolean complete = code == PduCodes.TaskManagementResponse.FUNCTION_COMPLETE;
        if (t.function == PduCodes.TaskManagementFunction.ABORT_TASK) {
            Task ref = t.refTask;
            if (ref != null && ref.itt == t.refItt && ref.wire == Task.Wire.SENT) {
                if (complete || code == PduCodes.TaskManagementResponse.TASK_DOES_NOT_EXIST) {
                    // §11.6.1: no further PDUs for the task after this response
                    ff.fail(ref, new IscsiException(ref.abortReason == null ? IscsiException.Reason.ABORTED
                            : ref.abortReason, true, FullFeature.describeReason(ref, ref.abortReason)
                            + " (ABORT TASK: " + TaskManagementResponse.of(code) + ")"));
                } else if (t.owner == Task.Owner.INTERNAL) {
                    ref.failure = new IscsiException(ref.abortReason, true, FullFeature.describeReason(ref,
                            ref.abortReason) + "; ABORT TASK answered " + TaskManagementResponse.of(code)
                            + ", so the connection was dropped");
                    ff.complete(t);
                    loop.drop("ABORT TASK answered " + TaskManagementResponse.of(code), null);
                    return;
                }
            }
        } else if (complete) {
            abortAffected(t);
        }
        ff.complete(t);
    }

    /** After a task-set-wide function: this session's tasks sent before it ended at the target. */
    private void abortAffected(Task tmf) {
        TaskManagementFunction function = null;
        for (TaskManagementFunction f : TaskManagementFunction.values()) {
            if (f.code() == tmf.function) {
                function = f;
            }
        }
        if (function == null || !function.abortsTasks()) {
            return;
        }
        for (int i = 0; i < ff.table.size(); i++) {
            Task t = ff.table.at(i);
            if (t.kind == Task.Kind.SCSI && t.wire == Task.Wire.SENT && t.cmdSn - tmf.cmdSn < 0
                    && (function.targetWide() || t.lun == tmf.lun)) {
                ff.fail(t, new IscsiException(IscsiException.Reason.ABORTED, true,
                        t.describe() + " aborted by " + function));
            }
        }
    }

    private void onTextResponse(ByteBuffer rx, int hdr, int data, int length) {
        textResponse.wrap(rx, hdr);
        ff.window(textResponse.expCmdSn(), textResponse.maxCmdSn());
        ff.statSn(textResponse.statSn());
        Task t = ff.table.byItt(textResponse.initiatorTaskTag());
        if (t == null || t.kind != Task.Kind.TEXT || t.wire != Task.Wire.SENT) {
            ignored++;
            return;
        }
        if (t.textIn == null) {
            t.textIn = new java.io.ByteArrayOutputStream();
        }
        if (t.textIn.size() + length > org.scsi4j.iscsi.internal.text.TextSegmentAccumulator.DEFAULT_MAX_LENGTH) {
            loop.protocolError("Text Response longer than 64 KiB");
            return;
        }
        byte[] chunk = new byte[length];
        rx.get(data, chunk);
        t.textIn.writeBytes(chunk);
        if (textResponse.continues() || !textResponse.isFinal()) {
            if (!ff.sendTextContinue(t, textResponse.targetTransferTag())) {
                loop.protocolError("no room to continue a Text Request");
            }
            return;
        }
        ff.complete(t);
    }

    private void onAsync(ByteBuffer rx, int hdr) {
        async.wrap(rx, hdr);
        ff.window(async.expCmdSn(), async.maxCmdSn());
        ff.statSn(async.statSn());
        int event = async.asyncEvent();
        switch (event) {
            case PduCodes.AsyncEvent.LOGOUT_REQUEST:
                loop.onTargetRequestsLogout(async.parameter3());
                break;
            case PduCodes.AsyncEvent.CONNECTION_DROP:
            case PduCodes.AsyncEvent.SESSION_DROP:
                loop.drop("the target announced " + PduCodes.AsyncEvent.describe(event).toLowerCase(java.util.Locale.ROOT), null);
                break;
            case PduCodes.AsyncEvent.NEGOTIATION_REQUEST:
                loop.onTargetRequestsLogout(async.parameter3()); // renegotiate by logging in again
                break;
            default:
                SessionLoop.LOG.debug("iSCSI target sent AsyncEvent {} (LUN 0x{})", event, Long.toHexString(async.lun()));
                break;
        }
    }

    private void onReject(ByteBuffer rx, int hdr, int data, int length) {
        reject.wrap(rx, hdr);
        ff.window(reject.expCmdSn(), reject.maxCmdSn());
        ff.statSn(reject.statSn());
        int reason = reject.reason();
        String why = PduCodes.RejectReason.describe(reason);
        if (length < HeaderFlyweight.BHS_LENGTH) {
            loop.protocolError("Reject (" + why + ") without the rejected header");
            return;
        }
        int opcode = rx.get(data) & HeaderFlyweight.OPCODE_MASK;
        int itt = rx.getInt(data + HeaderFlyweight.INITIATOR_TASK_TAG_OFFSET);
        if (opcode == Opcode.DATA_OUT || opcode == Opcode.SNACK_REQUEST || opcode == Opcode.LOGOUT_REQUEST) {
            loop.protocolError("the target rejected our " + Opcode.name(opcode) + ": " + why);
            return;
        }
        if (opcode == Opcode.NOP_OUT && itt == FullFeature.KEEPALIVE_ITT) {
            loop.keepAliveAnswered();
            return;
        }
        Task t = ff.table.byItt(itt);
        if (t == null || t.wire != Task.Wire.SENT) {
            ignored++;
            return;
        }
        if (t.kind == Task.Kind.TMF && t.owner == Task.Owner.INTERNAL) {
            Task ref = t.refTask;
            if (ref != null && ref.failure == null && ref.itt == t.refItt && ref.wire == Task.Wire.SENT) {
                ref.failure = new IscsiException(ref.abortReason, true, FullFeature.describeReason(ref,
                        ref.abortReason) + "; the target rejected ABORT TASK, so the connection was dropped");
            }
            loop.drop("the target rejected ABORT TASK: " + why, null);
            return;
        }
        ff.fail(t, new IscsiException(IscsiException.Reason.REJECTED, false,
                "the target rejected " + t.describe() + ": " + why));
    }
}
