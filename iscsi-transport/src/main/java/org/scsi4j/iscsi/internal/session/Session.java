package org.scsi4j.iscsi.internal.session;

import java.nio.ByteBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntHashSet;
import org.scsi4j.core.spi.transport.InitiatorPortId;
import org.scsi4j.core.spi.transport.ItNexus;
import org.scsi4j.core.spi.transport.NexusPort;
import org.scsi4j.core.spi.transport.ScsiTask;
import org.scsi4j.core.spi.transport.TmfResponse;
import org.scsi4j.iscsi.internal.conn.Connection;
import org.scsi4j.iscsi.internal.conn.OutputQueue;
import org.scsi4j.iscsi.internal.conn.PduHandler;
import org.scsi4j.iscsi.internal.conn.Sequencer;
import org.scsi4j.iscsi.internal.pdu.BasicHeaderSegment;
import org.scsi4j.iscsi.internal.pdu.Opcode;
import org.scsi4j.iscsi.internal.pdu.PduCodes;
import org.scsi4j.iscsi.internal.server.ServerContext;
import org.scsi4j.iscsi.internal.server.SessionRegistry;
import org.scsi4j.iscsi.internal.server.TargetEntry;
import org.scsi4j.iscsi.internal.text.LoginNegotiator;
import org.scsi4j.iscsi.internal.text.NegotiatedParameters;
import org.scsi4j.iscsi.internal.text.SessionType;

/**
 * A session in full feature phase with its one connection (ErrorRecoveryLevel 0): the
 * connection's {@link PduHandler}, the core's {@link NexusPort} for the I_T nexus it owns, the
 * {@link Sequencer} of its command window, and the registry's entry for it.
 *
 * <p>Dispatch by opcode goes to {@link CommandIntake} (SCSI Command), {@link DataOutIntake}
 * (SCSI Data-Out) and {@link ControlIntake} (everything else). The loop thread that owns the
 * connection is the owner thread of the nexus; nothing here is locked.
 */
public final class Session implements PduHandler, NexusPort, Sequencer, SessionRegistry.Entry {
    private final Connection connection;
    private final OutputQueue out;
    private final ServerContext ctx;
    private final TargetEntry target;
    private final NegotiatedParameters params;
    private final int tsih;
    private final int cid;
    private final long isid;
    private final String identity;
    private final ItNexus nexus;
    private final CommandWindow window;
    private final TaskStatePool states;
    private final BasicHeaderSegment bhs = new BasicHeaderSegment();
    final Int2ObjectHashMap<TaskState> unsolicited = new Int2ObjectHashMap<>();
    /** ITTs whose remaining Data-Out PDUs are dropped quietly (task ended early). */
    final IntHashSet discardItts = new IntHashSet();
    private final CommandIntake commands;
    private final DataOutIntake dataOut;
    private final ControlIntake control;
    private int initiatorMaxRecvDataSegmentLength;
    private boolean closed;
    private boolean loggingOut;

    /**
     * Opens the I_T nexus (Normal sessions) on the calling thread, the connection's loop.
     *
     * @param expCmdSn the CmdSN of the login: the first command's CmdSN
     */
    public Session(Connection connection, NegotiatedParameters params, TargetEntry target,
                   LoginNegotiator negotiator, long isid, int tsih, int cid, int expCmdSn, String identity) {
        this.connection = connection;
        this.out = connection.output();
        this.ctx = connection.context();
        this.target = target;
        this.params = params;
        this.tsih = tsih;
        this.cid = cid;
        this.isid = isid;
        this.identity = identity;
        this.initiatorMaxRecvDataSegmentLength = params.initiatorMaxRecvDataSegmentLength();
        if (params.sessionType() == SessionType.NORMAL) {
            String suffix = String.format(",i,0x%012x", isid);
            this.nexus = target.port().openNexus(new InitiatorPortId(params.initiatorName(), suffix), this);
        } else {
            this.nexus = null;
        }
        this.window = new CommandWindow(nexus, expCmdSn);
        int slots = nexus == null ? 8 : nexus.availableTaskSlots() + 16;
        this.states = new TaskStatePool(this, slots, Math.max(1, params.maxOutstandingR2T()));
        this.commands = new CommandIntake(this);
        this.dataOut = new DataOutIntake(this);
        this.control = new ControlIntake(this, negotiator);
    }

