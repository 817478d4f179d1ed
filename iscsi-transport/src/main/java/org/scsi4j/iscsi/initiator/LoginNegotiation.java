package org.scsi4j.iscsi.initiator;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scsi4j.iscsi.ChapCredentials;
import org.scsi4j.iscsi.internal.auth.Chap;
import org.scsi4j.iscsi.internal.pdu.LoginStage;
import org.scsi4j.iscsi.internal.text.KeyTable;
import org.scsi4j.iscsi.internal.text.KeyValue;
import org.scsi4j.iscsi.internal.text.TextKeys;
import org.scsi4j.iscsi.internal.text.TextValues;

/**
 * The initiator's side of one login (RFC 7143 §6.3, §12, §13), as a state machine that knows no
 * sockets: {@link #start()} gives the first request, {@link #onResponse} takes each complete
 * Login Response text and gives the next request, or null once the target moved to full
 * feature phase; {@link #conclude} then gives the {@link SessionParameters}.
 *
 * <pre>
 * SecurityNegotiation   AuthMethod=None (T=1)            or  AuthMethod=CHAP[,None] (T=0)
 *                                                            CHAP_A=5 → CHAP_I, CHAP_C
 *                                                            CHAP_N, CHAP_R [, CHAP_I, CHAP_C] (T=1)
 *                                                            [check the target's CHAP_N, CHAP_R]
 * LoginOperational      our offers (T=1, NSG=3); answers to the target's own offers, until T=1 NSG=3
 * </pre>
 *
 * <p>Answers are combined with the result functions of §6.2 from {@link KeyTable}; a MIN answer
 * above our offer (or a MAX answer below) is clamped rather than refused. The login runs once
 * per connection, so this class allocates freely.
 */
final class LoginNegotiation {
    /** One Login Request to send: stages, T bit and text. */
    record Request(LoginStage csg, LoginStage nsg, boolean transit, List<KeyValue> keys) {
    }

    private enum Auth { SENT_NONE, SENT_METHODS, SENT_ALGORITHM, SENT_RESPONSE }

    private static final int MAX_ROUNDS = 16;

    private final IscsiInitiator config;
    private final String targetName;
    private final ChapCredentials chap;
    private final ChapCredentials mutual;
    private final SecureRandom random;

    private LoginStage stage = LoginStage.SECURITY_NEGOTIATION;
    private Auth auth;
    private int rounds;
    private int mutualId;
    private byte[] mutualChallenge;
    private byte[] targetChallenge;

    private final Map<String, String> offered = new LinkedHashMap<>();
    private final Set<String> answered = new HashSet<>();
    private final Map<String, String> results = new HashMap<>();
    private String targetAlias;
    private int targetPortalGroupTag = -1;
    private int targetMaxRecvDataSegmentLength = Integer.parseInt(
            KeyTable.defaultValue(TextKeys.MAX_RECV_DATA_SEGMENT_LENGTH));

    /**
     * @param targetName the target to log in to, or null for a Discovery session
     * @param chap our CHAP credentials, or null for AuthMethod=None
     * @param mutual the credentials the target must prove (mutual CHAP), or null
     */
    LoginNegotiation(IscsiInitiator config, String targetName, ChapCredentials chap, ChapCredentials mutual,
                     SecureRandom random) {
        this.config = config;
        this.targetName = targetName;
        this.chap = chap;
        this.mutual = mutual;
        this.random = random;
    }

    private String who() {
        return targetName == null ? "discovery session" : targetName;
    }

