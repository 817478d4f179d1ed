package org.scsi4j.iscsi.internal.text;

import java.util.List;

import org.scsi4j.iscsi.internal.text.KeyTable.Function;
import org.scsi4j.iscsi.internal.text.KeyTable.Key;

/**
 * The value semantics of text-mode negotiation, RFC 7143 §6.2: how an acceptor computes its
 * answer to an offer, how an offer's answer is checked, and when the target has to offer a key
 * itself. Pure functions of a {@link KeyTable} row and the target's {@link TargetSettings}.
 */
final class ResultFunctions {
    private ResultFunctions() {
    }

    /**
     * The acceptor's answer to an offer of a negotiated key (LIST, MIN, MAX, AND, OR).
     *
     * @return the outcome value, or "Reject" when the offer is malformed, out of range, or a
     *         list holding nothing the target allows
     */
    static String respond(Key key, String offer, TargetSettings settings) {
        switch (key.function()) {
            case LIST:
                List<String> allowed = settings.allowedValues(key.name());
                for (String item : TextValues.splitList(offer)) {
                    if (allowed.contains(item)) {
                        return item;   // §6.2.1: first value of the originator's list we support
                    }
                }
                return TextKeys.REJECT;
            case MIN:
            case MAX:
                long value = TextValues.parseNumber(offer);
                if (value < key.min() || value > key.max()) {
                    return TextKeys.REJECT;
                }
                long mine = settings.number(key.name());
                return Long.toString(key.function() == Function.MIN ? Math.min(value, mine) : Math.max(value, mine));
            case AND:
            case OR:
                Boolean b = TextValues.parseBoolean(offer);
                if (b == null) {
                    return TextKeys.REJECT;
                }
                return TextValues.formatBoolean(combine(key, b, settings.flag(key.name())));
            default:
                throw new IllegalArgumentException("not a negotiated key: " + key.name());
        }
    }

    /**
     * Checks the initiator's answer to a key the target offered (§6.2): a list answer must be
     * one of the values offered, a MIN (MAX) answer must not exceed (fall below) the offer, and a
     * boolean answer must be the function's result.
     *
     * @return the outcome value, or null when the answer is not a valid outcome
     */
    static String checkAnswer(Key key, String offered, String answer) {
        switch (key.function()) {
            case LIST:
                return TextValues.splitList(offered).contains(answer) ? answer : null;
            case MIN:
            case MAX:
                long value = TextValues.parseNumber(answer);
                long offer = Long.parseLong(offered);
                boolean valid = key.function() == Function.MIN
                        ? value >= key.min() && value <= offer : value >= offer && value <= key.max();
                return valid ? Long.toString(value) : null;
            case AND:
            case OR:
                Boolean b = TextValues.parseBoolean(answer);
                if (b == null || b != combine(key, b, TextKeys.YES.equals(offered))) {
                    return null;
                }
                return answer;
            default:
                return null;
        }
    }

    /**
     * @param limit an upper bound for numerical offers (FirstBurstLength ≤ MaxBurstLength)
     * @return the value the target must offer itself because the RFC default does not suit it,
     *         or null when the default is fine
     */
    static String proposal(Key key, TargetSettings settings, long limit) {
        String name = key.name();
        switch (key.function()) {
            case LIST:
                List<String> allowed = settings.allowedValues(name);
                return allowed.contains(key.defaultValue()) ? null : String.join(",", allowed);
            case MIN:
                long mine = Math.min(settings.number(name), limit);
                return mine < Long.parseLong(key.defaultValue()) ? Long.toString(mine) : null;
            case MAX:
                long wanted = settings.number(name);
                return wanted > Long.parseLong(key.defaultValue()) ? Long.toString(wanted) : null;
            case AND:
                return settings.flag(name) ? null : TextKeys.NO;
            case OR:
                return settings.flag(name) && TextKeys.NO.equals(key.defaultValue()) ? TextKeys.YES : null;
            default:
                return null;
        }
    }

    /**
     * @return true when §6.2.2 makes the answer to this offer optional: AND offered "No", OR
     *         offered "Yes" — the outcome is then already decided
     */
    static boolean answerOptional(Key key, String offered) {
        return (key.function() == Function.AND && TextKeys.NO.equals(offered))
                || (key.function() == Function.OR && TextKeys.YES.equals(offered));
    }

    private static boolean combine(Key key, boolean offer, boolean mine) {
        return key.function() == Function.OR ? offer || mine : offer && mine;
    }
}
