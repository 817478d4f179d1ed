package org.scsi4j.backstore.passthrough.sg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The LP64 layout of {@code struct sg_io_hdr} (Linux include/uapi/scsi/sg.h), byte by byte. */
class SgIoHeaderTest {

    @Test
    void aRequestPutsEveryFieldAtItsOffsetAndZeroesTheRest() {
        ByteBuffer b = ByteBuffer.allocateDirect(SgIoHeader.SIZE);
        for (int i = 0; i < SgIoHeader.SIZE; i++) {
            b.put(i, (byte) 0xEE);      // a previous reply's leftovers
        }
        new SgIoHeader(b).request(SgIo.DXFER_FROM_DEV, 16, 252, 0x01020304, 0x1111222233334444L,
                0x5555666677778888L, 0x99990000AAAABBBBL, 14_400_000, 77);
        ByteBuffer le = b.duplicate().order(ByteOrder.nativeOrder());
        assertThat(le.getInt(0)).isEqualTo('S');
        assertThat(le.getInt(4)).isEqualTo(-3);
        assertThat(le.get(8)).isEqualTo((byte) 16);
        assertThat(le.get(9) & 0xFF).isEqualTo(252);
        assertThat(le.getShort(10)).as("iovec_count").isZero();
        assertThat(le.getInt(12)).isEqualTo(0x01020304);
        assertThat(le.getLong(16)).isEqualTo(0x1111222233334444L);
        assertThat(le.getLong(24)).isEqualTo(0x5555666677778888L);
        assertThat(le.getLong(32)).isEqualTo(0x99990000AAAABBBBL);
        assertThat(le.getInt(40)).isEqualTo(14_400_000);
        assertThat(le.getInt(44)).as("flags: indirect I/O").isZero();
        assertThat(le.getInt(48)).isEqualTo(77);
        assertThat(le.getInt(52)).as("the hole before usr_ptr").isZero();
        assertThat(le.getLong(56)).as("usr_ptr").isZero();
        for (int i = 64; i < SgIoHeader.SIZE; i++) {
            assertThat(le.get(i)).as("output byte %d", i).isZero();
        }
    }

    @Test
    void theOutputFieldsAreReadFromTheirOffsets() {
        ByteBuffer b = ByteBuffer.allocateDirect(SgIoHeader.SIZE).order(ByteOrder.nativeOrder());
        b.put(64, (byte) 0x02);                  // status
        b.put(65, (byte) 0x01);                  // masked_status
        b.put(67, (byte) 200);                   // sb_len_wr
        b.putShort(68, (short) 0x0003);          // host_status
        b.putShort(70, (short) 0x0028);          // driver_status: SUGGEST_SENSE... | DRIVER_SENSE
        b.putInt(72, 4096);                      // resid
        b.putInt(76, 1234);                      // duration
        SgResult r = new SgIoHeader(b).result();
        assertThat(r).isEqualTo(new SgResult(0x02, 200, 0x03, 0x28, 4096, 1234));
    }

    @Test
    void aBufferTooSmallIsRefused() {
        assertThatThrownBy(() -> new SgIoHeader(ByteBuffer.allocateDirect(64)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("88");
    }
}
