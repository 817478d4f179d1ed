package org.scsi4j.iscsi.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The key=value codec: parsing, continuation across PDUs (C bit), limits, typed failures. */
class TextSegmentAccumulatorTest {
    private final TextSegmentAccumulator accumulator = new TextSegmentAccumulator();

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesPairsInOrder() {
        assertThat(accumulator.append(text("InitiatorName=iqn.x\0HeaderDigest=None,CRC32C\0Empty=\0A=b=c\0"), false))
                .isEqualTo(TextOutcome.COMPLETE);
        assertThat(accumulator.pairs()).containsExactly(new KeyValue("InitiatorName", "iqn.x"),
                new KeyValue("HeaderDigest", "None,CRC32C"), new KeyValue("Empty", ""), new KeyValue("A", "b=c"));
    }

    @Test
    void readsFromAByteBufferRangeWithoutMovingIt() {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        buffer.put(10, text("K=v\0"));
        buffer.position(3);
        assertThat(accumulator.append(buffer, 10, 4, false)).isEqualTo(TextOutcome.COMPLETE);
        assertThat(accumulator.pairs()).containsExactly(new KeyValue("K", "v"));
        assertThat(buffer.position()).isEqualTo(3);
    }

    @Test
    void continuationSplitsKeysAndValuesAnywhere() {
        byte[] whole = text("MaxBurstLength=262144\0InitiatorAlias=caf\u00e9\0SessionType=Normal\0");
        for (int cut1 = 0; cut1 <= whole.length; cut1++) {
            for (int cut2 = cut1; cut2 <= whole.length; cut2 += 5) {
                accumulator.reset();
                assertThat(accumulator.append(Arrays.copyOfRange(whole, 0, cut1), true)).isEqualTo(TextOutcome.NEED_MORE);
                assertThat(accumulator.append(Arrays.copyOfRange(whole, cut1, cut2), true)).isEqualTo(TextOutcome.NEED_MORE);
                assertThat(accumulator.append(Arrays.copyOfRange(whole, cut2, whole.length), false))
                        .isEqualTo(TextOutcome.COMPLETE);
                assertThat(accumulator.pairs()).containsExactly(new KeyValue("MaxBurstLength", "262144"),
                        new KeyValue("InitiatorAlias", "caf\u00e9"), new KeyValue("SessionType", "Normal"));
            }
        }
    }

    @Test
    void aNewSegmentStartsAfterACompleteOne() {
        accumulator.append(text("A=1\0"), false);
        assertThat(accumulator.append(text("B=2\0"), false)).isEqualTo(TextOutcome.COMPLETE);
        assertThat(accumulator.pairs()).containsExactly(new KeyValue("B", "2"));
        assertThat(accumulator.append(new byte[0], false)).isEqualTo(TextOutcome.COMPLETE);
        assertThat(accumulator.pairs()).isEmpty();
    }

    @Test
    void limitIsEnforcedAcrossPdus() {
        TextSegmentAccumulator small = new TextSegmentAccumulator(16);
        assertThat(small.append(text("Key=0123456"), true)).isEqualTo(TextOutcome.NEED_MORE);
        assertThat(small.append(text("789\0"), true)).isEqualTo(TextOutcome.NEED_MORE);
        assertThat(small.length()).isEqualTo(15);
        assertThat(small.append(text("XY"), false)).isEqualTo(TextOutcome.TOO_LONG);
        assertThat(small.append(text("A=b\0"), false)).as("failure is sticky").isEqualTo(TextOutcome.TOO_LONG);
        small.reset();
        assertThat(small.append(text("A=b\0"), false)).isEqualTo(TextOutcome.COMPLETE);
        assertThat(new TextSegmentAccumulator().append(new byte[64 * 1024 + 1], false)).isEqualTo(TextOutcome.TOO_LONG);
    }

    @Test
    void nonUtf8IsRejected() {
        assertThat(accumulator.append(new byte[] {'A', '=', (byte) 0xC3, 0x28, 0}, false)).isEqualTo(TextOutcome.NOT_UTF8);
        accumulator.reset();
        assertThat(accumulator.append(new byte[] {'A', '=', (byte) 0xFF, 0}, false)).isEqualTo(TextOutcome.NOT_UTF8);
        accumulator.reset();
        assertThat(accumulator.append(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '=', 'x', 0}, false))
                .as("surrogate code point").isEqualTo(TextOutcome.NOT_UTF8);
    }

    @Test
    void malformedPairs() {
        assertThat(new TextSegmentAccumulator().append(text("NoEquals\0"), false)).isEqualTo(TextOutcome.MALFORMED);
        assertThat(new TextSegmentAccumulator().append(text("=value\0"), false)).isEqualTo(TextOutcome.MALFORMED);
        assertThat(new TextSegmentAccumulator().append(text("A=1\0B=2"), false))
                .as("every pair ends with a null").isEqualTo(TextOutcome.MALFORMED);
    }

    @Test
    void keyAndValueLengths() {
        String key63 = "K".repeat(63);
        assertThat(new TextSegmentAccumulator().append(text(key63 + "=v\0"), false)).isEqualTo(TextOutcome.COMPLETE);
        assertThat(new TextSegmentAccumulator().append(text(key63 + "K=v\0"), false)).isEqualTo(TextOutcome.KEY_TOO_LONG);
        String value8192 = "0x" + "a".repeat(8190);
        assertThat(new TextSegmentAccumulator().append(text("CHAP_C=" + value8192 + "\0"), false))
                .isEqualTo(TextOutcome.COMPLETE);
        assertThat(new TextSegmentAccumulator().append(text("CHAP_C=" + value8192 + "a\0"), false))
                .isEqualTo(TextOutcome.VALUE_TOO_LONG);
    }

    @Test
    void extraNullsBetweenPairsAreTolerated() {
        assertThat(accumulator.append(text("A=1\0\0B=2\0\0"), false)).isEqualTo(TextOutcome.COMPLETE);
        assertThat(accumulator.pairs()).extracting(KeyValue::key).containsExactly("A", "B");
    }
}
