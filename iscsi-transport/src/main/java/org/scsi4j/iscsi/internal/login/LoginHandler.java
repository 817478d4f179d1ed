package org.scsi4j.iscsi.internal.login;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.scsi4j.iscsi.internal.auth.AuthSettings;
import org.scsi4j.iscsi.internal.auth.SecurityNegotiation;
import org.scsi4j.iscsi.internal.auth.SecurityOutcome;
import org.scsi4j.iscsi.internal.conn.Connection;
import org.scsi4j.iscsi.internal.conn.OutItem;
import org.scsi4j.iscsi.internal.conn.OutputQueue;
import org.scsi4j.iscsi.internal.conn.PduHandler;
import org.scsi4j.iscsi.internal.conn.Sequencer;
import org.scsi4j.iscsi.internal.pdu.BasicHeaderSegment;
import org.scsi4j.iscsi.internal.pdu.LoginRequestPdu;
import org.scsi4j.iscsi.internal.pdu.LoginResponsePdu;
import org.scsi4j.iscsi.internal.pdu.LoginStage;
import org.scsi4j.iscsi.internal.pdu.Opcode;
import org.scsi4j.iscsi.internal.pdu.PduCodes.LoginStatus;
import org.scsi4j.iscsi.internal.pdu.PduFramer;
import org.scsi4j.iscsi.internal.server.ServerContext;
import org.scsi4j.iscsi.internal.server.SessionRegistry;
import org.scsi4j.iscsi.internal.server.TargetEntry;
import org.scsi4j.iscsi.internal.session.Session;
import org.scsi4j.iscsi.internal.text.KeyValue;
import org.scsi4j.iscsi.internal.text.LoginNegotiator;
import org.scsi4j.iscsi.internal.text.NegotiatedParameters;
import org.scsi4j.iscsi.internal.text.NegotiationOutcome;
import org.scsi4j.iscsi.internal.text.SessionType;
import org.scsi4j.iscsi.internal.text.TextOutcome;
import org.scsi4j.iscsi.internal.text.TextSegmentAccumulator;
import org.scsi4j.iscsi.internal.text.TextSegmentEncoder;

/**
 * The login phase of one connection (RFC 7143 §6.3): SecurityNegotiation (AuthMethod None or
 * CHAP) → LoginOperationalNegotiation → FullFeaturePhase, with the stage rules of §6.3
 * (T and C bits, CSG/NSG, a stage may be skipped, never revisited), the identity checks of
 * §11.12 (version, ISID/TSIH/CID constant across the login), login failures with their
 * Status-Class/Detail (§11.13.5), a login timeout, and the leading-login duties: TSIH
 * allocation, session limit and session reinstatement (§6.3.5: an existing session of the same
 * initiator name, ISID and target is closed — its tasks aborted by I_T nexus loss — before the
 * new login is answered).
 *
 * <p>Any PDU other than a Login Request before the login completes drops the connection.
 * Loop thread only.
 */
public final class LoginHandler implements PduHandler, Sequencer {
    private enum State { LOGGING_IN, AWAITING_REINSTATEMENT, DONE, FAILED }

    /** Data segments of login PDUs are limited to the default 8192 bytes both ways (§13.12). */
    private static final int LOGIN_SEGMENT = PduFramer.DEFAULT_MAX_RECV_DATA_SEGMENT_LENGTH;

    private final Connection conn;
    private final ServerContext ctx;
    private final OutputQueue out;
    private final BasicHeaderSegment bhs = new BasicHeaderSegment();
    private final LoginRequestPdu req = new LoginRequestPdu();
    private final LoginResponsePdu resp = new LoginResponsePdu();
    private final TextSegmentAccumulator accumulator = new TextSegmentAccumulator();
    private final TextSegmentEncoder encoder = new TextSegmentEncoder();
    private State state = State.LOGGING_IN;
    private boolean first = true;
    private long isid;
    private int tsih;
    private int cid;
    private int itt;
    private int cmdSn;
    private LoginStage stage = LoginStage.SECURITY_NEGOTIATION;
    private LoginNegotiator negotiator;
    private SecurityNegotiation security;
    private AuthSettings auth;
    private TargetEntry target;
    private boolean identified;
    /** Our response text is longer than one PDU: the rest goes out on the initiator's empty requests. */
    private boolean sending;
    private boolean pendingTransit;
    private LoginStage pendingNext;
    private Session session;
    private String failure;

    public LoginHandler(Connection conn) {
        this.conn = conn;
        this.ctx = conn.context();
        this.out = conn.output();
        out.sequencer(this);
    }

    // ---------------------------------------------------------------- Sequencer (login phase)

    @Override
    public int expCmdSn() {
        return cmdSn;
    }

    @Override
    public int maxCmdSn() {
        return cmdSn;
    }

    // ---------------------------------------------------------------- PduHandler

