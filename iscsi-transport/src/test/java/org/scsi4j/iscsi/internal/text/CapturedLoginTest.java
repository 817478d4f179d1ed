package org.scsi4j.iscsi.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.scsi4j.iscsi.internal.capture.PcapTcpStreams;
import org.scsi4j.iscsi.internal.capture.PcapTcpStreams.Conversation;
import org.scsi4j.iscsi.internal.capture.PduCursor;
import org.scsi4j.iscsi.internal.pdu.LoginRequestPdu;
import org.scsi4j.iscsi.internal.pdu.LoginResponsePdu;
import org.scsi4j.iscsi.internal.pdu.LoginStage;
import org.scsi4j.iscsi.internal.pdu.Opcode;
import org.scsi4j.iscsi.internal.pdu.PduFramer;
import org.scsi4j.iscsi.internal.pdu.TextRequestPdu;

/**
 * Real logins through framer → key codec → negotiation. The captured target (tgt) runs with
 * the same defaults as {@link TargetSettings#builder()}, so for every key tgt answered in a
 * Normal session our answer must be the same.
 */
class CapturedLoginTest {
    private static final String TARGET = "iqn.2026-11.org.example:capture";
    private final TargetSettings settings = TargetSettings.builder().build();

    /** One login exchange as captured: request text, CSG/T of the request, tgt's answer. */
    private record Exchange(List<KeyValue> request, LoginStage stage, boolean transit, Map<String, String> tgtAnswer,
                            PduCursor cursor) {
    }

    private static Exchange firstLogin(Conversation c) {
        PduCursor in = new PduCursor(c.toTarget(), new PduFramer().maxRecvDataSegmentLength(262144));
        assertThat(in.next()).isEqualTo(PduFramer.Outcome.PDU_READY);
        assertThat(in.opcode()).isEqualTo(Opcode.LOGIN_REQUEST);
        LoginRequestPdu login = new LoginRequestPdu().wrap(in.buffer(), in.headerOffset());
        TextSegmentAccumulator text = new TextSegmentAccumulator();
        assertThat(text.append(in.buffer(), in.dataOffset(), in.dataLength(), login.continues()))
                .isEqualTo(TextOutcome.COMPLETE);

        PduCursor out = new PduCursor(c.fromTarget(), new PduFramer().maxRecvDataSegmentLength(262144));
        assertThat(out.next()).isEqualTo(PduFramer.Outcome.PDU_READY);
        LoginResponsePdu response = new LoginResponsePdu().wrap(out.buffer(), out.headerOffset());
        assertThat(response.status()).isZero();
        TextSegmentAccumulator answer = new TextSegmentAccumulator();
        assertThat(answer.append(out.buffer(), out.dataOffset(), out.dataLength(), response.continues()))
                .isEqualTo(TextOutcome.COMPLETE);
        return new Exchange(text.pairs(), LoginStage.fromCode(login.currentStage()), login.transit(),
                toMap(answer.pairs()), in);
    }

    private static Map<String, String> toMap(List<KeyValue> pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        pairs.forEach(kv -> assertThat(map.put(kv.key(), kv.value())).as("key once: %s", kv.key()).isNull());
        return map;
    }

    private LoginNegotiator negotiator() {
        return new LoginNegotiator((initiator, type, target) ->
                type == SessionType.DISCOVERY || TARGET.equals(target) ? settings : null, true);
    }

    private static Map<String, String> negotiate(LoginNegotiator n, Exchange login) {
        List<KeyValue> response = new ArrayList<>();
        assertThat(n.negotiate(login.request(), login.stage(), response)).isEqualTo(NegotiationOutcome.OK);
        assertThat(n.awaitingAnswers()).isFalse();
        // the response survives our own encoder and parser
        TextSegmentEncoder encoder = new TextSegmentEncoder().add(response);
        TextSegmentAccumulator reparsed = new TextSegmentAccumulator();
        assertThat(reparsed.append(encoder.toByteArray(), false)).isEqualTo(TextOutcome.COMPLETE);
        return toMap(reparsed.pairs());
    }

