package org.scsi4j.core.spi.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FixedSenseTest {

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(b.position(), a);
        return a;
    }

    @Test
    void keyAscAndAscqInTheirFixedFormatPlaces() {
        byte[] s = bytes(FixedSense.of(0x0B, 0x08, 0x01));
        assertThat(s).hasSize(18);
        assertThat(s[0]).isEqualTo((byte) 0x70);
        assertThat(s[2]).isEqualTo((byte) 0x0B);
        assertThat(s[7]).as("additional sense length").isEqualTo((byte) 10);
        assertThat(s[12]).isEqualTo((byte) 0x08);
        assertThat(s[13]).isEqualTo((byte) 0x01);
    }

    @Test
    void informationSetsValidAndTheFlagsShareByteTwoWithTheKey() {
        byte[] s = bytes(FixedSense.withInformation(0x00, 0x00, 0x01, FixedSense.FILEMARK | FixedSense.ILI, -12));
        assertThat(s[0]).as("VALID").isEqualTo((byte) 0xF0);
        assertThat(s[2]).isEqualTo((byte) 0xA0);
        assertThat(ByteBuffer.wrap(s).getInt(3)).isEqualTo(-12);
        assertThat(s[13]).isEqualTo((byte) 0x01);
    }
}