    Request start() {
        List<KeyValue> keys = new ArrayList<>();
        keys.add(new KeyValue(TextKeys.INITIATOR_NAME, config.initiatorName()));
        if (config.initiatorAlias() != null) {
            keys.add(new KeyValue(TextKeys.INITIATOR_ALIAS, config.initiatorAlias()));
        }
        if (targetName == null) {
            keys.add(new KeyValue(TextKeys.SESSION_TYPE, TextKeys.DISCOVERY));
        } else {
            keys.add(new KeyValue(TextKeys.SESSION_TYPE, TextKeys.NORMAL));
            keys.add(new KeyValue(TextKeys.TARGET_NAME, targetName));
        }
        if (chap == null) {
            auth = Auth.SENT_NONE;
            keys.add(new KeyValue(TextKeys.AUTH_METHOD, TextKeys.NONE));
            return security(true, keys);
        }
        auth = Auth.SENT_METHODS;
        // with mutual CHAP the target must authenticate, so None is not on offer
        keys.add(new KeyValue(TextKeys.AUTH_METHOD, mutual != null ? TextKeys.CHAP : TextKeys.CHAP + "," + TextKeys.NONE));
        return security(false, keys);
    }

    private static Request security(boolean transit, List<KeyValue> keys) {
        return new Request(LoginStage.SECURITY_NEGOTIATION, LoginStage.OPERATIONAL_NEGOTIATION, transit, keys);
    }

    /**
     * @param transit the response's T bit
     * @param nsg the response's NSG (meaningful with T=1)
     * @param keys the response's complete text
     * @return the next request, or null when the target moved to full feature phase
     * @throws LoginException when the login cannot succeed
     */
    Request onResponse(boolean transit, LoginStage nsg, List<KeyValue> keys) throws LoginException {
        if (++rounds > MAX_ROUNDS) {
            throw failure("login to " + who() + " did not finish in " + MAX_ROUNDS + " exchanges");
        }
        for (KeyValue kv : keys) {
            declaration(kv);
        }
        if (stage == LoginStage.SECURITY_NEGOTIATION) {
            Request next = securityStep(find(keys, TextKeys.AUTH_METHOD), keys, transit);
            if (next != null) {
                return next;
            }
            if (transit && nsg == LoginStage.FULL_FEATURE_PHASE) {
                return finish();
            }
            if (!transit || nsg != LoginStage.OPERATIONAL_NEGOTIATION) {
                // the target wants another round in this stage; nothing more to say
                return security(true, List.of());
            }
            stage = LoginStage.OPERATIONAL_NEGOTIATION;
            return operational(operationalOffer());
        }
        List<KeyValue> answers = operationalAnswers(keys);
        if (transit && nsg == LoginStage.FULL_FEATURE_PHASE) {
            return finish();
        }
        return operational(answers);
    }

    private Request operational(List<KeyValue> keys) {
        return new Request(LoginStage.OPERATIONAL_NEGOTIATION, LoginStage.FULL_FEATURE_PHASE, true, keys);
    }

    private Request finish() throws LoginException {
        stage = LoginStage.FULL_FEATURE_PHASE;
        if (auth != Auth.SENT_NONE && auth != null && mutual != null && mutualChallenge != null) {
            throw failure("target " + who() + " left the security stage without answering mutual CHAP");
        }
        checkDigest(TextKeys.HEADER_DIGEST, config.headerDigestOffer());
        checkDigest(TextKeys.DATA_DIGEST, config.dataDigestOffer());
        return null;
    }

    private void checkDigest(String key, String offer) throws LoginException {
        String result = current(key);
        if (!TextValues.splitList(offer).contains(result)) {
            throw failure("target " + who() + " did not accept " + key + "=" + offer + " (result " + result + ")");
        }
    }

    // ---------------------------------------------------------------- security stage

    /** @return the next security request, or null when the stage's keys are settled */
    private Request securityStep(String method, List<KeyValue> keys, boolean transit) throws LoginException {
        switch (auth) {
            case SENT_NONE:
                if (method != null && !TextKeys.NONE.equals(method)) {
                    throw failure("target " + who() + " requires authentication (AuthMethod=" + method
                            + "); configure CHAP credentials");
                }
                return null;
            case SENT_METHODS:
                if (TextKeys.NONE.equals(method) && mutual == null) {
                    auth = Auth.SENT_NONE;
                    return transit ? null : security(true, List.of());
                }
                if (!TextKeys.CHAP.equals(method)) {
                    throw failure("target " + who() + " refused AuthMethod=CHAP (answered " + method + ")");
                }
                auth = Auth.SENT_ALGORITHM;
                if (find(keys, TextKeys.CHAP_C) != null) {
                    return chapResponse(keys);
                }
                return security(false, List.of(new KeyValue(TextKeys.CHAP_A, Integer.toString(Chap.ALGORITHM_MD5))));
            case SENT_ALGORITHM:
                return chapResponse(keys);
            default: // SENT_RESPONSE
                if (mutualChallenge != null) {
                    verifyTarget(keys);
                }
                return null;
        }
    }

