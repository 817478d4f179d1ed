package org.scsi4j.iscsi.initiator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One target of a SendTargets answer (RFC 7143 §13.3, Appendix C): its name and the portals it
 * is reachable through (empty when the target gave none: use the discovery portal).
 *
 * @param name the iSCSI target name
 * @param portals the TargetAddress values, in the order the target sent them
 */
public record DiscoveredTarget(String name, List<TargetPortal> portals) {
    public DiscoveredTarget {
        Objects.requireNonNull(name, "name");
        portals = List.copyOf(portals);
    }

    /**
     * Groups the pairs of a SendTargets answer: each TargetName starts a target, the
     * TargetAddress pairs that follow belong to it.
     *
     * @param pairs "key=value" strings in order
     */
    static List<DiscoveredTarget> parse(List<String> pairs) {
        List<DiscoveredTarget> out = new ArrayList<>();
        String name = null;
        List<TargetPortal> portals = new ArrayList<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            if ("TargetName".equals(key)) {
                if (name != null) {
                    out.add(new DiscoveredTarget(name, portals));
                }
                name = value;
                portals = new ArrayList<>();
            } else if ("TargetAddress".equals(key) && name != null) {
                try {
                    portals.add(TargetPortal.parse(value));
                } catch (IllegalArgumentException ignored) {
                    // a malformed address is skipped; the name stays usable
                }
            }
        }
        if (name != null) {
            out.add(new DiscoveredTarget(name, portals));
        }
        return out;
    }
}
