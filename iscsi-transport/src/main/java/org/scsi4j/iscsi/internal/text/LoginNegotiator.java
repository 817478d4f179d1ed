package org.scsi4j.iscsi.internal.text;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.scsi4j.iscsi.internal.pdu.LoginStage;
import org.scsi4j.iscsi.internal.text.KeyTable.Key;

/**
 * The target side of text-mode negotiation (RFC 7143 §6.2, §6.3, §13) for one connection's
 * login, and for later Text Request negotiations on it. Driven by {@link KeyTable}.
 *
 * <p>For every key the initiator offers, {@link #negotiate} appends the answer:
 * <ul>
 *   <li>unknown keys, X- and X# extension keys: {@code key=NotUnderstood} (§6.2, §13.22);</li>
 *   <li>keys a target alone may send (TargetAlias, TargetAddress, TargetPortalGroupTag), FFPO
 *       keys during login, IO/LO keys during full feature phase, malformed or out-of-range
 *       values, lists with nothing acceptable: {@code key=Reject} (§6.2);</li>
 *   <li>keys "irrelevant when SessionType=Discovery", LO keys on a non-leading connection, and
 *       FirstBurstLength when InitialR2T=Yes and ImmediateData=No: {@code key=Irrelevant};</li>
 *   <li>lists: the first value of the initiator's list the target allows (§6.2.1); numerical
 *       keys: minimum or maximum of offer and target value; booleans: AND / OR (§6.2.2);
 *       every answer is sent, including the ones §6.2.2 makes optional;</li>
 *   <li>declarative keys (names, aliases, SessionType, MaxRecvDataSegmentLength): no answer;</li>
 *   <li>IFMarker/OFMarker: "No"; IFMarkInt/OFMarkInt: "Reject" (§13.25; "No" is the answer
 *       §13.25 permits for the marker switches and the one deployed initiators expect);</li>
 *   <li>security keys (AuthMethod, CHAP_*): left to {@code auth.SecurityNegotiation} in the
 *       security stage, a protocol error in any other stage. Operational keys offered in the
 *       security stage are negotiated as in the operational stage (tolerated).</li>
 * </ul>
 * A key offered twice in one negotiation is an initiator error (§6.3), except re-declarations
 * of InitiatorAlias and MaxRecvDataSegmentLength, and of InitiatorName, TargetName and
 * SessionType with an unchanged value.
 *
 * <p>The target adds declarations of its own: TargetPortalGroupTag (and TargetAlias) in the
 * first response of a Normal session (§13.9); its MaxRecvDataSegmentLength in the first
 * operational-stage response (§13.12); and offers for keys the initiator left out when the
 * RFC default would not suit the target (e.g. DefaultTime2Retain=0, HeaderDigest=CRC32C when
 * digests are required). While such offers await an answer, {@link #awaitingAnswers()} is true
 * and the response must not set the T bit.
 *
 * <p>Entry points: {@link #negotiate} once per complete request text (see
 * {@link TextSegmentAccumulator}); {@link #conclude()} when the login enters full feature phase.
 */
public final class LoginNegotiator {
    /** Keys the target offers itself when the initiator did not and the default does not fit. */
    private static final List<String> PROPOSABLE = List.of(TextKeys.HEADER_DIGEST, TextKeys.DATA_DIGEST,
            TextKeys.MAX_CONNECTIONS, TextKeys.INITIAL_R2T, TextKeys.IMMEDIATE_DATA, TextKeys.MAX_BURST_LENGTH,
            TextKeys.FIRST_BURST_LENGTH, TextKeys.DEFAULT_TIME_2_WAIT, TextKeys.DEFAULT_TIME_2_RETAIN,
            TextKeys.MAX_OUTSTANDING_R2T, TextKeys.DATA_PDU_IN_ORDER, TextKeys.DATA_SEQUENCE_IN_ORDER,
            TextKeys.ERROR_RECOVERY_LEVEL);

    private final TargetResolver resolver;
    private final boolean leading;

    private TargetSettings settings;
    private SessionType sessionType;
    private String initiatorName;
    private String initiatorAlias;
    private String targetName;
    private boolean identityDeclared;
    private boolean operationalDeclared;
    private String sendTargets;

    private final Map<String, String> results = new HashMap<>();
    private final Set<String> offered = new HashSet<>();
    private final Map<String, String> proposals = new LinkedHashMap<>();
    private final Set<String> awaiting = new HashSet<>();

    /**
     * @param resolver finds the target named in the first request
     * @param leadingConnection true for the first connection of a session (TSIH 0), §6.3
     */
    public LoginNegotiator(TargetResolver resolver, boolean leadingConnection) {
        this.resolver = resolver;
        this.leading = leadingConnection;
    }

