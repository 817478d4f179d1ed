package org.scsi4j.core.internal.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.reservation.PrTarget.assertGood;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.internal.reservation.PrTarget.Initiator;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.transport.ScsiStatus;
import org.scsi4j.core.testing.Cdbs;

/**
 * The command-conflict rules of SPC-4 §5.13.1 and SBC-3 §4.18: what an I_T nexus that does not
 * hold the persistent reservation may do, per type, registered or not (libiscsi
 * prout_reserve_access_*), and command by command.
 */
class ConflictTest {
    static final String HOLDER = "iqn.2026-11.org.scsi4j:holder";
    static final String OTHER = "iqn.2026-11.org.scsi4j:other";

    /** Reads and writes of a registered, then unregistered, second initiator. */
    @ParameterizedTest(name = "type {0}")
    @CsvSource({
        // type, registered read, registered write, unregistered read, unregistered write
        "1, true,  false, true,  false", // Write Exclusive
        "3, false, false, false, false", // Exclusive Access
        "5, true,  true,  true,  false", // Write Exclusive - Registrants Only
        "6, true,  true,  false, false", // Exclusive Access - Registrants Only
        "7, true,  true,  true,  false", // Write Exclusive - All Registrants
        "8, true,  true,  false, false", // Exclusive Access - All Registrants
    })
    void readAndWriteAccess(int type, boolean regRead, boolean regWrite, boolean unregRead, boolean unregWrite) {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(HOLDER);
            Initiator b = t.login(OTHER);
            assertGood(a.registerIgnore(0xA));
            assertGood(b.registerIgnore(0xB));
            assertGood(a.reserve(0xA, type));
            assertGood(a.read());
            assertGood(a.write());
            assertAllowed(b.read(), regRead);
            assertAllowed(b.write(), regWrite);
            assertGood(b.register(0xB, 0));
            assertAllowed(b.read(), unregRead);
            assertAllowed(b.write(), unregWrite);
            assertGood(a.release(0xA, type));
            assertGood(b.read());
            assertGood(b.write());
        }
    }

    /**
     * One row per command: allowed from a non-holder under Write Exclusive, under Exclusive Access.
     * The CDBs are complete enough to be valid when they get through.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "INQUIRY,                  12 00 00 00 60 00,                       96, true,  true",
        "REPORT LUNS,              A0 00 00 00 00 00 00 00 00 40 00 00,     64, true,  true",
        "REQUEST SENSE,            03 00 00 00 12 00,                       18, true,  true",
        "TEST UNIT READY,          00 00 00 00 00 00,                        0, true,  true",
        "READ CAPACITY(10),        25 00 00 00 00 00 00 00 00 00,            8, true,  true",
        "READ CAPACITY(16),        9E 10 00 00 00 00 00 00 00 00 00 00 00 20 00 00, 32, true, true",
        "PERSISTENT RESERVE IN,    5E 00 00 00 00 00 00 00 40 00,           64, true,  true",
        "REPORT TARGET PORT GROUPS, A3 0A 00 00 00 00 00 00 01 00 00 00,   256, true,  true",
        "MODE SENSE(6),            1A 00 3F 00 FF 00,                      255, true,  false",
        "MODE SENSE(10),           5A 00 3F 00 00 00 00 00 FF 00,          255, true,  false",
        "REPORT SUPPORTED OPERATION CODES, A3 0C 00 00 00 00 00 00 10 00 00 00, 4096, true, false",
        "READ(10),                 28 00 00 00 00 00 00 00 01 00,          512, true,  false",
        "READ(16),                 88 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00, 512, true, false",
        "VERIFY(10),               2F 00 00 00 00 00 00 00 01 00,            0, true,  false",
        "PRE-FETCH(10),            34 00 00 00 00 00 00 00 01 00,            0, true,  false",
        "SYNCHRONIZE CACHE(10),    35 00 00 00 00 00 00 00 00 00,            0, false, false",
        "START STOP UNIT start,    1B 00 00 00 01 00,                        0, true,  true",
        "START STOP UNIT stop,     1B 00 00 00 00 00,                        0, false, false",
        "RESERVE(6),               16 00 00 00 00 00,                        0, false, false",
        "RELEASE(6),               17 00 00 00 00 00,                        0, false, false",
    })
    void commandTable(String name, String cdbHex, int dataIn, boolean underWriteExclusive, boolean underExclusiveAccess) {
        byte[] cdb = hex(cdbHex);
        for (int type : new int[] {PrCdb.WE, PrCdb.EA}) {
            try (PrTarget t = PrTarget.disk()) {
                Initiator a = t.login(HOLDER);
                Initiator b = t.login(OTHER);
                assertGood(a.registerIgnore(0xA));
                assertGood(a.reserve(0xA, type));
                ScsiResponse r = dataIn > 0 ? b.in(cdb, dataIn) : b.none(cdb);
                boolean allowed = type == PrCdb.WE ? underWriteExclusive : underExclusiveAccess;
                assertThat(r.status()).as("%s under type %d: %s", name, type, r)
                        .isEqualTo(allowed ? ScsiStatus.GOOD : ScsiStatus.RESERVATION_CONFLICT);
                // the holder is never in conflict
                ScsiResponse h = dataIn > 0 ? a.in(cdb, dataIn) : a.none(cdb);
                assertThat(h.status()).as("%s from the holder: %s", name, h).isNotEqualTo(ScsiStatus.RESERVATION_CONFLICT);
            }
        }
    }

    @Test
    void writesOfEveryKindConflictUnderWriteExclusive() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(HOLDER);
            Initiator b = t.login(OTHER);
            assertGood(a.registerIgnore(0xA));
            assertGood(a.reserve(0xA, PrCdb.WE));
            assertConflict(b.out(Cdbs.write16(0, 1, true), new byte[512]));
            assertConflict(b.out(Cdbs.writeSame16(0, 1, false), new byte[512]));
            assertConflict(b.out(Cdbs.unmap(24), Cdbs.unmapParameters(0, 1)));
            assertConflict(b.out(new byte[] {0x15, 0x10, 0, 0, 4, 0}, new byte[4])); // MODE SELECT(6)
            assertConflict(b.out(new byte[] {0x2E, 0, 0, 0, 0, 0, 0, 0, 1, 0}, new byte[512])); // WRITE AND VERIFY
        }
    }

    @Test
    void persistentReserveOutFromAnUnregisteredNexusIsDecidedByItsServiceAction() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(HOLDER);
            Initiator b = t.login(OTHER);
            assertGood(a.registerIgnore(0xA));
            assertGood(a.reserve(0xA, PrCdb.EA));
            // SPC-4 §5.13.1, PERSISTENT RESERVE OUT table: REGISTER passes, the rest conflicts.
            assertConflict(b.reserve(0, PrCdb.EA));
            assertConflict(b.release(0, PrCdb.EA));
            assertConflict(b.clear(0));
            assertConflict(b.preempt(0, 0xA, PrCdb.EA));
            assertGood(b.registerIgnore(0xB));
            assertGood(b.register(0xB, 0xBB));
            assertThat(b.keys()).containsExactly(0xA, 0xBB);
        }
    }

    private static void assertAllowed(ScsiResponse r, boolean allowed) {
        assertThat(r.status()).as("%s", r).isEqualTo(allowed ? ScsiStatus.GOOD : ScsiStatus.RESERVATION_CONFLICT);
    }

    private static void assertConflict(ScsiResponse r) {
        PrTarget.assertConflict(r);
    }

    static byte[] hex(String s) {
        String[] parts = s.trim().split("\\s+");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }
}
