package org.scsi4j.iscsi.internal.auth;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

import org.scsi4j.iscsi.internal.text.KeyValue;
import org.scsi4j.iscsi.internal.text.TextKeys;
import org.scsi4j.iscsi.internal.text.TextValues;

/**
 * The target's side of the SecurityNegotiation stage of one login (RFC 7143 §6.3.2, §12.1):
 *
 * <pre>
 * I→T  AuthMethod=CHAP,None            T→I  AuthMethod=CHAP
 * I→T  CHAP_A=&lt;A1,A2,...&gt;             T→I  CHAP_A=5 CHAP_I=&lt;I&gt; CHAP_C=&lt;C&gt;
 * I→T  CHAP_N=&lt;N&gt; CHAP_R=&lt;R&gt;          (one-way: T verifies R = MD5(I ‖ secret(N) ‖ C))
 *      [CHAP_I=&lt;I2&gt; CHAP_C=&lt;C2&gt;]       T→I  [CHAP_N=&lt;N2&gt; CHAP_R=MD5(I2 ‖ target secret ‖ C2)]
 * </pre>
 *
 * <p>Binary values are accepted in hex ("0x") and base64 ("0b") and sent in hex. The initiator's
 * response is verified before a mutual challenge is answered; a mutual challenge equal to the
 * target's own is refused (§12.1.3: a reflected challenge); an unknown CHAP_N and a wrong
 * CHAP_R fail alike.
 *
 * <p>Call {@link #process} with each complete Login Request text while CSG is
 * SecurityNegotiation, after {@code LoginNegotiator.negotiate} has run on the same pairs (it
 * rejects repeated keys and answers the non-security ones). Keys other than AuthMethod and
 * CHAP_* are ignored here. One instance per login connection.
 */
public final class SecurityNegotiation {
    private enum State { START, CHAP_ALGORITHM, CHAP_RESPONSE, DONE, FAILED }

    private final AuthSettings settings;
    private final SecureRandom random;
    private State state = State.START;
    private int identifier;
    private byte[] challenge;
    private String authenticatedName;

    public SecurityNegotiation(AuthSettings settings, SecureRandom random) {
        this.settings = settings;
        this.random = random;
    }

    /**
     * @param request the Login Request's pairs
     * @param transit the request's T bit (the initiator wants to leave the stage)
     * @param response where AuthMethod and CHAP_* answers are appended
     */
    public SecurityOutcome process(List<KeyValue> request, boolean transit, List<KeyValue> response) {
        if (state == State.FAILED) {
            return SecurityOutcome.AUTHENTICATION_FAILED;
        }
        SecurityOutcome outcome = step(request, transit, response);
        if (outcome.failed()) {
            state = State.FAILED;
        }
        return outcome;
    }

    private SecurityOutcome step(List<KeyValue> request, boolean transit, List<KeyValue> response) {
        String authMethod = find(request, TextKeys.AUTH_METHOD);
        switch (state) {
            case START:
                if (authMethod == null) {
                    if (hasSecurityKeys(request)) {
                        return SecurityOutcome.INITIATOR_ERROR;
                    }
                    if (!transit) {
                        return SecurityOutcome.CONTINUE;
                    }
                    state = State.DONE;
                    return settings.authenticationOptional()
                            ? SecurityOutcome.AUTHENTICATED : SecurityOutcome.AUTHENTICATION_FAILED;
                }
                return chooseMethod(authMethod, request, transit, response);
            case CHAP_ALGORITHM:
                return authMethod != null ? SecurityOutcome.INITIATOR_ERROR : chapAlgorithm(request, response);
            case CHAP_RESPONSE:
                return authMethod != null ? SecurityOutcome.INITIATOR_ERROR : chapResponse(request, response);
            default: // DONE
                return hasSecurityKeys(request) ? SecurityOutcome.INITIATOR_ERROR : SecurityOutcome.AUTHENTICATED;
        }
    }