    /**
     * Answers one complete request text.
     *
     * @param request the pairs of a Login Request (or Text Request) LTDS, in order
     * @param stage the CSG of the Login Request, or {@link LoginStage#FULL_FEATURE_PHASE} for a
     *              Text Request (each call is then a negotiation sequence of its own)
     * @param response where the answers and the target's own declarations are appended
     * @return {@link NegotiationOutcome#OK}, or the error that ends the login
     */
    public NegotiationOutcome negotiate(List<KeyValue> request, LoginStage stage, List<KeyValue> response) {
        boolean fullFeature = stage == LoginStage.FULL_FEATURE_PHASE;
        if (fullFeature) {
            if (settings == null) {
                throw new IllegalStateException("text negotiation before a successful login");
            }
            offered.clear();
        }
        sendTargets = null;
        NegotiationOutcome outcome = checkRepeats(request);
        if (outcome == NegotiationOutcome.OK && settings == null) {
            outcome = identify(request);
        }
        if (outcome != NegotiationOutcome.OK) {
            return outcome;
        }
        Map<String, String> answers = new LinkedHashMap<>();
        for (KeyValue pair : request) {
            if (proposals.containsKey(pair.key())) {
                outcome = acceptAnswer(pair);
                if (outcome != NegotiationOutcome.OK) {
                    return outcome;
                }
            } else if (TextKeys.isSecurityKey(pair.key())) {
                if (stage != LoginStage.SECURITY_NEGOTIATION) {
                    return NegotiationOutcome.KEY_IN_WRONG_STAGE;
                }
            } else {
                String answer = answer(pair, fullFeature);
                if (answer != null) {
                    answers.put(pair.key(), answer);
                }
            }
        }
        fixFirstBurstLength(answers);
        if (!fullFeature) {
            declare(stage, answers);
        }
        answers.forEach((key, value) -> response.add(new KeyValue(key, value)));
        return NegotiationOutcome.OK;
    }

    private NegotiationOutcome checkRepeats(List<KeyValue> request) {
        Set<String> seen = new HashSet<>();
        for (KeyValue pair : request) {
            String key = pair.key();
            if (!seen.add(key)) {
                return NegotiationOutcome.KEY_REPEATED;
            }
            if (!proposals.containsKey(key) && offered.contains(key) && !mayRedeclare(pair)) {
                return NegotiationOutcome.KEY_REPEATED;
            }
        }
        for (KeyValue pair : request) {
            if (!proposals.containsKey(pair.key())) {
                offered.add(pair.key());
            }
        }
        return NegotiationOutcome.OK;
    }

    private boolean mayRedeclare(KeyValue pair) {
        switch (pair.key()) {
            case TextKeys.MAX_RECV_DATA_SEGMENT_LENGTH:
            case TextKeys.INITIATOR_ALIAS:
                return true;
            case TextKeys.INITIATOR_NAME:
                return pair.value().equals(initiatorName);
            case TextKeys.TARGET_NAME:
                return pair.value().equals(targetName);
            case TextKeys.SESSION_TYPE:
                return sessionType != null && pair.value().equals(sessionType.wireValue());
            default:
                return false;
        }
    }

    private NegotiationOutcome identify(List<KeyValue> request) {
        String initiator = find(request, TextKeys.INITIATOR_NAME);
        String type = find(request, TextKeys.SESSION_TYPE);
        String target = find(request, TextKeys.TARGET_NAME);
        if (initiator == null || initiator.isEmpty()) {
            return NegotiationOutcome.MISSING_PARAMETER;
        }
        SessionType session = type == null ? SessionType.NORMAL : SessionType.fromWire(type);
        if (session == null) {
            return NegotiationOutcome.SESSION_TYPE_NOT_SUPPORTED;
        }
        if (session == SessionType.NORMAL && (target == null || target.isEmpty())) {
            return NegotiationOutcome.MISSING_PARAMETER;
        }
        String resolvedName = session == SessionType.NORMAL ? target : null;
        TargetSettings found = resolver.resolve(initiator, session, resolvedName);
        if (found == null) {
            return session == SessionType.NORMAL
                    ? NegotiationOutcome.TARGET_NOT_FOUND : NegotiationOutcome.SESSION_TYPE_NOT_SUPPORTED;
        }
        settings = found;
        sessionType = session;
        initiatorName = initiator;
        targetName = resolvedName;
        return NegotiationOutcome.OK;
    }

