package org.scsi4j.iscsi.internal.text;

/**
 * Result of feeding a text data segment to {@link TextSegmentAccumulator}. Every value other
 * than {@link #NEED_MORE} and {@link #COMPLETE} is an initiator error: the login fails with
 * Status-Class 2 (RFC 7143 §11.13.5), or a Text Request is answered with Reject.
 */
public enum TextOutcome {
    /** The PDU had the C bit set: more text follows in the next PDU (§6.1). */
    NEED_MORE,
    /** The logical text data segment is complete and parsed into pairs. */
    COMPLETE,
    /** The accumulated text exceeds the configured limit. */
    TOO_LONG,
    /** The text is not well-formed UTF-8 (§6.1 requires UTF-8). */
    NOT_UTF8,
    /** A pair has no '=', an empty key, or the text does not end with a null delimiter. */
    MALFORMED,
    /** A key name is longer than 63 bytes (§6.1 standard-label). */
    KEY_TOO_LONG,
    /** A value is longer than the absolute cap of {@link TextValues#MAX_ANY_VALUE_LENGTH}. */
    VALUE_TOO_LONG
}
