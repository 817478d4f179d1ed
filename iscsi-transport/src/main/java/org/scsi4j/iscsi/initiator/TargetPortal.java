package org.scsi4j.iscsi.initiator;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A network portal of a target, as a TargetAddress key gives it (RFC 7143 §13.8):
 * {@code domainname[:port][,portal-group-tag]}, an IPv6 address in brackets.
 *
 * @param host a DNS name or IP address (IPv6 without brackets)
 * @param port the TCP port (3260 when the address gave none)
 * @param portalGroupTag the target portal group tag, or -1 when the address gave none
 */
public record TargetPortal(String host, int port, int portalGroupTag) {
    /** The IANA iSCSI port, RFC 7143 §13.8. */
    public static final int DEFAULT_PORT = 3260;

    public TargetPortal {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }

    /** @return an unresolved socket address to connect to */
    public InetSocketAddress address() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * Parses a TargetAddress value.
     *
     * @throws IllegalArgumentException when malformed
     */
    public static TargetPortal parse(String value) {
        String rest = value.trim();
        int tag = -1;
        int comma = rest.lastIndexOf(',');
        if (comma >= 0) {
            tag = parseNumber(rest.substring(comma + 1), value, 0xFFFF);
            rest = rest.substring(0, comma);
        }
        String host;
        int port = DEFAULT_PORT;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("bad TargetAddress " + value);
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (after.startsWith(":")) {
                port = parseNumber(after.substring(1), value, 65535);
            } else if (!after.isEmpty()) {
                throw new IllegalArgumentException("bad TargetAddress " + value);
            }
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon >= 0 && rest.indexOf(':') == colon) {
                host = rest.substring(0, colon);
                port = parseNumber(rest.substring(colon + 1), value, 65535);
            } else {
                host = rest; // a name, an IPv4 address, or a bare IPv6 address
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("bad TargetAddress " + value);
        }
        return new TargetPortal(host, port, tag);
    }

    private static int parseNumber(String s, String value, int max) {
        try {
            int n = Integer.parseInt(s.trim());
            if (n < 0 || n > max) {
                throw new IllegalArgumentException("bad TargetAddress " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad TargetAddress " + value, e);
        }
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return h + ":" + port + (portalGroupTag >= 0 ? "," + portalGroupTag : "");
    }
}
