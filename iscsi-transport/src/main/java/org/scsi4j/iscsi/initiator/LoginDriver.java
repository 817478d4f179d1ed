package org.scsi4j.iscsi.initiator;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import org.scsi4j.iscsi.ChapCredentials;
import org.scsi4j.iscsi.internal.pdu.BasicHeaderSegment;
import org.scsi4j.iscsi.internal.pdu.LoginRequestPdu;
import org.scsi4j.iscsi.internal.pdu.LoginResponsePdu;
import org.scsi4j.iscsi.internal.pdu.LoginStage;
import org.scsi4j.iscsi.internal.pdu.Opcode;
import org.scsi4j.iscsi.internal.pdu.PduCodes.LoginStatus;
import org.scsi4j.iscsi.internal.pdu.PduFramer;
import org.scsi4j.iscsi.internal.text.KeyValue;
import org.scsi4j.iscsi.internal.text.TextOutcome;
import org.scsi4j.iscsi.internal.text.TextSegmentAccumulator;
import org.scsi4j.iscsi.internal.text.TextSegmentEncoder;

/**
 * The Login Request/Response exchange of one connection (RFC 7143 §6.3, §11.12, §11.13), on
 * the I/O loop: encodes the requests {@link LoginNegotiation} asks for, gathers response text
 * split with the C bit (§6.1, asking for the rest with empty requests), and reports the outcome:
 * more to do, full feature phase reached, or a redirection (§11.13.5, Status-Class 1).
 *
 * <p>Every login is a leading login with TSIH 0: a reconnection with the session's ISID makes
 * the target reinstate the session (§6.3.5). Login PDUs go without digests.
 */
final class LoginDriver {
    /** What a Login Response led to. */
    enum Step { CONTINUE, FULL_FEATURE, REDIRECT }

    private static final int LOGIN_TEXT_LIMIT = PduFramer.DEFAULT_MAX_RECV_DATA_SEGMENT_LENGTH;

    private final IscsiInitiator config;
    private final String targetName;
    private final ChapCredentials chap;
    private final ChapCredentials mutual;
    private final long isid;
    private final String who;
    private final SecureRandom random = new SecureRandom();
    private final TextSegmentAccumulator text = new TextSegmentAccumulator();
    private final TextSegmentEncoder encoder = new TextSegmentEncoder();
    private final LoginRequestPdu request = new LoginRequestPdu();
    private final LoginResponsePdu response = new LoginResponsePdu();
    private final BasicHeaderSegment bhs = new BasicHeaderSegment();

    private PduChannel ch;
    private LoginNegotiation negotiation;
    private LoginNegotiation.Request last;
    private int itt = 0x4C00_0000;
    private int cmdSn;
    private int expStatSn;
    private int expCmdSn;
    private int maxCmdSn;
    private SessionParameters parameters;
    private TargetPortal redirect;
    private boolean permanentRedirect;

    LoginDriver(IscsiInitiator config, String targetName, ChapCredentials chap, ChapCredentials mutual, long isid,
                String who) {
        this.config = config;
        this.targetName = targetName;
        this.chap = chap;
        this.mutual = mutual;
        this.isid = isid;
        this.who = who;
    }

    /** Sends the first Login Request on a new connection; {@code cmdSn} is the session's next CmdSN. */
    void start(PduChannel channel, int nextCmdSn) throws LoginException {
        ch = channel;
        cmdSn = nextCmdSn;
        negotiation = new LoginNegotiation(config, targetName, chap, mutual, random);
        text.reset();
        itt++;
        expStatSn = 0;
        parameters = null;
        redirect = null;
        send(negotiation.start());
    }

    /** @return an ITT for the Logout Request, distinct from every login's */
    int nextItt() {
        return ++itt;
    }

