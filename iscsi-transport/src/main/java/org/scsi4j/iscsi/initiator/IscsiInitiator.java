package org.scsi4j.iscsi.initiator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.scsi4j.iscsi.ChapCredentials;
import org.scsi4j.iscsi.Digest;

/**
 * An iSCSI initiator node (RFC 7143): its name, credentials and the parameters it negotiates.
 * Immutable and thread-safe; {@link #login} opens an {@link IscsiSession} to a target,
 * {@link #discover} asks a portal which targets it offers.
 *
 * <pre>{@code
 * IscsiInitiator initiator = IscsiInitiator.builder("iqn.2026-11.org.example:host1")
 *         .chap(ChapCredentials.of("host1", "a-secret-of-16-bytes"))
 *         .build();
 * for (DiscoveredTarget t : initiator.discover(new InetSocketAddress("10.0.0.5", 3260))) { ... }
 * try (IscsiSession s = initiator.login(new InetSocketAddress("10.0.0.5", 3260), "iqn.2026-11.org.example:disks")) {
 *     ScsiResult r = s.execute(0, inquiryCdb, null, buffer, Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>Every session uses ErrorRecoveryLevel 0 and one connection (MaxConnections=1). Each session
 * has a random ISID, kept across reconnections so that a new login reinstates the session
 * (RFC 7143 §6.3.5) instead of creating a second one.
 */
public final class IscsiInitiator {
    private static final SecureRandom ISID_RANDOM = new SecureRandom();

    private final String initiatorName;
    private final String initiatorAlias;
    private final ChapCredentials chap;
    private final ChapCredentials mutualChap;
    private final ChapCredentials discoveryChap;
    private final ChapCredentials discoveryMutualChap;
    private final String headerDigestOffer;
    private final String dataDigestOffer;
    private final int maxRecvDataSegmentLength;
    private final int maxSendDataSegmentLength;
    private final int maxBurstLength;
    private final int firstBurstLength;
    private final boolean immediateData;
    private final boolean initialR2T;
    private final int maxOutstandingR2T;
    private final int defaultTime2Wait;
    private final int queueDepth;
    private final Duration loginTimeout;
    private final Duration logoutTimeout;
    private final Duration taskManagementTimeout;
    private final Duration keepAliveInterval;
    private final Duration keepAliveTimeout;
    private final int reconnectAttempts;
    private final Duration reconnectDelay;

    private IscsiInitiator(Builder b) {
        initiatorName = b.initiatorName;
        initiatorAlias = b.initiatorAlias;
        chap = b.chap;
        mutualChap = b.mutualChap;
        discoveryChap = b.discoveryChap;
        discoveryMutualChap = b.discoveryMutualChap;
        headerDigestOffer = b.headerDigests.stream().map(Digest::wireValue).collect(Collectors.joining(","));
        dataDigestOffer = b.dataDigests.stream().map(Digest::wireValue).collect(Collectors.joining(","));
        maxRecvDataSegmentLength = b.maxRecvDataSegmentLength;
        maxSendDataSegmentLength = b.maxSendDataSegmentLength;
        maxBurstLength = b.maxBurstLength;
        firstBurstLength = b.firstBurstLength;
        immediateData = b.immediateData;
        initialR2T = b.initialR2T;
        maxOutstandingR2T = b.maxOutstandingR2T;
        defaultTime2Wait = b.defaultTime2Wait;
        queueDepth = b.queueDepth;
        loginTimeout = b.loginTimeout;
        logoutTimeout = b.logoutTimeout;
        taskManagementTimeout = b.taskManagementTimeout;
        keepAliveInterval = b.keepAliveInterval;
        keepAliveTimeout = b.keepAliveTimeout;
        reconnectAttempts = b.reconnectAttempts;
        reconnectDelay = b.reconnectDelay;
    }

    /** @param initiatorName our iSCSI name ("iqn.", "eui." or "naa." form, RFC 7143 §4.2.7) */
    public static Builder builder(String initiatorName) {
        return new Builder(initiatorName);
    }

