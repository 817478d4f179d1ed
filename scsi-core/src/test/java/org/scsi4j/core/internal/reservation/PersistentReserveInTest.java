package org.scsi4j.core.internal.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.reservation.PrCdb.u16;
import static org.scsi4j.core.internal.reservation.PrCdb.u32;
import static org.scsi4j.core.internal.reservation.PrCdb.u64;
import static org.scsi4j.core.internal.reservation.PrTarget.assertField;
import static org.scsi4j.core.internal.reservation.PrTarget.assertGood;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.internal.reservation.PrTarget.Initiator;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiResponse;

/** PERSISTENT RESERVE IN (SPC-4 §6.15): the four service actions, PRgeneration, truncation. */
class PersistentReserveInTest {
    static final String I1 = "iqn.2026-11.org.scsi4j:init1";
    static final String I2 = "iqn.2026-11.org.scsi4j:init2";

    @Test
    void readKeysListsEveryRegistrationAndCountsGenerations() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            assertThat(a.keys()).isEmpty();
            assertThat(a.generation()).isZero();
            assertGood(a.register(0, 0x1111));
            assertGood(b.registerIgnore(0x2222));
            assertThat(b.keys()).containsExactly(0x1111, 0x2222);
            assertThat(a.generation()).isEqualTo(2);
            assertGood(a.reserve(0x1111, PrCdb.WE)); // RESERVE and RELEASE do not count
            assertGood(a.release(0x1111, PrCdb.WE));
            assertThat(a.generation()).isEqualTo(2);
            assertGood(a.register(0x1111, 0)); // unregistering counts
            assertThat(a.generation()).isEqualTo(3);
            assertThat(a.keys()).containsExactly(0x2222);
        }
    }

    @Test
    void readKeysTruncatesButKeepsTheAdditionalLength() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            assertGood(a.register(0, 0xABCDEF));
            ScsiResponse r = a.prIn(0, 8); // libiscsi prin_read_keys_truncate
            assertGood(r);
            assertThat(r.data()).hasSize(8);
            assertThat(u32(r.data(), 4)).as("ADDITIONAL LENGTH not altered by the allocation length").isEqualTo(8);
            ScsiResponse four = a.prIn(0, 4);
            assertThat(four.data()).hasSize(4);
        }
    }

    @Test
    void readReservationReportsHolderKeyScopeAndType() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            assertGood(a.register(0, 0x77));
            ScsiResponse none = a.prIn(1, 64);
            assertThat(none.data()).hasSize(8);
            assertThat(u32(none.data(), 4)).isZero();
            assertGood(a.reserve(0x77, PrCdb.EA_RO));
            byte[] d = a.prIn(1, 64).data();
            assertThat(d).hasSize(24);
            assertThat(u32(d, 4)).isEqualTo(16);
            assertThat(u64(d, 8)).isEqualTo(0x77);
            assertThat(d[21]).as("SCOPE 0, TYPE 6").isEqualTo((byte) 0x06);
            assertGood(a.release(0x77, PrCdb.EA_RO));
            assertGood(a.reserve(0x77, PrCdb.WE_AR));
            assertThat(a.reservation()).as("all registrants: key 0").containsExactly(0, PrCdb.WE_AR);
        }
    }

    @Test
    void reportCapabilities() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            byte[] d = a.prIn(2, 64).data();
            assertThat(d).hasSize(8);
            assertThat(u16(d, 0)).as("LENGTH").isEqualTo(8);
            assertThat(d[2] & 0xFF).as("CRH, SIP_C, ATP_C; PTPL_C 0 without a persistence directory").isEqualTo(0x1C);
            assertThat(d[3] & 0xFF).as("TMV, ALLOW COMMANDS 011b, PTPL_A 0").isEqualTo(0xB0);
            assertThat(d[4] & 0xFF).as("WR_EX_AR EX_AC_RO WR_EX_RO EX_AC WR_EX").isEqualTo(0xEA);
            assertThat(d[5] & 0xFF).as("EX_AC_AR").isEqualTo(0x01);
        }
    }

    @Test
    void readFullStatusDescribesEachRegistrationWithItsTransportId() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            assertGood(a.register(0, 0xA1));
            assertGood(b.prOut(PrCdb.REGISTER, 0, PrCdb.params(0, 0xB2, 0x04))); // ALL_TG_PT
            // A SPEC_I_PT registration of an iSCSI initiator port (format 01b TransportID).
            Initiator c = t.login("iqn.2026-11.org.scsi4j:init3");
            assertGood(c.prOut(PrCdb.REGISTER, 0, PrCdb.specIPtParams(0, 0xC3, 0,
                    PrCdb.iscsiTransportId("iqn.2026-11.org.scsi4j:remote", "00023D000001"))));
            assertGood(a.reserve(0xA1, PrCdb.WE_RO));
            byte[] d = a.prIn(3, 4096).data();
            long additional = u32(d, 4);
            assertThat(d).hasSize((int) additional + 8);
            int p = 8;
            // a: holder, this port
            assertThat(u64(d, p)).isEqualTo(0xA1);
            assertThat(d[p + 12]).as("R_HOLDER").isEqualTo((byte) 0x01);
            assertThat(d[p + 13]).isEqualTo((byte) PrCdb.WE_RO);
            assertThat(u16(d, p + 18)).isEqualTo(LoopbackTransport.DEFAULT_RELATIVE_PORT_ID);
            int tid = (int) u32(d, p + 20);
            assertThat(d[p + 24] & 0xFF).as("FORMAT 00b, PROTOCOL 5h").isEqualTo(0x05);
            assertThat(cString(d, p + 28)).isEqualTo(I1);
            assertThat(tid % 4).isZero();
            assertThat(tid).isGreaterThanOrEqualTo(24);
            p += 24 + tid;
            // b: ALL_TG_PT, not a holder
            assertThat(u64(d, p)).isEqualTo(0xB2);
            assertThat(d[p + 12]).as("ALL_TG_PT").isEqualTo((byte) 0x02);
            assertThat(d[p + 13]).isZero();
            assertThat(cString(d, p + 28)).isEqualTo(I2);
            p += 24 + (int) u32(d, p + 20);
            // c itself, then the port it named
            p += 24 + (int) u32(d, p + 20);
            assertThat(u64(d, p)).isEqualTo(0xC3);
            assertThat(d[p + 24] & 0xFF).as("FORMAT 01b, PROTOCOL 5h").isEqualTo(0x45);
            assertThat(cString(d, p + 28)).isEqualTo("iqn.2026-11.org.scsi4j:remote,i,0x00023d000001");
            p += 24 + (int) u32(d, p + 20);
            assertThat(p).isEqualTo(d.length);
        }
    }

    @Test
    void otherServiceActionsAreInvalid() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            for (int sa = 0; sa < 4; sa++) {
                assertGood(a.prIn(sa, 1));
            }
            for (int sa = 4; sa < 0x20; sa++) { // libiscsi prin_serviceaction_range
                assertField(a.prIn(sa, 64), 0x24, true, 1, 4);
            }
            byte[] cdb = PrCdb.prIn(0, 64);
            cdb[2] = 1;
            assertField(a.in(cdb, 64), 0x24, true, 2, 0);
        }
    }

    private static String cString(byte[] d, int off) {
        int end = off;
        while (d[end] != 0) {
            end++;
        }
        return new String(d, off, end - off, StandardCharsets.UTF_8);
    }
}
