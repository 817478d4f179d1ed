package org.scsi4j.iscsi.internal.text;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes {@code key=value\0} pairs (RFC 7143 §6.1) and hands them out in chunks no longer than
 * the peer's MaxRecvDataSegmentLength, so a long answer (SendTargets, many keys) spans several
 * Login or Text Responses with the C bit set on all but the last (§11.11.2, §11.13.3). Pairs
 * may be cut anywhere; §6.1 lets key=value pairs span PDU boundaries.
 *
 * <pre>{@code
 * encoder.reset().add(responses);
 * int n = encoder.writeChunk(sendBuffer, dataIndex, peerMaxRecvDataSegmentLength);
 * response.dataSegmentLength(n).continues(encoder.hasMore());
 * }</pre>
 */
public final class TextSegmentEncoder {
    private byte[] text = new byte[512];
    private int length;
    private int sent;

    /** Drops all text, sent or not. */
    public TextSegmentEncoder reset() {
        length = 0;
        sent = 0;
        return this;
    }

    public TextSegmentEncoder add(String key, String value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        ensure(k.length + v.length + 2);
        System.arraycopy(k, 0, text, length, k.length);
        length += k.length;
        text[length++] = '=';
        System.arraycopy(v, 0, text, length, v.length);
        length += v.length;
        text[length++] = 0;
        return this;
    }

    public TextSegmentEncoder add(KeyValue pair) {
        return add(pair.key(), pair.value());
    }

    public TextSegmentEncoder add(List<KeyValue> pairs) {
        for (KeyValue pair : pairs) {
            add(pair);
        }
        return this;
    }

    /**
     * Copies the next chunk to {@code dst} at absolute {@code index}.
     *
     * @param maxLength the peer's MaxRecvDataSegmentLength (or less)
     * @return bytes written: the DataSegmentLength of the response PDU (0 when nothing is left)
     */
    public int writeChunk(ByteBuffer dst, int index, int maxLength) {
        int n = Math.min(maxLength, length - sent);
        dst.put(index, text, sent, n);
        sent += n;
        return n;
    }

    /** @return true while text remains after the last chunk: the C bit of that chunk's PDU */
    public boolean hasMore() {
        return sent < length;
    }

    /** @return total encoded bytes */
    public int length() {
        return length;
    }

    /** @return bytes not yet handed out */
    public int remaining() {
        return length - sent;
    }

    /** @return a copy of all encoded text (tests, logs) */
    public byte[] toByteArray() {
        return Arrays.copyOf(text, length);
    }

    private void ensure(int extra) {
        if (length + extra > text.length) {
            text = Arrays.copyOf(text, Math.max(text.length * 2, length + extra));
        }
    }
}
