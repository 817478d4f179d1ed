package org.scsi4j.iscsi.internal.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** CRC32C known answers (RFC 7143 §13.1 and the RFC's CRC examples) and wire byte order. */
class Crc32cDigestTest {
    private final Crc32cDigest digest = new Crc32cDigest();

    private static byte[] fill(int first, int step) {
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i++) {
            b[i] = (byte) (first + i * step);
        }
        return b;
    }

    private byte[] wireDigest(byte[] data, boolean direct) {
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(data.length + 4) : ByteBuffer.allocate(data.length + 4);
        buffer.put(0, data);
        digest.sign(buffer, 0, data.length, data.length);
        byte[] wire = new byte[4];
        buffer.get(data.length, wire);
        return wire;
    }

    @Test
    void standardCheckValue() {
        byte[] text = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(digest.compute(ByteBuffer.wrap(text), 0, text.length)).isEqualTo(0xE3069283);
    }

    @Test
    void rfcExamplesGoOnTheWireLeastSignificantByteFirst() {
        for (boolean direct : new boolean[] {false, true}) {
            assertThat(wireDigest(new byte[32], direct)).containsExactly(0xaa, 0x36, 0x91, 0x8a);
            assertThat(wireDigest(fill(0xFF, 0), direct)).containsExactly(0x43, 0xab, 0xa8, 0x62);
            assertThat(wireDigest(fill(0, 1), direct)).containsExactly(0x4e, 0x79, 0xdd, 0x46);
            assertThat(wireDigest(fill(31, -1), direct)).containsExactly(0x5c, 0xdb, 0x3f, 0x11);
        }
    }

    @Test
    void directBufferRangeLeavesPositionAndLimitAlone() {
        ByteBuffer direct = ByteBuffer.allocateDirect(64);
        direct.put(10, fill(0, 1));
        direct.position(3).limit(20);
        assertThat(digest.compute(direct, 10, 32)).isEqualTo(0x46dd794e);
        assertThat(direct.position()).isEqualTo(3);
        assertThat(direct.limit()).isEqualTo(20);
    }

    @Test
    void incrementalUpdateEqualsOneShot() {
        ByteBuffer a = ByteBuffer.wrap(fill(0, 1), 0, 32);
        int whole = digest.compute(a, 0, 32);
        int parts = digest.reset().update(a, 0, 5).update(a, 5, 27).value();
        assertThat(parts).isEqualTo(whole);
    }

    @Test
    void verifyDetectsCorruption() {
        ByteBuffer buffer = ByteBuffer.allocate(52);
        buffer.put(0, fill(3, 7));
        digest.sign(buffer, 0, 48, 48);
        assertThat(digest.verify(buffer, 0, 48, 48)).isTrue();
        buffer.put(17, (byte) (buffer.get(17) ^ 1));
        assertThat(digest.verify(buffer, 0, 48, 48)).isFalse();
        assertThat(Crc32cDigest.getDigest(ByteBuffer.wrap(new byte[] {0x34, 0x6a, 0x44, (byte) 0xc7}), 0))
                .isEqualTo(0xc7446a34);
    }
}