    /** Makes this session the connection's handler and sequencer; digests and limits apply from now. */
    public void enterFullFeaturePhase() {
        connection.handler(this);
        out.sequencer(this);
        connection.framer().headerDigest(params.headerDigest()).dataDigest(params.dataDigest());
        out.digests(params.headerDigest(), params.dataDigest());
        connection.maxRecvDataSegmentLength(params.targetMaxRecvDataSegmentLength());
    }

    // ---------------------------------------------------------------- accessors for the intakes

    Connection connection() {
        return connection;
    }

    OutputQueue out() {
        return out;
    }

    ServerContext ctx() {
        return ctx;
    }

    ItNexus nexus() {
        return nexus;
    }

    CommandWindow window() {
        return window;
    }

    TaskStatePool states() {
        return states;
    }

    NegotiatedParameters params() {
        return params;
    }

    TargetEntry target() {
        return target;
    }

    DataOutIntake dataOut() {
        return dataOut;
    }

    ControlIntake control() {
        return control;
    }

    int initiatorMaxRecvDataSegmentLength() {
        return initiatorMaxRecvDataSegmentLength;
    }

    void initiatorMaxRecvDataSegmentLength(int length) {
        this.initiatorMaxRecvDataSegmentLength = length;
    }

    int maxBurstLength() {
        return params.maxBurstLength();
    }

    boolean isDiscovery() {
        return nexus == null;
    }

    boolean loggingOut() {
        return loggingOut;
    }

    void loggingOut(boolean on) {
        this.loggingOut = on;
    }

    /**
     * Drops the Data-Out PDUs still to come for a task the transport ended early (bounded: the
     * set is cleared if a peer keeps it growing).
     */
    void discardDataOut(int itt) {
        if (discardItts.size() >= 1024) {
            discardItts.clear();
        }
        discardItts.add(itt);
    }

    public int tasksInUse() {
        return states.inUse();
    }

    /** Releases a task to the core (after its status was written or the transport ended it). */
    void release(ScsiTask task) {
        if (!closed) {
            nexus.release(task);
            if (window.closed() && nexus.availableTaskSlots() > 0) {
                control.sendWindowUpdate();
            }
        }
    }

    // ---------------------------------------------------------------- PduHandler

    @Override
    public void onPdu(ByteBuffer buffer, int headerOffset, int dataOffset, int dataLength) {
        if (loggingOut) {
            return;
        }
        int opcode = bhs.wrap(buffer, headerOffset).opcode();
        switch (opcode) {
            case Opcode.SCSI_COMMAND:
                commands.onCommand(buffer, headerOffset, dataOffset, dataLength);
                return;
            case Opcode.DATA_OUT:
                dataOut.onDataOut(buffer, headerOffset, dataOffset, dataLength);
                return;
            case Opcode.NOP_OUT:
                control.onNopOut(buffer, headerOffset, dataOffset, dataLength);
                return;
            case Opcode.TEXT_REQUEST:
                control.onText(buffer, headerOffset, dataOffset, dataLength);
                return;
            case Opcode.LOGOUT_REQUEST:
                control.onLogout(buffer, headerOffset);
                return;
            case Opcode.TASK_MANAGEMENT_REQUEST:
                control.onTaskManagement(buffer, headerOffset);
                return;
            case Opcode.SNACK_REQUEST:
                // ErrorRecoveryLevel 0 has no SNACK (RFC 7143 §11.16)
                control.reject(buffer, headerOffset, PduCodes.RejectReason.PROTOCOL_ERROR, "SNACK at ErrorRecoveryLevel 0");
                return;
            case Opcode.LOGIN_REQUEST:
                control.reject(buffer, headerOffset, PduCodes.RejectReason.PROTOCOL_ERROR, "Login Request in full feature phase");
                return;
            default:
                control.reject(buffer, headerOffset, PduCodes.RejectReason.COMMAND_NOT_SUPPORTED,
                        "opcode 0x" + Integer.toHexString(opcode) + " (" + Opcode.name(opcode) + ")");
        }
    }

