package org.scsi4j.examples.config;

import java.net.InetSocketAddress;

/** {@code HOST:PORT} portal strings ({@code [v6-address]:PORT} for IPv6). */
final class Portals {
    private Portals() {
    }

    /** @throws IllegalArgumentException saying what is wrong with {@code portal} */
    static void check(String portal) {
        address(portal);
    }

    /** The address to bind for a portal string (host names resolved). */
    static InetSocketAddress bindAddress(String portal) {
        InetSocketAddress a = address(portal);
        return new InetSocketAddress(a.getHostString(), a.getPort());
    }

    private static InetSocketAddress address(String portal) {
        int colon = portal.lastIndexOf(':');
        if (colon <= 0 || colon == portal.length() - 1) {
            throw new IllegalArgumentException("a portal is HOST:PORT, was '" + portal + "'");
        }
        String host = portal.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an IPv6 portal is written [ADDRESS]:PORT, was '" + portal + "'");
        }
        int port;
        try {
            port = Integer.parseInt(portal.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the port of '" + portal + "' is not a number", e);
        }
        if (port < 0 || port > 65535 || host.isBlank()) {
            throw new IllegalArgumentException("a portal is HOST:PORT with PORT 0..65535, was '" + portal + "'");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
