package org.scsi4j.iscsi.internal.session;

import java.nio.ByteBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.scsi4j.core.spi.transport.TmfFunction;
import org.scsi4j.core.spi.transport.TmfResponse;
import org.scsi4j.iscsi.internal.conn.OutItem;
import org.scsi4j.iscsi.internal.pdu.AsyncMessagePdu;
import org.scsi4j.iscsi.internal.pdu.HeaderFlyweight;
import org.scsi4j.iscsi.internal.pdu.LogoutRequestPdu;
import org.scsi4j.iscsi.internal.pdu.LogoutResponsePdu;
import org.scsi4j.iscsi.internal.pdu.NopInPdu;
import org.scsi4j.iscsi.internal.pdu.NopOutPdu;
import org.scsi4j.iscsi.internal.pdu.PduCodes;
import org.scsi4j.iscsi.internal.pdu.RejectPdu;
import org.scsi4j.iscsi.internal.pdu.ScsiResponsePdu;
import org.scsi4j.iscsi.internal.pdu.TaskManagementRequestPdu;
import org.scsi4j.iscsi.internal.pdu.TaskManagementResponsePdu;
import org.scsi4j.iscsi.internal.server.ServerContext;
import org.scsi4j.iscsi.internal.text.LoginNegotiator;

/**
 * The non-data PDUs of the full feature phase: the CmdSN rule every command obeys
 * (§4.2.2.1), NOP-Out and target NOP-In pings (§11.18–19), Text (delegated to
 * {@link TextExchange}), Logout (§11.14–15), task management (§11.5–6, including the RefCmdSN
 * rule of §11.5.1 for ABORT TASK), Reject (§11.17), the Async Message "logout requested"
 * (§11.9), and SCSI Responses the transport makes itself.
 */
final class ControlIntake {
    private static final int PING_TAG_BASE = 0x8000_0000;

    private final Session s;
    private final TextExchange text;
    private final NopOutPdu nopOut = new NopOutPdu();
    private final LogoutRequestPdu logout = new LogoutRequestPdu();
    private final TaskManagementRequestPdu tmf = new TaskManagementRequestPdu();
    private final NopInPdu nopIn = new NopInPdu();
    private final RejectPdu reject = new RejectPdu();
    private final ScsiResponsePdu response = new ScsiResponsePdu();
    private final TaskManagementResponsePdu tmfResponse = new TaskManagementResponsePdu();
    private final LogoutResponsePdu logoutResponse = new LogoutResponsePdu();
    private final AsyncMessagePdu async = new AsyncMessagePdu();
    private final Int2ObjectHashMap<int[]> pendingTmf = new Int2ObjectHashMap<>();
    private boolean pingOutstanding;
    private int pingTtt;
    private long pingSentAt;
    private int pingCounter;

    ControlIntake(Session s, LoginNegotiator negotiator) {
        this.s = s;
        this.text = new TextExchange(s, this, negotiator);
    }

    // ---------------------------------------------------------------- command numbering

    /**
     * RFC 7143 §4.2.2.1: immediate commands pass; a non-immediate command outside
     * [ExpCmdSN, MaxCmdSN] is silently ignored; one inside but not at ExpCmdSN means a lost
     * command on our only connection, which ErrorRecoveryLevel 0 cannot repair: drop.
     *
     * @return true when the PDU is to be executed
     */
    boolean admit(boolean immediate, int cmdSn) {
        if (immediate) {
            return true;
        }
        CommandWindow w = s.window();
        if (!w.inWindow(cmdSn)) {
            s.ctx().errors().info("cmdsn-outside-window", "ignored a command with CmdSN " + Integer.toUnsignedString(cmdSn)
                    + " outside [" + Integer.toUnsignedString(w.expCmdSn()) + ", "
                    + Integer.toUnsignedString(w.advertisedMaxCmdSn()) + "] from " + s.connection().peer()
                    + " (RFC 7143 §4.2.2.1)");
            return false;
        }
        if (cmdSn != w.expCmdSn()) {
            s.connection().close("CmdSN " + Integer.toUnsignedString(cmdSn) + " skips ExpCmdSN "
                    + Integer.toUnsignedString(w.expCmdSn()) + " on the session's only connection");
            return false;
        }
        w.advance();
        return true;
    }

    // ---------------------------------------------------------------- NOP

    void onNopOut(ByteBuffer buf, int hdr, int dataOffset, int dataLength) {
        nopOut.wrap(buf, hdr);
        int itt = nopOut.initiatorTaskTag();
        int ttt = nopOut.targetTransferTag();
        if (ttt != HeaderFlyweight.RESERVED_TAG) {
            if (pingOutstanding && ttt == pingTtt) {
                pingOutstanding = false;
            }
            return;
        }
        if (itt == HeaderFlyweight.RESERVED_TAG) {
            if (!nopOut.immediate()) {
                reject(buf, hdr, PduCodes.RejectReason.PROTOCOL_ERROR, "NOP-Out with ITT 0xffffffff and I=0");
            }
            return;
        }
        if (!admit(nopOut.immediate(), nopOut.cmdSn())) {
            return;
        }
        OutItem item = s.out().item();
        nopIn.wrap(item.bhs, 0).init().lun(nopOut.lun()).initiatorTaskTag(itt)
                .targetTransferTag(HeaderFlyweight.RESERVED_TAG);
        int echo = Math.min(dataLength, s.initiatorMaxRecvDataSegmentLength());
        if (echo > 0) {
            ByteBuffer data = ByteBuffer.allocate(echo);
            data.put(0, buf, dataOffset, echo);
            item.data(data);
        }
        item.statSn(OutItem.STATSN_ADVANCE).send();
        s.connection().markDirty();
    }