    @Test
    void libiscsiNormalLoginsGetTheAnswersTgtGave() {
        int normal = 0;
        for (Conversation c : PcapTcpStreams.readResource("libiscsi-tools.pcap", 3286)) {
            Exchange login = firstLogin(c);
            if (login.request().contains(new KeyValue("SessionType", "Discovery"))) {
                continue;
            }
            normal++;
            assertThat(login.stage()).isEqualTo(LoginStage.OPERATIONAL_NEGOTIATION);
            assertThat(login.transit()).isTrue();
            LoginNegotiator n = negotiator();
            Map<String, String> ours = negotiate(n, login);
            assertThat(ours).containsAllEntriesOf(login.tgtAnswer());
            assertThat(ours).containsEntry("HeaderDigest", "None").containsEntry("MaxRecvDataSegmentLength", "262144")
                    .doesNotContainValue("NotUnderstood").doesNotContainValue("Reject");
            NegotiatedParameters p = n.conclude();
            assertThat(p.initiatorName()).startsWith("iqn.2007-10.com.github:sahlberg:libiscsi:");
            assertThat(p.targetName()).isEqualTo(TARGET);
            assertThat(p.initiatorMaxRecvDataSegmentLength()).isEqualTo(262144);
            assertThat(p.initialR2T()).isTrue();
            assertThat(p.immediateData()).isTrue();
            assertThat(p.firstBurstLength()).isEqualTo(65536);
        }
        assertThat(normal).isEqualTo(12);
    }

    @Test
    void libiscsiDiscoverySessionAndSendTargets() {
        Conversation discovery = PcapTcpStreams.readResource("libiscsi-tools.pcap", 3286).stream()
                .filter(c -> firstLogin(c).request().contains(new KeyValue("SessionType", "Discovery")))
                .findFirst().orElseThrow();
        Exchange login = firstLogin(discovery);
        LoginNegotiator n = negotiator();
        Map<String, String> ours = negotiate(n, login);
        assertThat(ours).containsEntry("HeaderDigest", "None").containsEntry("DataDigest", "None")
                .containsEntry("InitialR2T", "Irrelevant").containsEntry("MaxBurstLength", "Irrelevant")
                .containsEntry("IFMarker", "No").containsEntry("OFMarker", "No")
                .doesNotContainKey("TargetPortalGroupTag");
        NegotiatedParameters p = n.conclude();
        assertThat(p.sessionType()).isEqualTo(SessionType.DISCOVERY);

        PduCursor cursor = login.cursor();
        assertThat(cursor.next()).isEqualTo(PduFramer.Outcome.PDU_READY);
        assertThat(cursor.opcode()).isEqualTo(Opcode.TEXT_REQUEST);
        TextRequestPdu request = new TextRequestPdu().wrap(cursor.buffer(), cursor.headerOffset());
        TextSegmentAccumulator text = new TextSegmentAccumulator();
        assertThat(text.append(cursor.buffer(), cursor.dataOffset(), cursor.dataLength(), request.continues()))
                .isEqualTo(TextOutcome.COMPLETE);
        List<KeyValue> response = new ArrayList<>();
        assertThat(n.negotiate(text.pairs(), LoginStage.FULL_FEATURE_PHASE, response)).isEqualTo(NegotiationOutcome.OK);
        assertThat(response).isEmpty();
        assertThat(n.sendTargets()).isEqualTo("All");
    }

    @Test
    void linuxKernelLoginNegotiatesHeaderDigestAndTheRestFramesWithIt() {
        Conversation kernel = PcapTcpStreams.readResource("linux-kernel-initiator-head.pcap", 3286).get(0);
        Exchange login = firstLogin(kernel);
        assertThat(login.request()).contains(new KeyValue("InitiatorAlias", "(none)"),
                new KeyValue("MaxBurstLength", "16776192"), new KeyValue("HeaderDigest", "CRC32C"));
        LoginNegotiator n = negotiator();
        Map<String, String> ours = negotiate(n, login);
        assertThat(ours).containsAllEntriesOf(login.tgtAnswer());
        assertThat(ours).containsEntry("HeaderDigest", "CRC32C").containsEntry("MaxBurstLength", "262144")
                .containsEntry("FirstBurstLength", "65536").containsEntry("TargetPortalGroupTag", "1");
        NegotiatedParameters p = n.conclude();
        assertThat(p.headerDigest()).isTrue();
        assertThat(p.dataDigest()).isFalse();
        assertThat(p.initiatorAlias()).isEqualTo("(none)");

        // the parameters configure the framer for the rest of the connection
        PduFramer framer = new PduFramer().headerDigest(p.headerDigest()).dataDigest(p.dataDigest())
                .maxRecvDataSegmentLength(p.targetMaxRecvDataSegmentLength());
        PduCursor rest = new PduCursor(kernel.toTarget(), framer);
        rest.buffer().position(login.cursor().buffer().position());
        assertThat(rest.frameAll()).hasSizeGreaterThan(60);
        assertThat(framer.state()).isNotEqualTo(PduFramer.State.BAD);
    }
}
