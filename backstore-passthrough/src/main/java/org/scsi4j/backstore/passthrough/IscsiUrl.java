package org.scsi4j.backstore.passthrough;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * A LUN of an iSCSI target in libiscsi's URL form:
 * {@code iscsi://[user[%secret]@]host[:port]/<target-iqn>/<lun>}, with an IPv6 host in brackets
 * and an optional {@code ?target_user=NAME&target_password=SECRET} for mutual CHAP (libiscsi's
 * keys). The '%' between user and secret is libiscsi's separator, not a percent escape, which is
 * why this is parsed by hand rather than with {@link java.net.URI} (which rejects it).
 *
 * @param host           host name or address, without brackets
 * @param port           TCP port (3260 when the URL names none)
 * @param targetName     the target's iSCSI name
 * @param lun            the LUN, 0..16383
 * @param user           CHAP user, or null for AuthMethod=None
 * @param secret         CHAP secret (null when {@code user} is)
 * @param targetUser     mutual CHAP: the name the target answers with, or null
 * @param targetSecret   mutual CHAP: the target's secret (null when {@code targetUser} is)
 */
record IscsiUrl(String host, int port, String targetName, int lun, String user, String secret,
                String targetUser, String targetSecret) {
    static final int DEFAULT_PORT = 3260;
    private static final String SCHEME = "iscsi://";
    private static final String FORM = "iscsi://[user%secret@]host[:port]/<target-iqn>/<lun>";

    /** @throws IllegalArgumentException naming what is wrong (never echoing a secret) */
    static IscsiUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            throw bad(url, "does not start with " + SCHEME);
        }
        String rest = url.substring(SCHEME.length());
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw bad(url, "names no target and LUN");
        }
        String authority = rest.substring(0, slash);
        String path = rest.substring(slash + 1);

        String user = null;
        String secret = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int pct = userInfo.indexOf('%');
            if (pct <= 0 || pct == userInfo.length() - 1) {
                throw bad(url, "has a user without a secret (user%secret@)");
            }
            user = userInfo.substring(0, pct);
            secret = userInfo.substring(pct + 1);
        }

        String host;
        int port = DEFAULT_PORT;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw bad(url, "has an unclosed [IPv6 address]");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw bad(url, "has text after the [IPv6 address]");
                }
                portText = after.substring(1);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw bad(url, "names no host");
        }
        if (portText != null) {
            port = number(url, portText, "port", 1, 65535);
        }

        int lunSlash = path.lastIndexOf('/');
        if (lunSlash <= 0) {
            throw bad(url, "needs /<target-iqn>/<lun> after the host");
        }
        String target = path.substring(0, lunSlash);
        if (target.contains("/")) {
            throw bad(url, "has more path segments than /<target-iqn>/<lun>");
        }
        int lun = number(url, path.substring(lunSlash + 1), "LUN", 0, 16383);

        String targetUser = null;
        String targetSecret = null;
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                switch (key) {
                    case "target_user" -> targetUser = value;
                    case "target_password" -> targetSecret = value;
                    default -> throw bad(url, "has an unknown option " + key
                            + " (known: target_user, target_password)");
                }
            }
            if ((targetUser == null) != (targetSecret == null) || "".equals(targetUser) || "".equals(targetSecret)) {
                throw bad(url, "needs both target_user and target_password for mutual CHAP");
            }
            if (user == null) {
                throw bad(url, "asks for mutual CHAP (target_user) without user%secret@");
            }
        }
        return new IscsiUrl(host, port, target, lun, user, secret, targetUser, targetSecret);
    }

    InetSocketAddress portal() {
        return new InetSocketAddress(host, port);
    }

    private static int number(String url, String text, String what, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw bad(url, "has a " + what + " that is not a number: " + text);
        }
        if (value < min || value > max) {
            throw bad(url, "has " + what + " " + value + " outside " + min + ".." + max);
        }
        return value;
    }

    private static IllegalArgumentException bad(String url, String why) {
        return new IllegalArgumentException("iSCSI URL " + redact(url) + " " + why + "; expected " + FORM);
    }

    /** The URL with the secrets blanked, for messages and logs. */
    static String redact(String url) {
        String s = url.replaceAll("(?i)(target_password=)[^&]*", "$1***");
        int schemeEnd = s.indexOf("://");
        int at = s.indexOf('@', schemeEnd < 0 ? 0 : schemeEnd);
        int slash = s.indexOf('/', schemeEnd < 0 ? 0 : schemeEnd + 3);
        if (schemeEnd >= 0 && at > 0 && (slash < 0 || at < slash)) {
            int pct = s.indexOf('%', schemeEnd + 3);
            if (pct > 0 && pct < at) {
                s = s.substring(0, pct + 1) + "***" + s.substring(at);
            }
        }
        return s;
    }

    @Override
    public String toString() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "iscsi://" + (user != null ? user + "%***@" : "") + h + ":" + port + "/" + targetName + "/" + lun;
    }
}
