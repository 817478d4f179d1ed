package org.scsi4j.core.internal.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.internal.reservation.TransportIds.TransportId;

/** iSCSI TransportIDs (SPC-4 §7.6.4.6): both formats, padding, the checks that reject bad ones. */
class TransportIdsTest {

    @Test
    void writesFormat01bForAnIscsiPortAndFormat00bOtherwise() {
        ByteBuffer b = ByteBuffer.allocate(256);
        int n = TransportIds.write(b, 0, "iqn.2026-11.org.example:host", ",i,0x00023D000001");
        String text = "iqn.2026-11.org.example:host,i,0x00023d000001";
        assertThat(n).isEqualTo(4 + ((text.length() + 1 + 3) & ~3));
        assertThat(b.get(0)).isEqualTo((byte) 0x45);
        assertThat(b.getShort(2)).isEqualTo((short) (n - 4));
        assertThat(new String(b.array(), 4, text.length())).isEqualTo(text);
        assertThat(b.get(4 + text.length())).as("null terminator").isZero();

        ByteBuffer c = ByteBuffer.allocate(256);
        int m = TransportIds.write(c, 0, "iqn.x", ",l,1");
        assertThat(m).as("minimum length").isEqualTo(24);
        assertThat(c.get(0)).isEqualTo((byte) 0x05);
        assertThat(c.getShort(2)).isEqualTo((short) 20);
    }

    @Test
    void parsesWhatItWritesAndNormalisesTheIsid() throws Exception {
        byte[] t = PrCdb.iscsiTransportId("iqn.2026-11.org.example:host", "23D000001");
        TransportId id = TransportIds.parse(ByteBuffer.wrap(t), 0, t.length);
        assertThat(id.initiatorName()).isEqualTo("iqn.2026-11.org.example:host");
        assertThat(id.portSuffix()).isEqualTo(",i,0x00023d000001");
        assertThat(id.length()).isEqualTo(t.length);
        byte[] name = PrCdb.iscsiTransportId("iqn.2026-11.org.example:host", null);
        assertThat(TransportIds.parse(ByteBuffer.wrap(name), 0, name.length).portSuffix()).isNull();
    }

    @Test
    void rejectsMalformedTransportIds() {
        byte[] ok = PrCdb.iscsiTransportId("iqn.2026-11.org.example:host", "400001370000");
        assertInvalid(mutate(ok, 0, 0x01), 0, 3); // FC protocol
        assertInvalid(mutate(ok, 0, 0x85), 0, 7); // format 10b
        assertInvalid(mutate(ok, 3, ok[3] + 1), 2, -1); // additional length not a multiple of 4
        assertInvalid(mutate(ok, 3, ok[3] + 4), 2, -1); // runs past the list
        byte[] noIsid = PrCdb.iscsiTransportId("iqn.2026-11.org.example:host", null);
        assertInvalid(mutate(noIsid, 0, 0x45), 4, -1); // format 01b without ",i,0x"
        byte[] unterminated = ok.clone();
        java.util.Arrays.fill(unterminated, 4, unterminated.length, (byte) 'a');
        assertInvalid(unterminated, 4, -1);
        assertInvalid(PrCdb.iscsiTransportId("iqn.x", "zz"), 4 + "iqn.x".length(), -1);
    }

    private static byte[] mutate(byte[] b, int index, int value) {
        byte[] c = b.clone();
        c[index] = (byte) value;
        return c;
    }

    private static void assertInvalid(byte[] t, int fieldByte, int fieldBit) {
        assertThatThrownBy(() -> TransportIds.parse(ByteBuffer.wrap(t), 0, t.length))
                .isInstanceOfSatisfying(TransportIds.Invalid.class, e -> {
                    assertThat(e.fieldByte).isEqualTo(fieldByte);
                    assertThat(e.fieldBit).isEqualTo(fieldBit);
                });
    }
}