    private void send(LoginNegotiation.Request r) throws LoginException {
        last = r;
        encoder.reset().add(r.keys());
        int length = encoder.length();
        int at = length > LOGIN_TEXT_LIMIT ? -1 : ch.begin(0, length, true);
        if (at < 0) {
            throw new LoginException(-1, "login text for " + who + " does not fit one PDU");
        }
        request.wrap(ch.tx(), at).init().transit(r.transit()).currentStage(r.csg().code())
                .nextStage(r.transit() ? r.nsg().code() : 0).versionMax(0).versionMin(0).isid(isid).tsih(0)
                .initiatorTaskTag(itt).cid(0).cmdSn(cmdSn).expStatSn(expStatSn);
        encoder.writeChunk(ch.tx(), ch.dataOffset(at, 0), length);
        ch.commit(at, 0, length);
    }

    /**
     * Handles one PDU received during login.
     *
     * @throws LoginException when the target refused the login or broke the exchange; a
     *         Status-Class 3 refusal ({@link LoginException#CLASS_TARGET_ERROR}) may pass
     */
    Step onPdu(ByteBuffer rx, int hdr, int data, int length) throws LoginException {
        if (bhs.wrap(rx, hdr).opcode() != Opcode.LOGIN_RESPONSE) {
            throw new LoginException(-1, "expected a Login Response from " + who + ", got " + Opcode.name(bhs.opcode()));
        }
        response.wrap(rx, hdr);
        if (response.initiatorTaskTag() != itt) {
            throw new LoginException(-1, "Login Response from " + who + " with a foreign ITT");
        }
        int status = response.status();
        TextOutcome outcome = text.append(rx, data, length, status == 0 && response.continues());
        if (status != 0) {
            List<KeyValue> keys = outcome == TextOutcome.COMPLETE ? text.pairs() : List.of();
            if (LoginStatus.statusClass(status) == LoginStatus.CLASS_REDIRECTION) {
                return redirect(status, find(keys, "TargetAddress"));
            }
            throw LoginException.refused(status, who, null);
        }
        expStatSn = response.statSn() + 1;
        if (outcome == TextOutcome.NEED_MORE) { // C=1: ask for the rest with an empty request (§6.1)
            send(new LoginNegotiation.Request(last.csg(), last.nsg(), false, List.of()));
            return Step.CONTINUE;
        }
        if (outcome != TextOutcome.COMPLETE) {
            throw new LoginException(-1, "malformed login text from " + who + ": " + outcome);
        }
        LoginNegotiation.Request next = negotiation.onResponse(response.transit(),
                LoginStage.fromCode(response.nextStage()), text.pairs());
        if (next != null) {
            send(next);
            return Step.CONTINUE;
        }
        parameters = negotiation.conclude(isid, response.tsih());
        expCmdSn = response.expCmdSn();
        maxCmdSn = response.maxCmdSn();
        negotiation = null;
        return Step.FULL_FEATURE;
    }

    private Step redirect(int status, String address) throws LoginException {
        try {
            redirect = address == null ? null : TargetPortal.parse(address);
        } catch (IllegalArgumentException e) {
            redirect = null;
        }
        if (redirect == null) {
            throw LoginException.refused(status, who, "no usable TargetAddress");
        }
        permanentRedirect = status == LoginStatus.TARGET_MOVED_PERMANENTLY;
        return Step.REDIRECT;
    }

    private static String find(List<KeyValue> keys, String key) {
        for (KeyValue kv : keys) {
            if (kv.key().equals(key)) {
                return kv.value();
            }
        }
        return null;
    }

    /** After {@link Step#FULL_FEATURE}: what was negotiated. */
    SessionParameters parameters() {
        return parameters;
    }

    /** After {@link Step#FULL_FEATURE}: the final response's ExpCmdSN (the first command's CmdSN). */
    int expCmdSn() {
        return expCmdSn;
    }

    int maxCmdSn() {
        return maxCmdSn;
    }

    int expStatSn() {
        return expStatSn;
    }

    /** After {@link Step#REDIRECT}: where the target sends us. */
    TargetPortal redirectTo() {
        return redirect;
    }

    boolean permanentRedirect() {
        return permanentRedirect;
    }
}
