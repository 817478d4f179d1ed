package org.scsi4j.core.internal.spc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.loopback.ScsiResponse;

/** LOG SENSE (SPC-4 §6.8) and its pages (§7.3). */
class LogSenseTest {

    static byte[] logSense(boolean ppc, boolean sp, int pc, int page, int subpage, int pointer, int allocationLength) {
        byte[] c = new byte[10];
        c[0] = 0x4D;
        c[1] = (byte) ((ppc ? 0x02 : 0) | (sp ? 0x01 : 0));
        c[2] = (byte) ((pc << 6) | page);
        c[3] = (byte) subpage;
        c[5] = (byte) (pointer >>> 8);
        c[6] = (byte) pointer;
        c[7] = (byte) (allocationLength >>> 8);
        c[8] = (byte) allocationLength;
        return c;
    }

    private static byte[] page(SpcTarget t, int page, int subpage) {
        ScsiResponse r = t.in(logSense(false, false, 1, page, subpage, 0, 1024), 1024);
        assertThat(r.isGood()).as("%s", r).isTrue();
        byte[] d = r.data();
        assertThat(d).as("page %02x/%02x length", page, subpage).hasSize(4 + SpcCdb.u16(d, 2));
        return d;
    }

    @Test
    void supportedPagesAndSubpagesListExactlyWhatIsReturned() {
        try (SpcTarget t = SpcTarget.disk()) {
            assertThat(page(t, 0x00, 0x00)).containsExactly(0x80, 0x00, 0x00, 0x02, 0x00, 0x2F);
            byte[] all = page(t, 0x00, 0xFF);
            assertThat(all).containsExactly(0xC0, 0xFF, 0x00, 0x06, 0x00, 0x00, 0x00, 0xFF, 0x2F, 0x00);
            for (int i = 4; i < all.length; i += 2) {
                byte[] p = page(t, all[i] & 0xFF, all[i + 1] & 0xFF);
                assertThat(p[0] & 0x3F).isEqualTo(all[i] & 0xFF);
                assertThat(p[1] & 0xFF).isEqualTo(all[i + 1] & 0xFF);
            }
        }
    }

    @Test
    void informationalExceptionsReportsNoException() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] d = page(t, 0x2F, 0);
            assertThat(d).containsExactly(0xAF, 0x00, 0x00, 0x08,
                    0x00, 0x00, 0x03, 0x04, 0x00, 0x00, 0xFF, 0x00);
            for (int pc = 0; pc < 4; pc++) {
                assertThat(t.in(logSense(false, false, pc, 0x2F, 0, 0, 64), 64).data()).as("PC %d", pc).isEqualTo(d);
            }
            // PPC: only parameters changed since the last LOG SENSE, i.e. none
            assertThat(t.in(logSense(true, false, 1, 0x2F, 0, 0, 64), 64).data()).containsExactly(0xAF, 0, 0, 0);
        }
    }

    @Test
    void allocationLengthTruncates() {
        try (SpcTarget t = SpcTarget.disk()) {
            ScsiResponse r = t.in(logSense(false, false, 1, 0x2F, 0, 0, 6), 6);
            assertThat(r.isGood()).isTrue();
            assertThat(r.data()).containsExactly(0xAF, 0x00, 0x00, 0x08, 0x00, 0x00);
            assertThat(t.in(logSense(false, false, 1, 0x2F, 0, 0, 0), 0).isGood()).isTrue();
        }
    }

    @Test
    void invalidRequestsPointAtTheirField() {
        try (SpcTarget t = SpcTarget.disk()) {
            SenseAssert.invalidFieldInCdb(t.in(logSense(false, true, 1, 0x2F, 0, 0, 64), 64), 1, 0);
            SenseAssert.invalidFieldInCdb(t.in(logSense(false, false, 1, 0x0D, 0, 0, 64), 64), 2, 5);
            SenseAssert.invalidFieldInCdb(t.in(logSense(false, false, 1, 0x2F, 0x01, 0, 64), 64), 3, -1);
            SenseAssert.invalidFieldInCdb(t.in(logSense(false, false, 1, 0x2F, 0, 1, 64), 64), 5, -1);
            SenseAssert.invalidFieldInCdb(t.in(logSense(false, false, 1, 0x00, 0, 1, 64), 64), 5, -1);
            byte[] reserved = logSense(false, false, 1, 0x2F, 0, 0, 64);
            reserved[4] = 1;
            SenseAssert.invalidFieldInCdb(t.in(reserved, 64), 4, 0);
        }
    }
}