    private Request chapResponse(List<KeyValue> keys) throws LoginException {
        String algorithm = find(keys, TextKeys.CHAP_A);
        String id = find(keys, TextKeys.CHAP_I);
        String challenge = find(keys, TextKeys.CHAP_C);
        if (algorithm == null || TextValues.parseNumber(algorithm) != Chap.ALGORITHM_MD5) {
            throw failure("target " + who() + " offered CHAP_A=" + algorithm + "; only 5 (MD5) is supported");
        }
        long identifier = id == null ? -1 : TextValues.parseNumber(id);
        targetChallenge = challenge == null ? null : TextValues.decodeBinary(challenge);
        if (identifier < 0 || identifier > 255 || targetChallenge == null
                || targetChallenge.length > Chap.MAX_CHALLENGE_LENGTH) {
            throw failure("target " + who() + " sent a malformed CHAP challenge (CHAP_I=" + id + ")");
        }
        List<KeyValue> answer = new ArrayList<>();
        answer.add(new KeyValue(TextKeys.CHAP_N, chap.name()));
        answer.add(new KeyValue(TextKeys.CHAP_R,
                TextValues.encodeHex(Chap.response((int) identifier, chap.secret(), targetChallenge))));
        if (mutual != null) {
            mutualId = random.nextInt(256);
            mutualChallenge = new byte[Chap.CHALLENGE_LENGTH];
            do {
                random.nextBytes(mutualChallenge);
            } while (Arrays.equals(mutualChallenge, targetChallenge));
            answer.add(new KeyValue(TextKeys.CHAP_I, Integer.toString(mutualId)));
            answer.add(new KeyValue(TextKeys.CHAP_C, TextValues.encodeHex(mutualChallenge)));
        }
        auth = Auth.SENT_RESPONSE;
        return security(true, answer);
    }

    private void verifyTarget(List<KeyValue> keys) throws LoginException {
        String name = find(keys, TextKeys.CHAP_N);
        String response = find(keys, TextKeys.CHAP_R);
        byte[] got = response == null ? null : TextValues.decodeBinary(response);
        byte[] expected = Chap.response(mutualId, mutual.secret(), mutualChallenge);
        if (!mutual.name().equals(name) || got == null || !MessageDigest.isEqual(expected, got)) {
            throw failure("target " + who() + " failed mutual CHAP authentication (CHAP_N=" + name + ")");
        }
        mutualChallenge = null; // verified
    }

    // ---------------------------------------------------------------- operational stage

    private List<KeyValue> operationalOffer() {
        offered.put(TextKeys.HEADER_DIGEST, config.headerDigestOffer());
        offered.put(TextKeys.DATA_DIGEST, config.dataDigestOffer());
        if (targetName != null) {
            offered.put(TextKeys.INITIAL_R2T, TextValues.formatBoolean(config.initialR2T()));
            offered.put(TextKeys.IMMEDIATE_DATA, TextValues.formatBoolean(config.immediateData()));
            offered.put(TextKeys.MAX_BURST_LENGTH, Integer.toString(config.maxBurstLength()));
            offered.put(TextKeys.FIRST_BURST_LENGTH, Integer.toString(config.firstBurstLength()));
            offered.put(TextKeys.MAX_OUTSTANDING_R2T, Integer.toString(config.maxOutstandingR2T()));
            offered.put(TextKeys.MAX_CONNECTIONS, "1");
            offered.put(TextKeys.DATA_PDU_IN_ORDER, TextKeys.YES);
            offered.put(TextKeys.DATA_SEQUENCE_IN_ORDER, TextKeys.YES);
        }
        offered.put(TextKeys.DEFAULT_TIME_2_WAIT, Integer.toString(config.defaultTime2Wait()));
        offered.put(TextKeys.DEFAULT_TIME_2_RETAIN, "0");
        offered.put(TextKeys.ERROR_RECOVERY_LEVEL, "0");
        List<KeyValue> keys = new ArrayList<>();
        offered.forEach((k, v) -> keys.add(new KeyValue(k, v)));
        // declarative, never answered (§13.12)
        keys.add(new KeyValue(TextKeys.MAX_RECV_DATA_SEGMENT_LENGTH, Integer.toString(config.maxRecvDataSegmentLength())));
        return keys;
    }