    @Override
    public void onDataDigestError(ByteBuffer buffer, int headerOffset) {
        int opcode = bhs.wrap(buffer, headerOffset).opcode();
        // RFC 7143 §7.8: Reject with Data-Digest-Error and discard the PDU; a data PDU's task
        // cannot complete at ErrorRecoveryLevel 0, so it is ended with CHECK CONDITION.
        control.reject(buffer, headerOffset, PduCodes.RejectReason.DATA_DIGEST_ERROR, "data digest error");
        if (opcode == Opcode.DATA_OUT) {
            dataOut.onDigestError(buffer, headerOffset);
        }
    }

    @Override
    public void onTimer(long now) {
        control.onTimer(now);
    }

    @Override
    public void onCompletions() {
        if (nexus != null && !closed) {
            nexus.processCompletions();
        }
    }

    @Override
    public void onClose(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        int outstanding = nexus == null ? 0 : nexus.outstandingTasks();
        if (nexus != null) {
            nexus.close();
        }
        ctx.registry().unregister(this);
        ServerContext.log().info("session {} TSIH {} ({} → {}) from {} closed: {}{}", identity, tsih,
                params.initiatorName(), target == null ? "discovery" : target.iqn(), connection.peer(), reason,
                outstanding == 0 ? "" : " (" + outstanding + " tasks aborted)");
    }

    // ---------------------------------------------------------------- NexusPort (owner thread)

    @Override
    public void requestDataOut(ScsiTask task, ByteBuffer destination) {
        dataOut.start(task, destination, commands.immediateDataFor(task));
    }

    @Override
    public void taskCompleted(ScsiTask task) {
        commands.noteEnded(task);
        TaskState s = (TaskState) task.attachment();
        if (s == null) {
            s = states.acquire();
            s.bind(task);
        } else {
            dataOut.forget(s);
        }
        s.respond(out);
        connection.markDirty();
    }

    @Override
    public void taskAborted(ScsiTask task) {
        commands.noteEnded(task);
        TaskState s = (TaskState) task.attachment();
        if (s != null) {
            dataOut.forget(s);
            if (s.unsolicitedOpen || s.r2tOutstanding > 0) {
                discardDataOut(s.itt);
            }
            states.recycle(s);
        }
        nexus.release(task);
    }

    @Override
    public void taskManagementCompleted(long tmfTag, TmfResponse response) {
        control.taskManagementCompleted((int) tmfTag, response);
        connection.markDirty();
    }

    @Override
    public void wakeup() {
        connection.wakeup();
    }

    // ---------------------------------------------------------------- Sequencer

    @Override
    public int expCmdSn() {
        return window.expCmdSn();
    }

    @Override
    public int maxCmdSn() {
        return closed ? window.advertisedMaxCmdSn() : window.maxCmdSn();
    }

    @Override
    public int maxCmdSnReleasing() {
        return closed ? window.advertisedMaxCmdSn() : window.maxCmdSn(1);
    }

    // ---------------------------------------------------------------- SessionRegistry.Entry

    @Override
    public int tsih() {
        return tsih;
    }

    @Override
    public String identity() {
        return identity;
    }

    int cid() {
        return cid;
    }

    public long isid() {
        return isid;
    }

    @Override
    public void closeForReinstatement(Runnable then) {
        connection.host().execute(() -> {
            connection.close("session reinstated by a new login");
            then.run();
        });
    }

    @Override
    public void requestLogout() {
        connection.host().execute(() -> {
            if (!connection.isClosed()) {
                control.sendAsyncLogoutRequest(ctx.logoutWaitSeconds());
                connection.markDirty();
            }
        });
    }

    @Override
    public String toString() {
        return "Session[TSIH " + tsih + ", " + identity + "]";
    }
}