    /**
     * Connects to {@code portal} and logs in to {@code targetName} (SessionType=Normal).
     *
     * @return the session, in full feature phase
     * @throws LoginException when the connection or the login fails (no reconnection is tried)
     */
    public IscsiSession login(InetSocketAddress portal, String targetName) throws IOException {
        Objects.requireNonNull(portal, "portal");
        Objects.requireNonNull(targetName, "targetName");
        SessionLoop loop = new SessionLoop(this, portal, targetName, chap, mutualChap, newIsid());
        loop.start(loginTimeout.toNanos());
        return new IscsiSession(loop);
    }

    /**
     * Opens a Discovery session to {@code portal}, asks SendTargets=All (RFC 7143 §13.3,
     * Appendix C) and logs out.
     *
     * @return the targets offered, each with its portals, in the order the target listed them
     */
    public List<DiscoveredTarget> discover(InetSocketAddress portal) throws IOException {
        Objects.requireNonNull(portal, "portal");
        SessionLoop loop = new SessionLoop(this, portal, null, discoveryChap, discoveryMutualChap, newIsid());
        loop.start(loginTimeout.toNanos());
        try (IscsiSession session = new IscsiSession(loop)) {
            return DiscoveredTarget.parse(session.sendTargets("All", loginTimeout));
        }
    }

    /** A random ISID (RFC 7143 §11.12.5, type 10b "Random"): 0x80, 24 random bits, 16 random bits. */
    private static long newIsid() {
        return 0x80_0000_000000L | (ISID_RANDOM.nextLong() & 0x00_FFFF_FFFFFFL);
    }

    public String initiatorName() {
        return initiatorName;
    }

    String initiatorAlias() {
        return initiatorAlias;
    }

    String headerDigestOffer() {
        return headerDigestOffer;
    }

    String dataDigestOffer() {
        return dataDigestOffer;
    }

    int maxRecvDataSegmentLength() {
        return maxRecvDataSegmentLength;
    }

    int maxSendDataSegmentLength() {
        return maxSendDataSegmentLength;
    }

    int maxBurstLength() {
        return maxBurstLength;
    }

    int firstBurstLength() {
        return firstBurstLength;
    }

    boolean immediateData() {
        return immediateData;
    }

    boolean initialR2T() {
        return initialR2T;
    }

    int maxOutstandingR2T() {
        return maxOutstandingR2T;
    }

    int defaultTime2Wait() {
        return defaultTime2Wait;
    }

    int queueDepth() {
        return queueDepth;
    }

    Duration loginTimeout() {
        return loginTimeout;
    }

    Duration logoutTimeout() {
        return logoutTimeout;
    }

    Duration taskManagementTimeout() {
        return taskManagementTimeout;
    }

    Duration keepAliveInterval() {
        return keepAliveInterval;
    }

    Duration keepAliveTimeout() {
        return keepAliveTimeout;
    }

    int reconnectAttempts() {
        return reconnectAttempts;
    }

    Duration reconnectDelay() {
        return reconnectDelay;
    }

    @Override
    public String toString() {
        return "IscsiInitiator[" + initiatorName + (chap != null ? ", CHAP" + (mutualChap != null ? " mutual" : "") : "")
                + "]";
    }

    /** Builds an {@link IscsiInitiator}; {@link #build()} validates every setting and names the bad one. */
    public static final class Builder {
        private final String initiatorName;
        private String initiatorAlias;
        private ChapCredentials chap;
        private ChapCredentials mutualChap;
        private ChapCredentials discoveryChap;
        private ChapCredentials discoveryMutualChap;
        private List<Digest> headerDigests = List.of(Digest.NONE);
        private List<Digest> dataDigests = List.of(Digest.NONE);
        private int maxRecvDataSegmentLength = 262144;
        private int maxSendDataSegmentLength = 262144;
        private int maxBurstLength = 1 << 20;
        private int firstBurstLength = 65536;
        private boolean immediateData = true;
        private boolean initialR2T = false;
        private int maxOutstandingR2T = 1;
        private int defaultTime2Wait = 2;
        private int queueDepth = 64;
        private Duration loginTimeout = Duration.ofSeconds(15);
        private Duration logoutTimeout = Duration.ofSeconds(5);
        private Duration taskManagementTimeout = Duration.ofSeconds(10);
        private Duration keepAliveInterval = Duration.ZERO;
        private Duration keepAliveTimeout = Duration.ofSeconds(10);
        private int reconnectAttempts = 5;
        private Duration reconnectDelay = Duration.ofSeconds(1);