    /** NOP-In pings on an idle connection and the timeout that drops a silent peer. */
    void onTimer(long now) {
        long interval = s.ctx().nopInIntervalNanos();
        if (interval <= 0 || s.loggingOut()) {
            return;
        }
        long lastReceive = s.connection().lastReceiveNanos();
        if (pingOutstanding) {
            if (lastReceive - pingSentAt > 0) {
                pingOutstanding = false;
            } else if (now - pingSentAt > s.ctx().nopInTimeoutNanos()) {
                s.connection().close("no answer to a NOP-In ping within "
                        + s.ctx().nopInTimeoutNanos() / 1_000_000 + " ms");
            }
            return;
        }
        if (now - lastReceive >= interval && now - pingSentAt >= interval) {
            pingCounter = (pingCounter + 1) & 0x7FFF_FFFF;
            pingTtt = PING_TAG_BASE | pingCounter;
            if (pingTtt == HeaderFlyweight.RESERVED_TAG) {
                pingTtt = PING_TAG_BASE;
            }
            pingOutstanding = true;
            pingSentAt = now;
            OutItem item = s.out().item();
            nopIn.wrap(item.bhs, 0).init().initiatorTaskTag(HeaderFlyweight.RESERVED_TAG).targetTransferTag(pingTtt);
            item.statSn(OutItem.STATSN_CURRENT).send();
            s.connection().markDirty();
        }
    }

    /**
     * The window reopened with no response on its way to say so: a NOP-In with ITT and TTT
     * 0xffffffff carries the new MaxCmdSN and asks for no answer (§11.19).
     */
    void sendWindowUpdate() {
        OutItem item = s.out().item();
        nopIn.wrap(item.bhs, 0).init().initiatorTaskTag(HeaderFlyweight.RESERVED_TAG)
                .targetTransferTag(HeaderFlyweight.RESERVED_TAG);
        item.statSn(OutItem.STATSN_CURRENT).send();
        s.connection().markDirty();
    }

    // ---------------------------------------------------------------- Text

    void onText(ByteBuffer buf, int hdr, int dataOffset, int dataLength) {
        text.onText(buf, hdr, dataOffset, dataLength);
    }

    // ---------------------------------------------------------------- Logout

    void onLogout(ByteBuffer buf, int hdr) {
        logout.wrap(buf, hdr);
        if (!admit(logout.immediate(), logout.cmdSn())) {
            return;
        }
        int reason = logout.reasonCode();
        int answer;
        boolean close;
        switch (reason) {
            case PduCodes.LogoutReason.CLOSE_SESSION:
                answer = PduCodes.LogoutResponse.CLOSED_SUCCESSFULLY;
                close = true;
                break;
            case PduCodes.LogoutReason.CLOSE_CONNECTION:
                close = logout.cid() == s.cid();
                answer = close ? PduCodes.LogoutResponse.CLOSED_SUCCESSFULLY : PduCodes.LogoutResponse.CID_NOT_FOUND;
                break;
            case PduCodes.LogoutReason.REMOVE_CONNECTION_FOR_RECOVERY:
                answer = PduCodes.LogoutResponse.CONNECTION_RECOVERY_NOT_SUPPORTED;
                close = false;
                break;
            default:
                reject(buf, hdr, PduCodes.RejectReason.PROTOCOL_ERROR, "Logout reason " + reason);
                return;
        }
        OutItem item = s.out().item();
        logoutResponse.wrap(item.bhs, 0).init().response(answer).initiatorTaskTag(logout.initiatorTaskTag());
        item.statSn(OutItem.STATSN_ADVANCE);
        if (close) {
            s.loggingOut(true);
            item.closeAfter();
            s.connection().closeWhenFlushed("logout (reason " + reason + ")");
        }
        item.send();
        s.connection().markDirty();
    }

    /** Async Message, AsyncEvent 1: the target asks the initiator to log out (shutdown). */
    void sendAsyncLogoutRequest(int seconds) {
        OutItem item = s.out().item();
        async.wrap(item.bhs, 0).init().asyncEvent(PduCodes.AsyncEvent.LOGOUT_REQUEST).parameter3(seconds);
        item.statSn(OutItem.STATSN_ADVANCE).send();
    }

    // ---------------------------------------------------------------- task management

