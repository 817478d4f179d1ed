package org.scsi4j.iscsi.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.scsi4j.iscsi.internal.pdu.PduCodes.LoginStatus;
import org.scsi4j.iscsi.internal.text.KeyValue;
import org.scsi4j.iscsi.internal.text.TextValues;

/** The SecurityNegotiation stage state machine, RFC 7143 §12.1.3. */
class SecurityNegotiationTest {
    private static final ChapCredentials ALICE = ChapCredentials.of("alice", "alice-secret-16b");
    private static final ChapCredentials TARGET = ChapCredentials.of("iqn.target", "target-secret-42");

    private Map<String, String> response;

    private static List<KeyValue> keys(String... pairs) {
        List<KeyValue> list = new ArrayList<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            list.add(new KeyValue(pair.substring(0, eq), pair.substring(eq + 1)));
        }
        return list;
    }

    private SecurityOutcome step(SecurityNegotiation s, boolean transit, String... pairs) {
        List<KeyValue> out = new ArrayList<>();
        SecurityOutcome outcome = s.process(keys(pairs), transit, out);
        response = new LinkedHashMap<>();
        out.forEach(kv -> response.put(kv.key(), kv.value()));
        return outcome;
    }

    private static SecurityNegotiation chap(ChapCredentials target) {
        return new SecurityNegotiation(AuthSettings.chap(name -> name.equals("alice") ? ALICE : null, target),
                new SecureRandom());
    }

    /** Runs AuthMethod and CHAP_A; returns {identifier, challenge} the target sent. */
    private Object[] startChap(SecurityNegotiation s) {
        assertThat(step(s, false, "AuthMethod=CHAP,None")).isEqualTo(SecurityOutcome.CONTINUE);
        assertThat(response).containsExactly(Map.entry("AuthMethod", "CHAP"));
        assertThat(step(s, false, "CHAP_A=7,5")).isEqualTo(SecurityOutcome.CONTINUE);
        assertThat(response).containsEntry("CHAP_A", "5").containsKeys("CHAP_I", "CHAP_C");
        int id = (int) TextValues.parseNumber(response.get("CHAP_I"));
        byte[] challenge = TextValues.decodeBinary(response.get("CHAP_C"));
        assertThat(id).isBetween(0, 255);
        assertThat(challenge).hasSize(Chap.CHALLENGE_LENGTH);
        return new Object[] {id, challenge};
    }

    private static String answer(Object[] idAndChallenge, ChapCredentials who) {
        return TextValues.encodeHex(Chap.response((int) idAndChallenge[0], who.secret(), (byte[]) idAndChallenge[1]));
    }

    @Test
    void authMethodNone() {
        SecurityNegotiation s = new SecurityNegotiation(AuthSettings.none(), new SecureRandom());
        assertThat(step(s, true, "InitiatorName=iqn.i", "AuthMethod=KRB5,None")).isEqualTo(SecurityOutcome.AUTHENTICATED);
        assertThat(response).containsExactly(Map.entry("AuthMethod", "None"));
        assertThat(s.complete()).isTrue();
        assertThat(s.authenticatedName()).isNull();
        assertThat(step(s, true)).isEqualTo(SecurityOutcome.AUTHENTICATED);
    }

    @Test
    void oneWayChap() {
        SecurityNegotiation s = chap(null);
        Object[] sent = startChap(s);
        assertThat(step(s, true, "CHAP_N=alice", "CHAP_R=" + answer(sent, ALICE))).isEqualTo(SecurityOutcome.AUTHENTICATED);
        assertThat(response).isEmpty();
        assertThat(s.complete()).isTrue();
        assertThat(s.authenticatedName()).isEqualTo("alice");
    }

    @Test
    void responseMayComeInBase64() {
        SecurityNegotiation s = chap(null);
        Object[] sent = startChap(s);
        byte[] r = Chap.response((int) sent[0], ALICE.secret(), (byte[]) sent[1]);
        assertThat(step(s, true, "CHAP_N=alice", "CHAP_R=0b" + Base64.getEncoder().encodeToString(r)))
                .isEqualTo(SecurityOutcome.AUTHENTICATED);
    }

    @Test
    void wrongResponseOrUnknownUserFail() {
        SecurityNegotiation wrong = chap(null);
        Object[] sent = startChap(wrong);
        ChapCredentials impostor = ChapCredentials.of("alice", "not-alices-secret");
        assertThat(step(wrong, true, "CHAP_N=alice", "CHAP_R=" + answer(sent, impostor)))
                .isEqualTo(SecurityOutcome.AUTHENTICATION_FAILED);
        assertThat(SecurityOutcome.AUTHENTICATION_FAILED.loginStatus()).isEqualTo(LoginStatus.AUTHENTICATION_FAILURE);
        assertThat(step(wrong, true, "CHAP_N=alice", "CHAP_R=" + answer(sent, ALICE)))
                .as("a failed negotiation stays failed").isEqualTo(SecurityOutcome.AUTHENTICATION_FAILED);

        SecurityNegotiation unknown = chap(null);
        sent = startChap(unknown);
        assertThat(step(unknown, true, "CHAP_N=bob", "CHAP_R=" + answer(sent, ALICE)))
                .isEqualTo(SecurityOutcome.AUTHENTICATION_FAILED);

        SecurityNegotiation garbage = chap(null);
        startChap(garbage);
        assertThat(step(garbage, true, "CHAP_N=alice", "CHAP_R=0xnothex")).isEqualTo(SecurityOutcome.AUTHENTICATION_FAILED);
    }

    @Test
    void mutualChap() {
        SecurityNegotiation s = chap(TARGET);
        Object[] sent = startChap(s);
        String theirChallenge = "0x" + "5a".repeat(16);
        assertThat(step(s, true, "CHAP_N=alice", "CHAP_R=" + answer(sent, ALICE), "CHAP_I=200", "CHAP_C=" + theirChallenge))
                .isEqualTo(SecurityOutcome.AUTHENTICATED);
        assertThat(response).containsEntry("CHAP_N", "iqn.target");
        byte[] expected = Chap.response(200, "target-secret-42".getBytes(StandardCharsets.US_ASCII),
                TextValues.decodeBinary(theirChallenge));
        assertThat(TextValues.decodeBinary(response.get("CHAP_R"))).containsExactly(expected);
    }

    @Test
    void reflectedChallengeIsRefused() {
        SecurityNegotiation s = chap(TARGET);
        Object[] sent = startChap(s);
        assertThat(step(s, true, "CHAP_N=alice", "CHAP_R=" + answer(sent, ALICE), "CHAP_I=" + sent[0],
                "CHAP_C=" + TextValues.encodeHex((byte[]) sent[1]))).isEqualTo(SecurityOutcome.AUTHENTICATION_FAILED);
        assertThat(response).doesNotContainKey("CHAP_R");
    }

    @Test
    void mutualRequestsTheTargetCannotServeFail() {
        SecurityNegotiation noTargetSecret = chap(null);
        Object[] sent = startChap(noTargetSecret);
        assertThat(step(noTargetSecret, true, "CHAP_N=alice", "CHAP_R=" + answer(sent, ALICE), "CHAP_I=1", "CHAP_C=0x0102"))
                .isEqualTo(SecurityOutcome.AUTHENTICATION_FAILED);

        SecurityNegotiation halfMutual = chap(TARGET);
        sent = startChap(halfMutual);
        assertThat(step(halfMutual, true, "CHAP_N=alice", "CHAP_R=" + answer(sent, ALICE), "CHAP_I=1"))
                .isEqualTo(SecurityOutcome.MISSING_PARAMETER);

        SecurityNegotiation sameSecret = chap(ChapCredentials.of("iqn.target", "alice-secret-16b"));
        sent = startChap(sameSecret);
        assertThat(step(sameSecret, true, "CHAP_N=alice", "CHAP_R=" + answer(sent, ALICE), "CHAP_I=1", "CHAP_C=0x0102"))
                .as("§9.2.1: a secret must not serve both directions").isEqualTo(SecurityOutcome.TARGET_ERROR);

        SecurityNegotiation tooLong = chap(TARGET);
        sent = startChap(tooLong);
        assertThat(step(tooLong, true, "CHAP_N=alice", "CHAP_R=" + answer(sent, ALICE), "CHAP_I=1",
                "CHAP_C=0x" + "00".repeat(1025))).isEqualTo(SecurityOutcome.AUTHENTICATION_FAILED);
    }

    @Test
    void onlyMd5IsAccepted() {
        SecurityNegotiation s = chap(null);
        step(s, false, "AuthMethod=CHAP");
        assertThat(step(s, false, "CHAP_A=6,7")).isEqualTo(SecurityOutcome.AUTHENTICATION_FAILED);
        assertThat(response).containsExactly(Map.entry("CHAP_A", "Reject"));
    }

    @Test
    void requiredChapCannotBeSkipped() {
        SecurityNegotiation refused = chap(null);
        assertThat(step(refused, true, "AuthMethod=None")).isEqualTo(SecurityOutcome.AUTHENTICATION_FAILED);
        assertThat(response).containsExactly(Map.entry("AuthMethod", "Reject"));

        SecurityNegotiation silent = chap(null);
        assertThat(step(silent, false, "InitiatorName=iqn.i")).isEqualTo(SecurityOutcome.CONTINUE);
        assertThat(step(silent, true)).isEqualTo(SecurityOutcome.AUTHENTICATION_FAILED);

        SecurityNegotiation optional = new SecurityNegotiation(
                new AuthSettings(List.of("CHAP", "None"), name -> ALICE, null), new SecureRandom());
        assertThat(step(optional, true)).as("no AuthMethod at all, None allowed").isEqualTo(SecurityOutcome.AUTHENTICATED);
    }

    @Test
    void keysOutOfSequence() {
        SecurityNegotiation early = chap(null);
        assertThat(step(early, false, "CHAP_A=5")).isEqualTo(SecurityOutcome.INITIATOR_ERROR);

        SecurityNegotiation afterNone = new SecurityNegotiation(AuthSettings.none(), new SecureRandom());
        assertThat(step(afterNone, false, "AuthMethod=None", "CHAP_A=5")).isEqualTo(SecurityOutcome.INITIATOR_ERROR);

        SecurityNegotiation missing = chap(null);
        startChap(missing);
        assertThat(step(missing, true, "CHAP_N=alice")).isEqualTo(SecurityOutcome.MISSING_PARAMETER);

        SecurityNegotiation combined = chap(null);
        assertThat(step(combined, false, "AuthMethod=CHAP", "CHAP_A=5")).as("CHAP_A along with AuthMethod")
                .isEqualTo(SecurityOutcome.CONTINUE);
        assertThat(response).containsKeys("AuthMethod", "CHAP_A", "CHAP_I", "CHAP_C");
    }
}