        private Builder(String initiatorName) {
            this.initiatorName = Objects.requireNonNull(initiatorName, "initiatorName");
        }

        /** InitiatorAlias declared at login (§13.7); default none. */
        public Builder alias(String alias) {
            this.initiatorAlias = alias;
            return this;
        }

        /** Authenticates with CHAP as this name and secret (default: AuthMethod=None). */
        public Builder chap(ChapCredentials credentials) {
            this.chap = credentials;
            return this;
        }

        /**
         * Requires the target to authenticate too (mutual CHAP): it must answer our challenge as
         * this name with this secret. Needs {@link #chap}.
         */
        public Builder mutualChap(ChapCredentials expectedTarget) {
            this.mutualChap = expectedTarget;
            return this;
        }

        /** CHAP credentials for Discovery sessions (default: AuthMethod=None). */
        public Builder discoveryChap(ChapCredentials credentials, ChapCredentials expectedTarget) {
            this.discoveryChap = credentials;
            this.discoveryMutualChap = expectedTarget;
            return this;
        }

        /** HeaderDigest values offered, in order of preference (default None). */
        public Builder headerDigests(Digest... digests) {
            this.headerDigests = List.of(digests);
            return this;
        }

        /** DataDigest values offered, in order of preference (default None). */
        public Builder dataDigests(Digest... digests) {
            this.dataDigests = List.of(digests);
            return this;
        }

        /** Our MaxRecvDataSegmentLength, 512..16777215 (default 262144): the largest Data-In segment. */
        public Builder maxRecvDataSegmentLength(int bytes) {
            this.maxRecvDataSegmentLength = bytes;
            return this;
        }

        /**
         * Largest data segment this side sends (Data-Out, immediate data), 512..16777215
         * (default 262144); the target's MaxRecvDataSegmentLength caps it further. Sizes the
         * send buffer.
         */
        public Builder maxSendDataSegmentLength(int bytes) {
            this.maxSendDataSegmentLength = bytes;
            return this;
        }

        /** MaxBurstLength offered, 512..16777215 (default 1 MiB, §13.13). */
        public Builder maxBurstLength(int bytes) {
            this.maxBurstLength = bytes;
            return this;
        }

        /** FirstBurstLength offered, 512..maxBurstLength (default 65536, §13.14). */
        public Builder firstBurstLength(int bytes) {
            this.firstBurstLength = bytes;
            return this;
        }

        /** ImmediateData offered (default Yes, §13.11). */
        public Builder immediateData(boolean yes) {
            this.immediateData = yes;
            return this;
        }

        /** InitialR2T offered (default No: unsolicited Data-Out allowed, §13.10). */
        public Builder initialR2T(boolean yes) {
            this.initialR2T = yes;
            return this;
        }

        /** MaxOutstandingR2T offered, 1..65535 (default 1, §13.17). */
        public Builder maxOutstandingR2T(int n) {
            this.maxOutstandingR2T = n;
            return this;
        }

        /** DefaultTime2Wait offered in seconds, 0..3600 (default 2, §13.15); also the least reconnection delay. */
        public Builder defaultTime2Wait(int seconds) {
            this.defaultTime2Wait = seconds;
            return this;
        }

        /** Commands a session has in flight at most, 1..4096 (default 64); more callers wait. */
        public Builder queueDepth(int n) {
            this.queueDepth = n;
            return this;
        }

        /** Time to connect and complete a login (default 15 s). */
        public Builder loginTimeout(Duration timeout) {
            this.loginTimeout = Objects.requireNonNull(timeout, "loginTimeout");
            return this;
        }

        /** How long close() waits for commands in flight, and then for the Logout Response (default 5 s each). */
        public Builder logoutTimeout(Duration timeout) {
            this.logoutTimeout = Objects.requireNonNull(timeout, "logoutTimeout");
            return this;
        }

        /** Time a task management function has to be answered before the connection is dropped (default 10 s). */
        public Builder taskManagementTimeout(Duration timeout) {
            this.taskManagementTimeout = Objects.requireNonNull(timeout, "taskManagementTimeout");
            return this;
        }

