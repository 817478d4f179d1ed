package org.scsi4j.iscsi.internal.session;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.scsi4j.iscsi.internal.conn.OutItem;
import org.scsi4j.iscsi.internal.pdu.HeaderFlyweight;
import org.scsi4j.iscsi.internal.pdu.LoginStage;
import org.scsi4j.iscsi.internal.pdu.PduCodes;
import org.scsi4j.iscsi.internal.pdu.TextRequestPdu;
import org.scsi4j.iscsi.internal.pdu.TextResponsePdu;
import org.scsi4j.iscsi.internal.text.KeyValue;
import org.scsi4j.iscsi.internal.text.LoginNegotiator;
import org.scsi4j.iscsi.internal.text.NegotiationOutcome;
import org.scsi4j.iscsi.internal.text.TextOutcome;
import org.scsi4j.iscsi.internal.text.TextSegmentAccumulator;
import org.scsi4j.iscsi.internal.text.TextSegmentEncoder;

/**
 * Text Request/Response exchanges in full feature phase (RFC 7143 §11.10–11, §6.1): requests
 * spanning PDUs (C bit, answered with empty responses carrying our TTT), SendTargets
 * (§13.3) and other keys through the login's {@link LoginNegotiator}, and long answers cut at
 * the initiator's MaxRecvDataSegmentLength, the rest fetched by the initiator with our TTT.
 * Malformed text (not UTF-8, key too long, over 64 KiB) is answered with Reject.
 */
final class TextExchange {
    private enum State { IDLE, RECEIVING, SENDING }

    private static final int TTT_BASE = 0x4000_0000;

    private final Session s;
    private final ControlIntake control;
    private final LoginNegotiator negotiator;
    private final TextRequestPdu request = new TextRequestPdu();
    private final TextResponsePdu response = new TextResponsePdu();
    private final TextSegmentAccumulator accumulator = new TextSegmentAccumulator();
    private final TextSegmentEncoder encoder = new TextSegmentEncoder();
    private State state = State.IDLE;
    private int itt;
    private int ttt;
    private long lun;
    private int counter;

    TextExchange(Session s, ControlIntake control, LoginNegotiator negotiator) {
        this.s = s;
        this.control = control;
        this.negotiator = negotiator;
    }

    void onText(ByteBuffer buf, int hdr, int dataOffset, int dataLength) {
        request.wrap(buf, hdr);
        if (!control.admit(request.immediate(), request.cmdSn())) {
            return;
        }
        int requestTtt = request.targetTransferTag();
        if (requestTtt != HeaderFlyweight.RESERVED_TAG) {
            if (state == State.IDLE || requestTtt != ttt || request.initiatorTaskTag() != itt) {
                reset();
                control.reject(buf, hdr, PduCodes.RejectReason.INVALID_PDU_FIELD, "Text Request with an unknown TTT");
                return;
            }
            if (state == State.SENDING) {
                sendChunk();
                return;
            }
        } else {
            reset();
            state = State.RECEIVING;
            itt = request.initiatorTaskTag();
            lun = request.lun();
            counter = (counter + 1) & 0x3FFF_FFFF;
            ttt = TTT_BASE | counter;
        }
        TextOutcome outcome = accumulator.append(buf, dataOffset, dataLength, request.continues());
        if (outcome == TextOutcome.NEED_MORE) {
            sendEmpty();
            return;
        }
        if (outcome != TextOutcome.COMPLETE) {
            reset();
            control.reject(buf, hdr, PduCodes.RejectReason.PROTOCOL_ERROR, "malformed text (" + outcome + ")");
            return;
        }
        List<KeyValue> answer = new ArrayList<>();
        NegotiationOutcome result = negotiator.negotiate(accumulator.pairs(), LoginStage.FULL_FEATURE_PHASE, answer);
        if (result != NegotiationOutcome.OK) {
            reset();
            control.reject(buf, hdr, PduCodes.RejectReason.PROTOCOL_ERROR, "text negotiation failed (" + result + ")");
            return;
        }
        String sendTargets = negotiator.sendTargets();
        if (sendTargets != null) {
            answer.addAll(SendTargets.answer(s.ctx(), sendTargets, s.params().initiatorName(), s.target(),
                    s.connection().localAddress()));
        }
        s.initiatorMaxRecvDataSegmentLength(negotiator.conclude().initiatorMaxRecvDataSegmentLength());
        encoder.reset().add(answer);
        state = State.SENDING;
        sendChunk();
    }

    private void reset() {
        state = State.IDLE;
        accumulator.reset();
        encoder.reset();
    }

    /** C=1 from the initiator: an empty response with our TTT asks for the next part (§6.1). */
    private void sendEmpty() {
        OutItem item = s.out().item();
        response.wrap(item.bhs, 0).init(false).lun(lun).initiatorTaskTag(itt).targetTransferTag(ttt);
        item.statSn(OutItem.STATSN_ADVANCE).send();
        s.connection().markDirty();
    }

    private void sendChunk() {
        int max = s.initiatorMaxRecvDataSegmentLength();
        ByteBuffer data = ByteBuffer.allocate(Math.min(max, encoder.remaining()));
        int n = encoder.writeChunk(data, 0, max);
        data.limit(n);
        boolean more = encoder.hasMore();
        OutItem item = s.out().item();
        response.wrap(item.bhs, 0).init(!more).continues(more).lun(lun).initiatorTaskTag(itt)
                .targetTransferTag(more ? ttt : HeaderFlyweight.RESERVED_TAG);
        if (n > 0) {
            item.data(data);
        }
        item.statSn(OutItem.STATSN_ADVANCE).send();
        s.connection().markDirty();
        if (!more) {
            reset();
        }
    }
}