    private List<KeyValue> operationalAnswers(List<KeyValue> keys) throws LoginException {
        List<KeyValue> answers = new ArrayList<>();
        for (KeyValue kv : keys) {
            String key = kv.key();
            String value = kv.value();
            KeyTable.Key row = KeyTable.get(key);
            boolean special = TextKeys.REJECT.equals(value) || TextKeys.IRRELEVANT.equals(value)
                    || TextKeys.NOT_UNDERSTOOD.equals(value);
            if (offered.containsKey(key) && answered.add(key)) {
                if (special) {
                    results.remove(key); // the default stays in force
                    continue;
                }
                String result = combine(row, offered.get(key), value, true);
                if (result == null) {
                    throw failure("target " + who() + " answered " + kv + " to our offer " + key + "="
                            + offered.get(key));
                }
                results.put(key, result);
            } else if (row == null) {
                if (!special) {
                    answers.add(new KeyValue(key, TextKeys.NOT_UNDERSTOOD));
                }
            } else if (!special) {
                String answer = targetOffer(row, value);
                if (answer != null) {
                    answers.add(new KeyValue(key, answer));
                }
            }
        }
        return answers;
    }

    /** Answers a key the target offered on its own; @return null for declarations. */
    private String targetOffer(KeyTable.Key row, String value) {
        switch (row.function()) {
            case LIST:
            case MIN:
            case MAX:
            case AND:
            case OR:
                String ours = ourValue(row.name());
                String result = combine(row, ours, value, false);
                if (result == null) {
                    return TextKeys.REJECT;
                }
                results.put(row.name(), result);
                return result;
            case OBSOLETE_MARKER:
                return TextKeys.NO;
            case OBSOLETE_MARK_INT:
                return TextKeys.REJECT;
            default:
                return null; // declarative (handled by declaration()), security echoes
        }
    }

    /**
     * The outcome of a negotiated key. {@code answer} true: {@code theirs} answers our offer
     * {@code ours} (a list answer must be one of our values); false: {@code theirs} is the
     * target's offer and {@code ours} what we would accept.
     */
    private static String combine(KeyTable.Key row, String ours, String theirs, boolean answer) {
        switch (row.function()) {
            case LIST:
                List<String> mine = TextValues.splitList(ours);
                if (answer) {
                    return mine.contains(theirs) ? theirs : null;
                }
                for (String item : TextValues.splitList(theirs)) {
                    if (mine.contains(item)) {
                        return item;
                    }
                }
                return null;
            case MIN:
            case MAX:
                long a = TextValues.parseNumber(ours);
                long b = TextValues.parseNumber(theirs);
                if (b < row.min() || b > row.max()) {
                    return null;
                }
                return Long.toString(row.function() == KeyTable.Function.MIN ? Math.min(a, b) : Math.max(a, b));
            case AND:
            case OR:
                Boolean x = TextValues.parseBoolean(ours);
                Boolean y = TextValues.parseBoolean(theirs);
                if (x == null || y == null) {
                    return null;
                }
                return TextValues.formatBoolean(row.function() == KeyTable.Function.OR ? x || y : x && y);
            default:
                return null;
        }
    }