    private String answer(KeyValue pair, boolean fullFeature) {
        Key key = KeyTable.get(pair.key());
        if (key == null) {
            return TextKeys.NOT_UNDERSTOOD;
        }
        if (key.sender() == KeyTable.Sender.TARGET) {
            return TextKeys.REJECT;
        }
        switch (key.use()) {
            case FULL_FEATURE_ONLY:
                if (!fullFeature) {
                    return TextKeys.REJECT;
                }
                break;
            case LEADING_ONLY:
                if (fullFeature) {
                    return TextKeys.REJECT;
                }
                if (!leading) {
                    return TextKeys.IRRELEVANT;
                }
                break;
            case INITIALIZE_ONLY:
                if (fullFeature) {
                    return TextKeys.REJECT;
                }
                break;
            default:
                break;
        }
        if (key.irrelevantInDiscovery() && sessionType == SessionType.DISCOVERY) {
            return TextKeys.IRRELEVANT;
        }
        String value = pair.value();
        if (value.getBytes(StandardCharsets.UTF_8).length > TextValues.MAX_VALUE_LENGTH) {
            return TextKeys.REJECT;
        }
        switch (key.function()) {
            case LIST:
            case MIN:
            case MAX:
            case AND:
            case OR:
                String result = ResultFunctions.respond(key, value, settings);
                if (!TextKeys.REJECT.equals(result)) {
                    results.put(key.name(), result);
                }
                return result;
            case DECLARATIVE_NUMBER:
                long declared = TextValues.parseNumber(value);
                if (declared < key.min() || declared > key.max()) {
                    return TextKeys.REJECT;
                }
                results.put(key.name(), Long.toString(declared));
                return null;
            case DECLARATIVE_TEXT:
                return declareText(key, value);
            case OBSOLETE_MARKER:
                return TextKeys.NO;
            case OBSOLETE_MARK_INT:
                return TextKeys.REJECT;
            default:
                return TextKeys.NOT_UNDERSTOOD;
        }
    }

    private String declareText(Key key, String value) {
        if (TextKeys.SEND_TARGETS.equals(key.name())) {
            if (sessionType == SessionType.NORMAL && TextKeys.ALL.equals(value)) {
                return TextKeys.REJECT;
            }
            sendTargets = value;
        } else if (TextKeys.INITIATOR_ALIAS.equals(key.name())) {
            initiatorAlias = value;
        }
        return null;
    }

    private NegotiationOutcome acceptAnswer(KeyValue pair) {
        String key = pair.key();
        String proposed = proposals.remove(key);
        awaiting.remove(key);
        String value = pair.value();
        if (TextKeys.REJECT.equals(value) || TextKeys.IRRELEVANT.equals(value)
                || TextKeys.NOT_UNDERSTOOD.equals(value)) {
            results.remove(key);
            return NegotiationOutcome.OK;
        }
        String result = ResultFunctions.checkAnswer(KeyTable.get(key), proposed, value);
        if (result == null) {
            return NegotiationOutcome.INVALID_ANSWER;
        }
        results.put(key, result);
        return NegotiationOutcome.OK;
    }

    private void fixFirstBurstLength(Map<String, String> answers) {
        String answer = answers.get(TextKeys.FIRST_BURST_LENGTH);
        if (answer == null || TextValues.parseNumber(answer) < 0) {
            return;
        }
        if (firstBurstIrrelevant()) {
            answers.put(TextKeys.FIRST_BURST_LENGTH, TextKeys.IRRELEVANT);
            results.remove(TextKeys.FIRST_BURST_LENGTH);
            return;
        }
        long maxBurst = currentNumber(TextKeys.MAX_BURST_LENGTH);
        if (TextValues.parseNumber(answer) > maxBurst) {
            answers.put(TextKeys.FIRST_BURST_LENGTH, Long.toString(maxBurst));
            results.put(TextKeys.FIRST_BURST_LENGTH, Long.toString(maxBurst));
        }
    }

    /** §13.14: "Irrelevant when: ( InitialR2T=Yes and ImmediateData=No )". */
    private boolean firstBurstIrrelevant() {
        return currentBoolean(TextKeys.INITIAL_R2T) && !currentBoolean(TextKeys.IMMEDIATE_DATA);
    }

