package org.scsi4j.iscsi.internal.text;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The RFC 7143 key table: for every key of §12 and §13, where it may be used, who may send it,
 * how the result is computed, its range and its default. {@link LoginNegotiator} is driven by
 * these rows; keys absent from the table are answered {@code NotUnderstood} (§6.2).
 */
public final class KeyTable {

    /** "Use" of §13's key descriptions. */
    public enum Use {
        /** LO: only in the login of the leading connection of a session. */
        LEADING_ONLY,
        /** IO: only in the login phase of a connection. */
        INITIALIZE_ONLY,
        /** ALL: login and full feature phase. */
        ALL,
        /** FFPO: full feature phase only (Text Requests). */
        FULL_FEATURE_ONLY,
        /** During login, security negotiation stage only (§12). */
        SECURITY
    }

    /** "Senders" of §13's key descriptions. */
    public enum Sender {
        INITIATOR,
        TARGET,
        BOTH
    }

    /** How the outcome is computed, §6.2. */
    public enum Function {
        /** List negotiation, §6.2.1: first value of the offer the acceptor supports. */
        LIST,
        /** Numerical, result is the minimum of offer and acceptor's value, §6.2.2. */
        MIN,
        /** Numerical, result is the maximum. */
        MAX,
        /** Boolean AND, §6.2.2. */
        AND,
        /** Boolean OR, §6.2.2. */
        OR,
        /** Declarative numerical value: no answer (MaxRecvDataSegmentLength, §13.12). */
        DECLARATIVE_NUMBER,
        /** Declarative text: no answer (names, aliases, SessionType). */
        DECLARATIVE_TEXT,
        /** IFMarker/OFMarker, obsoleted by §13.25: answered "No", never NotUnderstood. */
        OBSOLETE_MARKER,
        /** IFMarkInt/OFMarkInt, obsoleted by §13.25: answered "Reject", never NotUnderstood. */
        OBSOLETE_MARK_INT,
        /** Interpreted by the authentication code, §12. */
        SECURITY
    }

    /**
     * One row of the table.
     *
     * @param name key name
     * @param use where the key may appear
     * @param sender who may send it
     * @param function result function
     * @param min smallest valid number (numerical keys)
     * @param max largest valid number (numerical keys)
     * @param defaultValue the RFC default, or null when there is none
     * @param irrelevantInDiscovery "Irrelevant when: SessionType=Discovery"
     * @param section the RFC 7143 section
     */
    public record Key(String name, Use use, Sender sender, Function function, long min, long max,
                      String defaultValue, boolean irrelevantInDiscovery, String section) {
    }

    private static final long MAX_24_BIT = (1 << 24) - 1;

