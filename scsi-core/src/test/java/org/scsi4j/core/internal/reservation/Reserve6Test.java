package org.scsi4j.core.internal.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.reservation.PrTarget.assertConflict;
import static org.scsi4j.core.internal.reservation.PrTarget.assertField;
import static org.scsi4j.core.internal.reservation.PrTarget.assertGood;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.internal.reservation.PrTarget.Initiator;
import org.scsi4j.core.spi.transport.TmfFunction;
import org.scsi4j.core.spi.transport.TmfResponse;
import org.scsi4j.core.testing.Cdbs;

/**
 * SPC-2 RESERVE/RELEASE (SPC-2 §5.5.1), mirroring libiscsi's Reserve6 family
 * (test_reserve6_simple, _2initiators, _logout, _itnexus_loss, _lun_reset, _target_warm_reset,
 * _target_cold_reset) and the SPC-4 §5.13.3 interplay with persistent reservations.
 */
class Reserve6Test {
    static final String I1 = "iqn.2026-11.org.scsi4j:init1";
    static final String I2 = "iqn.2026-11.org.scsi4j:init2";

    @Test
    void simple() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            assertGood(a.reserve6());
            assertGood(a.release6());
            assertGood(a.none(PrCdb.reserve10()));
            assertGood(a.none(PrCdb.release10()));
        }
    }

    @Test
    void twoInitiators() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            assertGood(a.reserve6());
            assertGood(a.reserve6()); // the holder may reserve again
            assertConflict(b.reserve6());
            assertGood(b.release6()); // a no-op from a non-holder
            assertGood(a.modeSense6());
            assertConflict(b.modeSense6());
            assertConflict(b.reserve6());
            assertGood(a.release6());
            assertGood(b.reserve6());
            assertGood(b.release6());
        }
    }

    @Test
    void sameInitiatorOnAnotherNexusIsAnotherHolder() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator a2 = t.login(I1); // same name, new ISID: another I_T nexus
            assertGood(a.reserve6());
            assertConflict(a2.reserve6());
            assertConflict(a2.write());
        }
    }

    @Test
    void logoutReleases() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            assertGood(a.reserve6());
            assertConflict(b.reserve6());
            a.session.close();
            t.login(I1);
            assertGood(b.reserve6());
            assertGood(b.release6());
        }
    }

    @Test
    void itNexusLossReleases() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            assertGood(a.reserve6());
            assertConflict(b.reserve6());
            t.transport.close(); // the connection dies: every nexus of that transport is lost
            try (var other = t.transport(0x8001)) {
                Initiator b2 = t.login(other, I2);
                assertGood(b2.reserve6());
                assertGood(b2.release6());
            }
        }
    }

    @Test
    void itNexusResetReleases() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            assertGood(a.reserve6());
            assertThat(a.session.taskManagement(TmfFunction.I_T_NEXUS_RESET, 0, 0)).isEqualTo(TmfResponse.FUNCTION_COMPLETE);
            b.clearUnitAttentions();
            assertGood(b.reserve6());
        }
    }

    @Test
    void lunResetReleases() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            assertGood(a.reserve6());
            assertThat(a.session.taskManagement(TmfFunction.LOGICAL_UNIT_RESET, 0, 0))
                    .isEqualTo(TmfResponse.FUNCTION_COMPLETE);
            Initiator b = t.login(I2);
            assertGood(b.reserve6());
            assertGood(b.release6());
        }
    }

    @Test
    void targetWarmAndColdResetRelease() {
        for (TmfFunction reset : new TmfFunction[] {TmfFunction.TARGET_WARM_RESET, TmfFunction.TARGET_COLD_RESET}) {
            try (PrTarget t = PrTarget.disk()) {
                Initiator a = t.login(I1);
                assertGood(a.reserve6());
                assertThat(a.session.taskManagement(reset, 0, 0)).isEqualTo(TmfResponse.FUNCTION_COMPLETE);
                Initiator b = t.login(I2);
                assertGood(b.reserve6());
                assertGood(b.release6());
            }
        }
    }

    @Test
    void whatOtherNexusesMayDoWhileReserved() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            assertGood(a.reserve6());
            // SPC-2 §5.5.1: INQUIRY, REPORT LUNS, REQUEST SENSE, RELEASE pass; nearly all else conflicts.
            assertGood(b.in(Cdbs.inquiry(96), 96));
            assertGood(b.in(Cdbs.reportLuns(64), 64));
            assertGood(b.in(new byte[] {0x03, 0, 0, 0, 18, 0}, 18));
            assertConflict(b.tur());
            assertConflict(b.read());
            assertConflict(b.write());
            assertConflict(b.in(Cdbs.readCapacity16(32), 32));
            assertConflict(b.none(Cdbs.synchronizeCache10()));
            // the holder does everything
            assertGood(a.tur());
            assertGood(a.write());
            assertGood(a.read());
        }
    }

    @Test
    void thirdPartyAndExtentBitsAreRejected() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            assertField(a.none(new byte[] {0x16, 0x10, 0, 0, 0, 0}), 0x24, true, 1, 4); // 3RDPTY
            assertField(a.none(new byte[] {0x16, 0x01, 0, 0, 0, 0}), 0x24, true, 1, 0); // EXTENT
            byte[] longId = PrCdb.reserve10();
            longId[1] = 0x02;
            assertField(a.none(longId), 0x24, true, 1, 1);
            byte[] thirdParty = PrCdb.reserve10();
            thirdParty[3] = 7;
            assertField(a.none(thirdParty), 0x24, true, 3, 2);
            assertGood(a.reserve6()); // nothing was reserved by the rejected ones
        }
    }

    @Test
    void persistentAndSpc2ReservationsExcludeEachOther() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            assertGood(a.reserve6());
            // SPC-2 §5.5.1: every PERSISTENT RESERVE IN/OUT conflicts while RESERVE is held, the
            // holder's too.
            assertConflict(a.register(0, 0xA));
            assertConflict(b.register(0, 0xB));
            assertConflict(a.prIn(0, 8));
            assertGood(a.release6());

            assertGood(a.register(0, 0xA));
            // Registrations exist: RESERVE/RELEASE from anybody conflict while nothing is reserved.
            assertConflict(a.reserve6());
            assertConflict(b.reserve6());
            assertConflict(b.release6());
            // SPC-4 §5.13.3: the persistent reservation holder gets GOOD without effect.
            assertGood(a.reserve(0xA, PrCdb.WE));
            assertGood(a.reserve6());
            assertGood(a.release6());
            assertThat(a.reservation()).containsExactly(0xA, PrCdb.WE);
            assertConflict(b.reserve6());
            // ... and so does any registrant under a registrants only reservation.
            assertGood(a.release(0xA, PrCdb.WE));
            assertGood(b.register(0, 0xB));
            assertGood(a.reserve(0xA, PrCdb.WE_RO));
            assertGood(b.reserve6());
            assertGood(b.release6());
            Initiator c = t.login("iqn.2026-11.org.scsi4j:init3");
            assertConflict(c.reserve6());
            assertThat(a.reservation()).containsExactly(0xA, PrCdb.WE_RO);
        }
    }
}