    /**
     * Adds the target's own declarations and offers. They replace an answer to the same key,
     * so no key appears twice in a response (§6.3): an initiator that wrongly sent
     * TargetPortalGroupTag gets the declaration rather than a Reject.
     */
    private void declare(LoginStage stage, Map<String, String> answers) {
        if (!identityDeclared) {
            identityDeclared = true;
            if (sessionType == SessionType.NORMAL) {
                answers.put(TextKeys.TARGET_PORTAL_GROUP_TAG, Integer.toString(settings.targetPortalGroupTag()));
                if (settings.targetAlias() != null) {
                    answers.put(TextKeys.TARGET_ALIAS, settings.targetAlias());
                }
            }
        }
        if (stage == LoginStage.OPERATIONAL_NEGOTIATION && !operationalDeclared) {
            operationalDeclared = true;
            answers.put(TextKeys.MAX_RECV_DATA_SEGMENT_LENGTH, Integer.toString(settings.maxRecvDataSegmentLength()));
            propose(answers);
        }
    }

    private void propose(Map<String, String> answers) {
        for (String name : PROPOSABLE) {
            Key key = KeyTable.get(name);
            if (offered.contains(name) || results.containsKey(name)
                    || (key.use() == KeyTable.Use.LEADING_ONLY && !leading)
                    || (key.irrelevantInDiscovery() && sessionType == SessionType.DISCOVERY)) {
                continue;
            }
            boolean firstBurst = TextKeys.FIRST_BURST_LENGTH.equals(name);
            if (firstBurst && firstBurstIrrelevant()) {
                continue;
            }
            long limit = firstBurst ? currentNumber(TextKeys.MAX_BURST_LENGTH) : Long.MAX_VALUE;
            String value = ResultFunctions.proposal(key, settings, limit);
            if (value == null) {
                continue;
            }
            answers.put(name, value);
            if (ResultFunctions.answerOptional(key, value)) {
                results.put(name, value);
            } else {
                proposals.put(name, value);
                awaiting.add(name);
            }
        }
    }

    private String current(String name) {
        String value = results.get(name);
        return value != null ? value : KeyTable.defaultValue(name);
    }

    private long currentNumber(String name) {
        return Long.parseLong(current(name));
    }

    private boolean currentBoolean(String name) {
        return TextKeys.YES.equals(current(name));
    }

    private static String find(List<KeyValue> pairs, String key) {
        for (KeyValue pair : pairs) {
            if (pair.key().equals(key)) {
                return pair.value();
            }
        }
        return null;
    }

    /** @return true while keys the target offered still await the initiator's answer */
    public boolean awaitingAnswers() {
        return !awaiting.isEmpty();
    }

    /** @return the SendTargets value of the last {@link #negotiate} call, or null (§13.3) */
    public String sendTargets() {
        return sendTargets;
    }

    public SessionType sessionType() {
        return sessionType;
    }

    public String initiatorName() {
        return initiatorName;
    }

    public String targetName() {
        return targetName;
    }

    /** @return the resolved target's settings, null before the first successful request */
    public TargetSettings settings() {
        return settings;
    }

    /**
     * @return the values in force from now on: negotiated results, declarations, and RFC
     *         defaults for everything not negotiated
     * @throws IllegalStateException before a first request was accepted
     */
    public NegotiatedParameters conclude() {
        if (settings == null) {
            throw new IllegalStateException("nothing negotiated yet");
        }
        int maxBurst = (int) currentNumber(TextKeys.MAX_BURST_LENGTH);
        return new NegotiatedParameters(sessionType, initiatorName, initiatorAlias, targetName,
                TextKeys.CRC32C.equals(current(TextKeys.HEADER_DIGEST)),
                TextKeys.CRC32C.equals(current(TextKeys.DATA_DIGEST)),
                (int) currentNumber(TextKeys.MAX_CONNECTIONS),
                currentBoolean(TextKeys.INITIAL_R2T), currentBoolean(TextKeys.IMMEDIATE_DATA),
                operationalDeclared ? settings.maxRecvDataSegmentLength()
                        : Integer.parseInt(KeyTable.defaultValue(TextKeys.MAX_RECV_DATA_SEGMENT_LENGTH)),
                (int) currentNumber(TextKeys.MAX_RECV_DATA_SEGMENT_LENGTH),
                maxBurst, (int) Math.min(currentNumber(TextKeys.FIRST_BURST_LENGTH), maxBurst),
                (int) currentNumber(TextKeys.DEFAULT_TIME_2_WAIT), (int) currentNumber(TextKeys.DEFAULT_TIME_2_RETAIN),
                (int) currentNumber(TextKeys.MAX_OUTSTANDING_R2T),
                currentBoolean(TextKeys.DATA_PDU_IN_ORDER), currentBoolean(TextKeys.DATA_SEQUENCE_IN_ORDER),
                (int) currentNumber(TextKeys.ERROR_RECOVERY_LEVEL), current(TextKeys.TASK_REPORTING),
                (int) currentNumber(TextKeys.ISCSI_PROTOCOL_LEVEL), settings.targetPortalGroupTag());
    }
}
