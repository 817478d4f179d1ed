package org.scsi4j.iscsi.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Response text in chunks bounded by the peer's MaxRecvDataSegmentLength, with the C bit. */
class TextSegmentEncoderTest {

    @Test
    void encodesKeyValueNul() {
        TextSegmentEncoder encoder = new TextSegmentEncoder().add("HeaderDigest", "None").add(new KeyValue("A", "\u00e9"));
        assertThat(new String(encoder.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("HeaderDigest=None\0A=\u00e9\0");
        assertThat(encoder.length()).as("18 + 5 bytes, the e-acute is two").isEqualTo(23);
    }

    @Test
    void chunksReassembleForEveryChunkSize() {
        List<KeyValue> pairs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pairs.add(new KeyValue("TargetName", "iqn.2026-11.org.example:disk" + i));
            pairs.add(new KeyValue("TargetAddress", "127.0.0.1:3260,1"));
        }
        TextSegmentEncoder encoder = new TextSegmentEncoder();
        for (int chunk : new int[] {1, 3, 512, 1000, 8192}) {
            encoder.reset().add(pairs);
            TextSegmentAccumulator accumulator = new TextSegmentAccumulator();
            ByteBuffer pdu = ByteBuffer.allocate(8192 + 48);
            TextOutcome outcome;
            int pdus = 0;
            do {
                int n = encoder.writeChunk(pdu, 48, chunk);
                assertThat(n).isLessThanOrEqualTo(chunk).isPositive();
                outcome = accumulator.append(pdu, 48, n, encoder.hasMore());
                pdus++;
            } while (outcome == TextOutcome.NEED_MORE);
            assertThat(outcome).isEqualTo(TextOutcome.COMPLETE);
            assertThat(accumulator.pairs()).isEqualTo(pairs);
            assertThat(pdus).isEqualTo((encoder.length() + chunk - 1) / chunk);
            assertThat(encoder.remaining()).isZero();
        }
    }

    @Test
    void exactFitNeedsNoContinuation() {
        TextSegmentEncoder encoder = new TextSegmentEncoder().add("Ab", "c");
        ByteBuffer buffer = ByteBuffer.allocate(16);
        assertThat(encoder.writeChunk(buffer, 0, 5)).isEqualTo(5);
        assertThat(encoder.hasMore()).isFalse();
        assertThat(encoder.writeChunk(buffer, 0, 5)).isZero();
    }
}