        /**
         * Sends a NOP-Out after {@code interval} without any PDU from the target and drops the
         * connection when nothing arrives within {@code timeout} (default: off).
         */
        public Builder keepAlive(Duration interval, Duration timeout) {
            this.keepAliveInterval = Objects.requireNonNull(interval, "keepAlive interval");
            this.keepAliveTimeout = Objects.requireNonNull(timeout, "keepAlive timeout");
            return this;
        }

        /**
         * After a connection drop, tries to log in again (session reinstatement) up to
         * {@code attempts} times, {@code delay} apart (and at least DefaultTime2Wait); 0 turns
         * reconnection off (default 5 attempts, 1 s).
         */
        public Builder reconnect(int attempts, Duration delay) {
            this.reconnectAttempts = attempts;
            this.reconnectDelay = Objects.requireNonNull(delay, "reconnect delay");
            return this;
        }

        public IscsiInitiator build() {
            if (!isIscsiName(initiatorName)) {
                throw new IllegalArgumentException("initiatorName " + initiatorName
                        + " is not an iSCSI name (iqn.yyyy-mm.reversed.domain[:id], eui.<16 hex>, naa.<hex>)");
            }
            if (initiatorAlias != null && (initiatorAlias.isEmpty() || initiatorAlias.length() > 255)) {
                throw new IllegalArgumentException("alias must be 1..255 characters");
            }
            if (mutualChap != null && chap == null) {
                throw new IllegalArgumentException("mutualChap needs chap (our own credentials) too");
            }
            if (discoveryMutualChap != null && discoveryChap == null) {
                throw new IllegalArgumentException("discoveryChap: the target credentials need ours too");
            }
            if (mutualChap != null && Arrays.equals(mutualChap.secret(), chap.secret())
                    || discoveryMutualChap != null && Arrays.equals(discoveryMutualChap.secret(), discoveryChap.secret())) {
                throw new IllegalArgumentException("mutual CHAP: the target's secret must differ from ours "
                        + "(RFC 7143 §9.2.1)");
            }
            if (headerDigests.isEmpty() || dataDigests.isEmpty()) {
                throw new IllegalArgumentException((headerDigests.isEmpty() ? "headerDigests" : "dataDigests")
                        + ": at least one digest must be offered");
            }
            range("maxRecvDataSegmentLength", maxRecvDataSegmentLength, 512, (1 << 24) - 1);
            range("maxSendDataSegmentLength", maxSendDataSegmentLength, 512, (1 << 24) - 1);
            range("maxBurstLength", maxBurstLength, 512, (1 << 24) - 1);
            range("firstBurstLength", firstBurstLength, 512, maxBurstLength);
            range("maxOutstandingR2T", maxOutstandingR2T, 1, 65535);
            range("defaultTime2Wait", defaultTime2Wait, 0, 3600);
            range("queueDepth", queueDepth, 1, 4096);
            range("reconnect attempts", reconnectAttempts, 0, Integer.MAX_VALUE);
            positive("loginTimeout", loginTimeout, false);
            positive("logoutTimeout", logoutTimeout, false);
            positive("taskManagementTimeout", taskManagementTimeout, false);
            positive("keepAlive interval", keepAliveInterval, true);
            positive("keepAlive timeout", keepAliveTimeout, false);
            positive("reconnect delay", reconnectDelay, true);
            return new IscsiInitiator(this);
        }

        private static void range(String name, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", was " + value);
            }
        }

        private static void positive(String name, Duration d, boolean zeroAllowed) {
            if (d.isNegative() || (!zeroAllowed && d.isZero())) {
                throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? "zero or more" : "positive")
                        + ", was " + d);
            }
        }

        private static boolean isIscsiName(String name) {
            if (name.length() > 223 || name.chars().anyMatch(c -> c <= ' ' || c == ',' || c == '/')) {
                return false;
            }
            return name.matches("iqn\\.\\d{4}-\\d{2}\\.\\S+") || name.matches("eui\\.[0-9A-Fa-f]{16}")
                    || name.matches("naa\\.[0-9A-Fa-f]{16}([0-9A-Fa-f]{16})?");
        }
    }
}