    @Override
    public void onPdu(ByteBuffer buf, int hdr, int dataOffset, int dataLength) {
        if (state != State.LOGGING_IN) {
            conn.close("PDU received while the login " + (state == State.FAILED ? "failure is sent" : "completes"));
            return;
        }
        int opcode = bhs.wrap(buf, hdr).opcode();
        if (opcode != Opcode.LOGIN_REQUEST) {
            conn.close(Opcode.name(opcode) + " before the login completed (RFC 7143 §6.3)");
            return;
        }
        req.wrap(buf, hdr);
        if (first) {
            first = false;
            isid = req.isid();
            tsih = req.tsih();
            cid = req.cid();
            cmdSn = req.cmdSn();
            out.statSn(req.expStatSn());
            itt = req.initiatorTaskTag();
            if (req.versionMin() > 0) {
                fail(LoginStatus.UNSUPPORTED_VERSION, "version-min " + req.versionMin());
                return;
            }
            if (tsih != 0) {
                // MaxConnections=1: a connection may not join an existing session
                boolean exists = ctx.registry().byTsih(tsih) != null;
                fail(exists ? LoginStatus.TOO_MANY_CONNECTIONS : LoginStatus.SESSION_DOES_NOT_EXIST,
                        "a second connection for TSIH " + tsih);
                return;
            }
            negotiator = new LoginNegotiator(ctx, true);
        } else if (req.isid() != isid || req.tsih() != tsih || req.cid() != cid) {
            fail(LoginStatus.INITIATOR_ERROR, "ISID, TSIH or CID changed during the login");
            return;
        }
        itt = req.initiatorTaskTag();
        LoginStage current = LoginStage.fromCode(req.currentStage());
        if (current == null || current == LoginStage.FULL_FEATURE_PHASE || current.code() < stage.code()
                || (req.transit() && req.continues())) {
            fail(LoginStatus.INITIATOR_ERROR, "invalid stage CSG=" + req.currentStage() + " (in " + stage
                    + "), T=" + req.transit() + " C=" + req.continues());
            return;
        }
        stage = current;
        if (sending) {
            if (dataLength > 0 || req.continues()) {
                fail(LoginStatus.INITIATOR_ERROR, "text while the target's response is incomplete");
                return;
            }
            sendChunk();
            return;
        }
        TextOutcome text = accumulator.append(buf, dataOffset, dataLength, req.continues());
        if (text == TextOutcome.NEED_MORE) {
            respond(List.of(), false, null);
            return;
        }
        if (text != TextOutcome.COMPLETE) {
            fail(LoginStatus.INITIATOR_ERROR, "malformed login text (" + text + ")");
            return;
        }
        step(accumulator.pairs(), current);
    }

    private void step(List<KeyValue> pairs, LoginStage current) {
        List<KeyValue> answer = new ArrayList<>();
        NegotiationOutcome outcome = negotiator.negotiate(pairs, current, answer);
        if (outcome != NegotiationOutcome.OK) {
            fail(outcome.loginStatus(), "negotiation: " + outcome);
            return;
        }
        if (!identified && !identify()) {
            return;
        }
        if (current == LoginStage.SECURITY_NEGOTIATION) {
            SecurityOutcome so = security.process(pairs, req.transit(), answer);
            if (so.failed()) {
                fail(so.loginStatus(), "security negotiation: " + so);
                return;
            }
        } else if (!security.complete() && !auth.authenticationOptional()) {
            fail(LoginStatus.AUTHENTICATION_FAILURE, "the target requires CHAP but the initiator skipped the security stage");
            return;
        }
        LoginStage next = null;
        if (req.transit()) {
            next = LoginStage.fromCode(req.nextStage());
            if (next == null || next.code() <= current.code()) {
                fail(LoginStatus.INITIATOR_ERROR, "invalid NSG " + req.nextStage());
                return;
            }
            boolean ready = (current != LoginStage.SECURITY_NEGOTIATION || security.complete())
                    && !negotiator.awaitingAnswers();
            if (!ready) {
                next = null;
            }
        }
        respond(answer, next != null, next);
    }

    /** First complete request: who logs in to what, and may they. */
    private boolean identify() {
        identified = true;
        String initiator = negotiator.initiatorName();
        if (negotiator.sessionType() == SessionType.NORMAL) {
            target = ctx.target(negotiator.targetName());
            if (target == null) {
                fail(LoginStatus.NOT_FOUND, "no target " + negotiator.targetName());
                return false;
            }
            if (!target.port().isAccessAllowed(initiator)) {
                fail(LoginStatus.AUTHORIZATION_FAILURE, initiator + " may not reach " + target.iqn());
                return false;
            }
            auth = target.auth();
        } else {
            auth = ctx.discoveryAuth();
        }
        security = new SecurityNegotiation(auth, ctx.random());
        if (ctx.registry().isFull(identity())) {
            fail(LoginStatus.OUT_OF_RESOURCES, "session limit reached");
            return false;
        }
        return true;
    }

    private String identity() {
        return negotiator.initiatorName() + String.format(",i,0x%012x", isid) + ","
                + (target == null ? "discovery" : target.iqn());
    }

    // ---------------------------------------------------------------- responses

    private void respond(List<KeyValue> answer, boolean transit, LoginStage next) {
        encoder.reset().add(answer);
        pendingTransit = transit;
        pendingNext = next;
        sendChunk();
    }

