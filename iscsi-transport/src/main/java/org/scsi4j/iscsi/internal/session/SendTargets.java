package org.scsi4j.iscsi.internal.session;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.scsi4j.iscsi.internal.server.ServerContext;
import org.scsi4j.iscsi.internal.server.TargetEntry;
import org.scsi4j.iscsi.internal.text.KeyValue;
import org.scsi4j.iscsi.internal.text.TextKeys;

/**
 * The answer to SendTargets (RFC 7143 §13.3, Appendix C): for each target the initiator may
 * reach, {@code TargetName=<iqn>} followed by one {@code TargetAddress=<host>:<port>,<tpgt>}
 * per portal. A portal bound to a wildcard address is reported with the address the initiator
 * connected to.
 */
final class SendTargets {
    private SendTargets() {
    }

    /**
     * @param value       the SendTargets value: "All" (Discovery sessions), a target name, or
     *                    empty (the session's own target)
     * @param current     the Normal session's target, or null in a Discovery session
     */
    static List<KeyValue> answer(ServerContext ctx, String value, String initiatorName, TargetEntry current,
                                 InetSocketAddress local) {
        List<KeyValue> out = new ArrayList<>();
        if (TextKeys.ALL.equals(value)) {
            for (TargetEntry t : ctx.targets()) {
                add(ctx, out, t, initiatorName, local);
            }
        } else if (value.isEmpty()) {
            if (current != null) {
                add(ctx, out, current, initiatorName, local);
            }
        } else {
            TargetEntry t = ctx.target(value);
            if (t != null && (current == null || current == t)) {
                add(ctx, out, t, initiatorName, local);
            }
        }
        return out;
    }

    private static void add(ServerContext ctx, List<KeyValue> out, TargetEntry t, String initiatorName,
                            InetSocketAddress local) {
        if (!t.port().isAccessAllowed(initiatorName)) {
            return;
        }
        out.add(new KeyValue(TextKeys.TARGET_NAME, t.iqn()));
        for (InetSocketAddress portal : ctx.portals()) {
            InetAddress a = portal.getAddress().isAnyLocalAddress() ? local.getAddress() : portal.getAddress();
            String host = a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
            out.add(new KeyValue(TextKeys.TARGET_ADDRESS, host + ":" + portal.getPort() + "," + t.portalGroupTag()));
        }
    }
}
