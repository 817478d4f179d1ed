package org.scsi4j.core.internal.engine;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An initiator group: initiator names (exact, or wildcards with {@code *} and {@code ?}) and the
 * LUN map its members see. Immutable; replaced as a whole when it changes.
 */
final class InitiatorGroup {
    final String name;
    final List<String> patterns;
    final LunMap map;
    private final Pattern[] compiled;

    InitiatorGroup(String name, List<String> patterns, LunMap map) {
        this.name = name;
        this.patterns = List.copyOf(patterns);
        this.map = map;
        this.compiled = new Pattern[this.patterns.size()];
        for (int i = 0; i < compiled.length; i++) {
            compiled[i] = glob(this.patterns.get(i));
        }
    }

    InitiatorGroup withMap(LunMap m) {
        return new InitiatorGroup(name, patterns, m);
    }

    boolean matches(String initiatorName) {
        for (Pattern p : compiled) {
            if (p.matcher(initiatorName).matches()) {
                return true;
            }
        }
        return false;
    }

    /** iSCSI names are case-insensitive (RFC 3722 stringprep folds them): so is matching. */
    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }
}