    /** What we accept for a key the target offers without our having offered it. */
    private String ourValue(String key) {
        String offer = offered.get(key);
        if (offer != null) {
            return offer;
        }
        switch (key) {
            case TextKeys.HEADER_DIGEST:
                return config.headerDigestOffer();
            case TextKeys.DATA_DIGEST:
                return config.dataDigestOffer();
            case TextKeys.MAX_CONNECTIONS:
            case TextKeys.MAX_OUTSTANDING_R2T:
                return key.equals(TextKeys.MAX_CONNECTIONS) ? "1" : Integer.toString(config.maxOutstandingR2T());
            case TextKeys.MAX_BURST_LENGTH:
                return Integer.toString(config.maxBurstLength());
            case TextKeys.FIRST_BURST_LENGTH:
                return Integer.toString(config.firstBurstLength());
            case TextKeys.INITIAL_R2T:
                return TextValues.formatBoolean(config.initialR2T());
            case TextKeys.IMMEDIATE_DATA:
                return TextValues.formatBoolean(config.immediateData());
            case TextKeys.DEFAULT_TIME_2_WAIT:
                return Integer.toString(config.defaultTime2Wait());
            case TextKeys.DEFAULT_TIME_2_RETAIN:
            case TextKeys.ERROR_RECOVERY_LEVEL:
            case TextKeys.ISCSI_PROTOCOL_LEVEL:
                return "0";
            case TextKeys.DATA_PDU_IN_ORDER:
            case TextKeys.DATA_SEQUENCE_IN_ORDER:
                return TextKeys.YES;
            default:
                return KeyTable.defaultValue(key);
        }
    }

    /** Records what the target declares about itself, in any stage. */
    private void declaration(KeyValue kv) {
        try {
            switch (kv.key()) {
                case TextKeys.TARGET_ALIAS:
                    targetAlias = kv.value();
                    break;
                case TextKeys.TARGET_PORTAL_GROUP_TAG:
                    targetPortalGroupTag = (int) TextValues.parseNumber(kv.value());
                    break;
                case TextKeys.MAX_RECV_DATA_SEGMENT_LENGTH:
                    long n = TextValues.parseNumber(kv.value());
                    if (n >= 512 && n <= 0xFF_FFFF) {
                        targetMaxRecvDataSegmentLength = (int) n;
                    }
                    break;
                default:
                    break;
            }
        } catch (RuntimeException ignored) {
            // a malformed declaration leaves the default
        }
    }

    private String current(String key) {
        String v = results.get(key);
        return v != null ? v : KeyTable.defaultValue(key);
    }

    private int number(String key) {
        return (int) Long.parseLong(current(key));
    }

    private boolean flag(String key) {
        return TextKeys.YES.equals(current(key));
    }

    /** @return the negotiated values; call once {@link #onResponse} returned null */
    SessionParameters conclude(long isid, int tsih) {
        int maxBurst = number(TextKeys.MAX_BURST_LENGTH);
        boolean initialR2T = flag(TextKeys.INITIAL_R2T);
        boolean immediate = flag(TextKeys.IMMEDIATE_DATA);
        int firstBurst = initialR2T && !immediate ? 0 : Math.min(number(TextKeys.FIRST_BURST_LENGTH), maxBurst);
        return new SessionParameters(targetName, targetAlias, targetPortalGroupTag, isid, tsih,
                TextKeys.CRC32C.equals(current(TextKeys.HEADER_DIGEST)),
                TextKeys.CRC32C.equals(current(TextKeys.DATA_DIGEST)),
                config.maxRecvDataSegmentLength(), targetMaxRecvDataSegmentLength, maxBurst, firstBurst,
                immediate, initialR2T, number(TextKeys.MAX_OUTSTANDING_R2T), number(TextKeys.DEFAULT_TIME_2_WAIT),
                number(TextKeys.DEFAULT_TIME_2_RETAIN), number(TextKeys.ERROR_RECOVERY_LEVEL));
    }

    private static String find(List<KeyValue> keys, String key) {
        for (KeyValue kv : keys) {
            if (kv.key().equals(key)) {
                return kv.value();
            }
        }
        return null;
    }

    private static LoginException failure(String message) {
        return new LoginException(-1, message);
    }
}
