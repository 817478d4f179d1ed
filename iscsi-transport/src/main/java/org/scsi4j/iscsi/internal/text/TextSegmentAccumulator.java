package org.scsi4j.iscsi.internal.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gathers one logical text data segment (LTDS, RFC 7143 §6.1) from the data segments of a
 * series of Login or Text PDUs, the last of which has C=0, and parses it into
 * {@code key=value\0} pairs. The text is copied into a private buffer that grows up to a limit
 * (default 64 KiB); this runs only during login and text negotiation.
 *
 * <p>Per §6.1, the target answers every intermediate PDU (C=1) with an empty response of the
 * same kind before the initiator sends the next part; that is the session layer's job.
 *
 * <p>Nothing escapes as an exception: every problem is a {@link TextOutcome}. After an error
 * the accumulator keeps failing with the same outcome until {@link #reset()}.
 */
public final class TextSegmentAccumulator {
    public static final int DEFAULT_MAX_LENGTH = 64 * 1024;

    private final int maxLength;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] data = new byte[1024];
    private int length;
    private boolean complete;
    private TextOutcome failure;
    private List<KeyValue> pairs = List.of();

    public TextSegmentAccumulator() {
        this(DEFAULT_MAX_LENGTH);
    }

    /** @param maxLength largest LTDS accepted, in bytes */
    public TextSegmentAccumulator(int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be positive: " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /**
     * Adds one PDU's data segment.
     *
     * @param buffer buffer holding the data segment (absolute access, position untouched)
     * @param index index of the first data byte
     * @param count DataSegmentLength (without padding)
     * @param continues the PDU's C bit
     * @return {@link TextOutcome#NEED_MORE} while C=1, {@link TextOutcome#COMPLETE} with
     *         {@link #pairs()} set when C=0, or the error found
     */
    public TextOutcome append(ByteBuffer buffer, int index, int count, boolean continues) {
        if (failure != null) {
            return failure;
        }
        if (complete) {
            clearText();
        }
        if (count > maxLength - length) {
            return fail(TextOutcome.TOO_LONG);
        }
        if (length + count > data.length) {
            data = Arrays.copyOf(data, Math.min(maxLength, Math.max(length + count, data.length * 2)));
        }
        buffer.get(index, data, length, count);
        length += count;
        if (continues) {
            return TextOutcome.NEED_MORE;
        }
        List<KeyValue> parsed = new ArrayList<>();
        TextOutcome outcome = parse(data, length, parsed);
        if (outcome != TextOutcome.COMPLETE) {
            return fail(outcome);
        }
        pairs = List.copyOf(parsed);
        complete = true;
        return TextOutcome.COMPLETE;
    }

    /** Convenience for tests and callers holding an array. */
    public TextOutcome append(byte[] bytes, boolean continues) {
        return append(ByteBuffer.wrap(bytes), 0, bytes.length, continues);
    }

    /** @return the pairs of the last complete LTDS, in the order received */
    public List<KeyValue> pairs() {
        return pairs;
    }

    /** @return bytes gathered so far for the LTDS in progress (or the last complete one) */
    public int length() {
        return length;
    }

    /** Forgets the text in progress and any failure. */
    public void reset() {
        clearText();
        failure = null;
    }

    private void clearText() {
        length = 0;
        complete = false;
        pairs = List.of();
    }

    private TextOutcome fail(TextOutcome outcome) {
        failure = outcome;
        pairs = List.of();
        return outcome;
    }

    private TextOutcome parse(byte[] text, int end, List<KeyValue> out) {
        int start = 0;
        while (start < end) {
            int nul = indexOf(text, (byte) 0, start, end);
            if (nul < 0) {
                return TextOutcome.MALFORMED;
            }
            if (nul > start) {
                int eq = indexOf(text, (byte) '=', start, nul);
                if (eq <= start) {
                    return TextOutcome.MALFORMED;
                }
                if (eq - start > TextValues.MAX_KEY_LENGTH) {
                    return TextOutcome.KEY_TOO_LONG;
                }
                if (nul - eq - 1 > TextValues.MAX_ANY_VALUE_LENGTH) {
                    return TextOutcome.VALUE_TOO_LONG;
                }
                String key = decode(text, start, eq - start);
                String value = decode(text, eq + 1, nul - eq - 1);
                if (key == null || value == null) {
                    return TextOutcome.NOT_UTF8;
                }
                out.add(new KeyValue(key, value));
            }
            start = nul + 1;
        }
        return TextOutcome.COMPLETE;
    }

    private String decode(byte[] text, int from, int count) {
        try {
            return utf8.reset().decode(ByteBuffer.wrap(text, from, count)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int indexOf(byte[] text, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