    void onTaskManagement(ByteBuffer buf, int hdr) {
        tmf.wrap(buf, hdr);
        if (s.isDiscovery()) {
            reject(buf, hdr, PduCodes.RejectReason.PROTOCOL_ERROR, "task management in a Discovery session");
            return;
        }
        if (!admit(tmf.immediate(), tmf.cmdSn())) {
            return;
        }
        int itt = tmf.initiatorTaskTag();
        int code = tmf.function();
        TmfFunction function = TmfFunction.fromIscsiCode(code);
        if (function == null) {
            sendTmfResponse(itt, PduCodes.TaskManagementResponse.FUNCTION_REJECTED);
            return;
        }
        if (function == TmfFunction.TASK_REASSIGN) {
            // §11.5.1: at ErrorRecoveryLevel < 2 reassignment is not supported
            sendTmfResponse(itt, PduCodes.TaskManagementResponse.TASK_ALLEGIANCE_REASSIGNMENT_NOT_SUPPORTED);
            return;
        }
        pendingTmf.put(itt, new int[] {code, tmf.refCmdSn(), tmf.cmdSn()});
        s.nexus().submitTaskManagement(itt & 0xFFFF_FFFFL, function, tmf.lun(), tmf.referencedTaskTag() & 0xFFFF_FFFFL);
    }

    void taskManagementCompleted(int itt, TmfResponse answer) {
        int[] request = pendingTmf.remove(itt);
        int code = tmfCode(answer);
        if (request != null && request[0] == PduCodes.TaskManagementFunction.ABORT_TASK
                && answer == TmfResponse.TASK_DOES_NOT_EXIST) {
            // §11.5.1 b): the referenced command never arrived but RefCmdSN lies in the window
            // below the TMF's own CmdSN: consider it received, answer "Function complete"
            int refCmdSn = request[1];
            CommandWindow w = s.window();
            if (w.inWindow(refCmdSn) && CommandWindow.serialLess(refCmdSn, request[2])) {
                if (refCmdSn == w.expCmdSn()) {
                    w.advance();
                }
                code = PduCodes.TaskManagementResponse.FUNCTION_COMPLETE;
            }
        }
        sendTmfResponse(itt, code);
    }

    private static int tmfCode(TmfResponse r) {
        switch (r) {
            case FUNCTION_COMPLETE: return PduCodes.TaskManagementResponse.FUNCTION_COMPLETE;
            case TASK_DOES_NOT_EXIST: return PduCodes.TaskManagementResponse.TASK_DOES_NOT_EXIST;
            case LUN_DOES_NOT_EXIST: return PduCodes.TaskManagementResponse.LUN_DOES_NOT_EXIST;
            case TASK_STILL_ALLEGIANT: return PduCodes.TaskManagementResponse.TASK_STILL_ALLEGIANT;
            case REASSIGNMENT_NOT_SUPPORTED:
                return PduCodes.TaskManagementResponse.TASK_ALLEGIANCE_REASSIGNMENT_NOT_SUPPORTED;
            case FUNCTION_NOT_SUPPORTED: return PduCodes.TaskManagementResponse.FUNCTION_NOT_SUPPORTED;
            case AUTHORIZATION_FAILED: return PduCodes.TaskManagementResponse.FUNCTION_AUTHORIZATION_FAILED;
            case FUNCTION_SUCCEEDED: return PduCodes.TaskManagementResponse.FUNCTION_SUCCEEDED;
            case FUNCTION_REJECTED:
            default:
                return PduCodes.TaskManagementResponse.FUNCTION_REJECTED;
        }
    }

    private void sendTmfResponse(int itt, int code) {
        OutItem item = s.out().item();
        tmfResponse.wrap(item.bhs, 0).init().response(code).initiatorTaskTag(itt);
        item.statSn(OutItem.STATSN_ADVANCE).send();
        s.connection().markDirty();
    }

    // ---------------------------------------------------------------- Reject and transport status

    /** Reject (§11.17) carrying the offending BHS; the PDU itself is discarded. */
    void reject(ByteBuffer buf, int hdr, int reason, String why) {
        ServerContext ctx = s.ctx();
        ctx.errors().info("reject-" + reason, "rejected (" + PduCodes.RejectReason.describe(reason) + ") "
                + why + " from " + s.connection().peer());
        OutItem item = s.out().item();
        reject.wrap(item.bhs, 0).init().reason(reason);
        ByteBuffer data = ByteBuffer.allocate(HeaderFlyweight.BHS_LENGTH);
        data.put(0, buf, hdr, HeaderFlyweight.BHS_LENGTH);
        item.data(data).statSn(OutItem.STATSN_ADVANCE).send();
        s.connection().markDirty();
    }

    /** A SCSI Response the transport makes itself (TASK SET FULL, iSCSI CHECK CONDITIONs). */
    void sendStatus(int itt, int status, byte[] sense) {
        OutItem item = s.out().item();
        response.wrap(item.bhs, 0).init().response(PduCodes.ScsiResponse.COMMAND_COMPLETED_AT_TARGET)
                .status(status).initiatorTaskTag(itt);
        if (sense != null) {
            ByteBuffer data = ByteBuffer.allocate(2 + sense.length);
            data.putShort(0, (short) sense.length).put(2, sense);
            item.data(data);
        }
        item.statSn(OutItem.STATSN_ADVANCE).send();
        s.connection().markDirty();
    }
}