    private void sendChunk() {
        boolean more = encoder.remaining() > LOGIN_SEGMENT;
        sending = more;
        if (!more && pendingTransit && pendingNext == LoginStage.FULL_FEATURE_PHASE) {
            completeLogin();
            return;
        }
        ByteBuffer data = ByteBuffer.allocate(Math.min(LOGIN_SEGMENT, encoder.remaining()));
        data.limit(encoder.writeChunk(data, 0, LOGIN_SEGMENT));
        boolean transit = !more && pendingTransit;
        send(data, transit, more, transit ? pendingNext : null, 0, LoginStatus.SUCCESS);
        if (transit) {
            stage = pendingNext;
        }
    }

    private OutItem send(ByteBuffer data, boolean transit, boolean more, LoginStage next, int newTsih, int status) {
        OutItem item = out.item();
        resp.wrap(item.bhs, 0).init().transit(transit).continues(more).currentStage(stage.code())
                .nextStage(next == null ? 0 : next.code()).versionMax(0).versionActive(0).isid(isid)
                .tsih(newTsih).initiatorTaskTag(itt).status(status);
        if (data != null && data.hasRemaining()) {
            item.data(data);
        }
        item.digests(false).statSn(OutItem.STATSN_ADVANCE).send();
        conn.markDirty();
        return item;
    }

    private void fail(int status, String why) {
        state = State.FAILED;
        failure = LoginStatus.describe(status) + " (" + why + ")";
        send(null, false, false, null, 0, status).closeAfter();
        conn.closeWhenFlushed("login failed: " + failure);
        ServerContext.log().info("login from {}{} failed: {}", conn.peer(),
                negotiator == null || negotiator.initiatorName() == null ? "" : " (" + negotiator.initiatorName() + ")",
                failure);
    }

    // ---------------------------------------------------------------- completing a leading login

    private void completeLogin() {
        NegotiatedParameters params = negotiator.conclude();
        int newTsih = ctx.registry().allocateTsih();
        if (newTsih == 0) {
            fail(LoginStatus.OUT_OF_RESOURCES, "no TSIH left");
            return;
        }
        try {
            session = new Session(conn, params, target, negotiator, isid, newTsih, cid, cmdSn, identity());
        } catch (IllegalStateException e) {
            fail(LoginStatus.TARGET_ERROR, "target unavailable: " + e.getMessage());
            return;
        }
        SessionRegistry.Registration reg = ctx.registry().register(session);
        if (!reg.accepted()) {
            Session s = session;
            session = null;
            s.onClose("session limit reached");
            fail(LoginStatus.OUT_OF_RESOURCES, "session limit reached");
            return;
        }
        if (reg.replaced() == null) {
            finish(params);
            return;
        }
        state = State.AWAITING_REINSTATEMENT;
        conn.suspendReads(true);
        ServerContext.log().info("session reinstatement: {} replaces TSIH {}", identity(), reg.replaced().tsih());
        reg.replaced().closeForReinstatement(() -> conn.host().execute(() -> {
            if (!conn.isClosed()) {
                conn.suspendReads(false);
                finish(params);
            }
        }));
    }

    private void finish(NegotiatedParameters params) {
        state = State.DONE;
        ByteBuffer data = ByteBuffer.allocate(encoder.remaining());
        data.limit(encoder.writeChunk(data, 0, LOGIN_SEGMENT));
        send(data, true, false, LoginStage.FULL_FEATURE_PHASE, session.tsih(), LoginStatus.SUCCESS);
        stage = LoginStage.FULL_FEATURE_PHASE;
        conn.loginEnded();
        session.enterFullFeaturePhase();
        ServerContext.log().info("login: {} ISID 0x{} → {} from {} (TSIH {}, HeaderDigest={}, DataDigest={}, "
                        + "MaxRecvDataSegmentLength {}/{}, MaxBurstLength {}, FirstBurstLength {}, "
                        + "InitialR2T={}, ImmediateData={})",
                params.initiatorName(), Long.toHexString(isid),
                target == null ? "discovery" : target.iqn(), conn.peer(), session.tsih(),
                params.headerDigest() ? "CRC32C" : "None", params.dataDigest() ? "CRC32C" : "None",
                params.targetMaxRecvDataSegmentLength(), params.initiatorMaxRecvDataSegmentLength(),
                params.maxBurstLength(), params.firstBurstLength(), params.initialR2T(), params.immediateData());
    }

    @Override
    public void onDataDigestError(ByteBuffer buffer, int headerOffset) {
        conn.close("data digest error during login");
    }

    @Override
    public void onTimer(long now) {
        if (state != State.DONE && now - conn.openedNanos() > ctx.loginTimeoutNanos()) {
            conn.close("login not completed within " + ctx.loginTimeoutNanos() / 1_000_000 + " ms");
        }
    }

    @Override
    public void onCompletions() {
        // no nexus before the full feature phase
    }

    @Override
    public void onClose(String reason) {
        if (session != null && state != State.DONE) {
            session.onClose(reason);
        }
        if (state == State.LOGGING_IN) {
            ctx.errors().info("closed-in-login", "connection from " + conn.peer() + " closed before its login completed: "
                    + reason);
        }
    }
}