    private static final Map<String, Key> KEYS = Stream.of(
            new Key(TextKeys.HEADER_DIGEST, Use.INITIALIZE_ONLY, Sender.BOTH, Function.LIST, 0, 0, TextKeys.NONE, false, "13.1"),
            new Key(TextKeys.DATA_DIGEST, Use.INITIALIZE_ONLY, Sender.BOTH, Function.LIST, 0, 0, TextKeys.NONE, false, "13.1"),
            new Key(TextKeys.MAX_CONNECTIONS, Use.LEADING_ONLY, Sender.BOTH, Function.MIN, 1, 65535, "1", true, "13.2"),
            new Key(TextKeys.SEND_TARGETS, Use.FULL_FEATURE_ONLY, Sender.INITIATOR, Function.DECLARATIVE_TEXT, 0, 0, null, false, "13.3"),
            new Key(TextKeys.TARGET_NAME, Use.INITIALIZE_ONLY, Sender.INITIATOR, Function.DECLARATIVE_TEXT, 0, 0, null, false, "13.4"),
            new Key(TextKeys.INITIATOR_NAME, Use.INITIALIZE_ONLY, Sender.INITIATOR, Function.DECLARATIVE_TEXT, 0, 0, null, false, "13.5"),
            new Key(TextKeys.TARGET_ALIAS, Use.ALL, Sender.TARGET, Function.DECLARATIVE_TEXT, 0, 0, null, false, "13.6"),
            new Key(TextKeys.INITIATOR_ALIAS, Use.ALL, Sender.INITIATOR, Function.DECLARATIVE_TEXT, 0, 0, null, false, "13.7"),
            new Key(TextKeys.TARGET_ADDRESS, Use.ALL, Sender.TARGET, Function.DECLARATIVE_TEXT, 0, 0, null, false, "13.8"),
            new Key(TextKeys.TARGET_PORTAL_GROUP_TAG, Use.INITIALIZE_ONLY, Sender.TARGET, Function.DECLARATIVE_NUMBER, 0, 65535, null, false, "13.9"),
            new Key(TextKeys.INITIAL_R2T, Use.LEADING_ONLY, Sender.BOTH, Function.OR, 0, 0, TextKeys.YES, true, "13.10"),
            new Key(TextKeys.IMMEDIATE_DATA, Use.LEADING_ONLY, Sender.BOTH, Function.AND, 0, 0, TextKeys.YES, true, "13.11"),
            new Key(TextKeys.MAX_RECV_DATA_SEGMENT_LENGTH, Use.ALL, Sender.BOTH, Function.DECLARATIVE_NUMBER, 512, MAX_24_BIT, "8192", false, "13.12"),
            new Key(TextKeys.MAX_BURST_LENGTH, Use.LEADING_ONLY, Sender.BOTH, Function.MIN, 512, MAX_24_BIT, "262144", true, "13.13"),
            new Key(TextKeys.FIRST_BURST_LENGTH, Use.LEADING_ONLY, Sender.BOTH, Function.MIN, 512, MAX_24_BIT, "65536", true, "13.14"),
            new Key(TextKeys.DEFAULT_TIME_2_WAIT, Use.LEADING_ONLY, Sender.BOTH, Function.MAX, 0, 3600, "2", false, "13.15"),
            new Key(TextKeys.DEFAULT_TIME_2_RETAIN, Use.LEADING_ONLY, Sender.BOTH, Function.MIN, 0, 3600, "20", false, "13.16"),
            new Key(TextKeys.MAX_OUTSTANDING_R2T, Use.LEADING_ONLY, Sender.BOTH, Function.MIN, 1, 65535, "1", true, "13.17"),
            new Key(TextKeys.DATA_PDU_IN_ORDER, Use.LEADING_ONLY, Sender.BOTH, Function.OR, 0, 0, TextKeys.YES, true, "13.18"),
            new Key(TextKeys.DATA_SEQUENCE_IN_ORDER, Use.LEADING_ONLY, Sender.BOTH, Function.OR, 0, 0, TextKeys.YES, true, "13.19"),
            new Key(TextKeys.ERROR_RECOVERY_LEVEL, Use.LEADING_ONLY, Sender.BOTH, Function.MIN, 0, 2, "0", false, "13.20"),
            new Key(TextKeys.SESSION_TYPE, Use.LEADING_ONLY, Sender.INITIATOR, Function.DECLARATIVE_TEXT, 0, 0, TextKeys.NORMAL, false, "13.21"),
            new Key(TextKeys.TASK_REPORTING, Use.LEADING_ONLY, Sender.BOTH, Function.LIST, 0, 0, TextKeys.RFC3720, true, "13.23"),
            new Key(TextKeys.ISCSI_PROTOCOL_LEVEL, Use.LEADING_ONLY, Sender.BOTH, Function.MIN, 0, 31, "0", true, "13.24"),
            new Key(TextKeys.IF_MARKER, Use.INITIALIZE_ONLY, Sender.BOTH, Function.OBSOLETE_MARKER, 0, 0, TextKeys.NO, false, "13.25"),
            new Key(TextKeys.OF_MARKER, Use.INITIALIZE_ONLY, Sender.BOTH, Function.OBSOLETE_MARKER, 0, 0, TextKeys.NO, false, "13.25"),
            new Key(TextKeys.IF_MARK_INT, Use.INITIALIZE_ONLY, Sender.BOTH, Function.OBSOLETE_MARK_INT, 0, 0, null, false, "13.25"),
            new Key(TextKeys.OF_MARK_INT, Use.INITIALIZE_ONLY, Sender.BOTH, Function.OBSOLETE_MARK_INT, 0, 0, null, false, "13.25"),
            new Key(TextKeys.AUTH_METHOD, Use.SECURITY, Sender.BOTH, Function.SECURITY, 0, 0, null, false, "12.1"),
            new Key(TextKeys.CHAP_A, Use.SECURITY, Sender.BOTH, Function.SECURITY, 0, 0, null, false, "12.1.3"),
            new Key(TextKeys.CHAP_I, Use.SECURITY, Sender.BOTH, Function.SECURITY, 0, 0, null, false, "12.1.3"),
            new Key(TextKeys.CHAP_C, Use.SECURITY, Sender.BOTH, Function.SECURITY, 0, 0, null, false, "12.1.3"),
            new Key(TextKeys.CHAP_N, Use.SECURITY, Sender.BOTH, Function.SECURITY, 0, 0, null, false, "12.1.3"),
            new Key(TextKeys.CHAP_R, Use.SECURITY, Sender.BOTH, Function.SECURITY, 0, 0, null, false, "12.1.3")
    ).collect(Collectors.toUnmodifiableMap(Key::name, java.util.function.Function.identity()));

    private KeyTable() {
    }

    /** @return the row for {@code name}, or null for keys this target does not understand */
    public static Key get(String name) {
        return KEYS.get(name);
    }

    /** @return the RFC default of a key that has one */
    public static String defaultValue(String name) {
        return KEYS.get(name).defaultValue();
    }
}