    private SecurityOutcome chooseMethod(String offer, List<KeyValue> request, boolean transit,
                                         List<KeyValue> response) {
        for (String method : TextValues.splitList(offer)) {
            if (settings.authMethods().contains(method)) {
                response.add(new KeyValue(TextKeys.AUTH_METHOD, method));
                if (TextKeys.NONE.equals(method)) {
                    state = State.DONE;
                    return hasChapKeys(request) ? SecurityOutcome.INITIATOR_ERROR : SecurityOutcome.AUTHENTICATED;
                }
                state = State.CHAP_ALGORITHM;
                return find(request, TextKeys.CHAP_A) != null ? chapAlgorithm(request, response) : SecurityOutcome.CONTINUE;
            }
        }
        response.add(new KeyValue(TextKeys.AUTH_METHOD, TextKeys.REJECT));
        return SecurityOutcome.AUTHENTICATION_FAILED;
    }

    private SecurityOutcome chapAlgorithm(List<KeyValue> request, List<KeyValue> response) {
        String algorithms = find(request, TextKeys.CHAP_A);
        if (algorithms == null) {
            return SecurityOutcome.MISSING_PARAMETER;
        }
        for (String algorithm : TextValues.splitList(algorithms)) {
            if (TextValues.parseNumber(algorithm) == Chap.ALGORITHM_MD5) {
                identifier = random.nextInt(256);
                challenge = new byte[Chap.CHALLENGE_LENGTH];
                random.nextBytes(challenge);
                response.add(new KeyValue(TextKeys.CHAP_A, Integer.toString(Chap.ALGORITHM_MD5)));
                response.add(new KeyValue(TextKeys.CHAP_I, Integer.toString(identifier)));
                response.add(new KeyValue(TextKeys.CHAP_C, TextValues.encodeHex(challenge)));
                state = State.CHAP_RESPONSE;
                return SecurityOutcome.CONTINUE;
            }
        }
        response.add(new KeyValue(TextKeys.CHAP_A, TextKeys.REJECT));
        return SecurityOutcome.AUTHENTICATION_FAILED;
    }

    private SecurityOutcome chapResponse(List<KeyValue> request, List<KeyValue> response) {
        String name = find(request, TextKeys.CHAP_N);
        String answer = find(request, TextKeys.CHAP_R);
        String mutualId = find(request, TextKeys.CHAP_I);
        String mutualChallenge = find(request, TextKeys.CHAP_C);
        if (name == null || answer == null || (mutualId == null) != (mutualChallenge == null)) {
            return SecurityOutcome.MISSING_PARAMETER;
        }
        byte[] received = TextValues.decodeBinary(answer);
        ChapCredentials initiator = settings.initiatorSecrets().apply(name);
        if (received == null || initiator == null
                || !Chap.verify(identifier, initiator.secret(), challenge, received)) {
            return SecurityOutcome.AUTHENTICATION_FAILED;
        }
        if (mutualId != null) {
            long id = TextValues.parseNumber(mutualId);
            byte[] theirs = TextValues.decodeBinary(mutualChallenge);
            ChapCredentials target = settings.targetCredentials();
            if (id < 0 || id > 255 || theirs == null || theirs.length > Chap.MAX_CHALLENGE_LENGTH
                    || Arrays.equals(theirs, challenge) || target == null) {
                return SecurityOutcome.AUTHENTICATION_FAILED;
            }
            if (target.sameSecretAs(initiator)) {
                return SecurityOutcome.TARGET_ERROR;
            }
            response.add(new KeyValue(TextKeys.CHAP_N, target.name()));
            response.add(new KeyValue(TextKeys.CHAP_R,
                    TextValues.encodeHex(Chap.response((int) id, target.secret(), theirs))));
        }
        authenticatedName = name;
        state = State.DONE;
        return SecurityOutcome.AUTHENTICATED;
    }

    /** @return true once the stage may be left (authenticated, or no authentication chosen) */
    public boolean complete() {
        return state == State.DONE;
    }

    /** @return the CHAP_N that authenticated, or null (AuthMethod=None, or not yet) */
    public String authenticatedName() {
        return authenticatedName;
    }

    private static boolean hasSecurityKeys(List<KeyValue> request) {
        for (KeyValue pair : request) {
            if (TextKeys.isSecurityKey(pair.key())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasChapKeys(List<KeyValue> request) {
        for (KeyValue pair : request) {
            if (pair.key().startsWith("CHAP_")) {
                return true;
            }
        }
        return false;
    }

    private static String find(List<KeyValue> pairs, String key) {
        for (KeyValue pair : pairs) {
            if (pair.key().equals(key)) {
                return pair.value();
            }
        }
        return null;
    }
}
