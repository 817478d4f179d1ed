package org.scsi4j.core.internal.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.reservation.PrCdb.params;
import static org.scsi4j.core.internal.reservation.PrTarget.assertConflict;
import static org.scsi4j.core.internal.reservation.PrTarget.assertField;
import static org.scsi4j.core.internal.reservation.PrTarget.assertGood;
import static org.scsi4j.core.internal.reservation.PrTarget.assertSense;
import static org.scsi4j.core.internal.reservation.PrTarget.assertUnitAttention;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scsi4j.core.internal.reservation.PrTarget.Initiator;

/**
 * RESERVE and RELEASE (SPC-4 §5.13 "Reserving", "Releasing"), for all six types: holder
 * semantics, type and scope checks, the unit attentions a release causes, and libiscsi's
 * prout_reserve_ownership family.
 */
class ReserveReleaseTest {
    static final String I1 = "iqn.2026-11.org.scsi4j:init1";
    static final String I2 = "iqn.2026-11.org.scsi4j:init2";

    @ParameterizedTest
    @ValueSource(ints = {PrCdb.WE, PrCdb.EA, PrCdb.WE_RO, PrCdb.EA_RO, PrCdb.WE_AR, PrCdb.EA_AR})
    void reserveReadBackRelease(int type) { // libiscsi prin_report_caps_simple, prout_reserve_simple
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            assertGood(a.register(0, 0xA));
            assertGood(b.register(0, 0xB));
            assertGood(a.reserve(0xA, type));
            boolean allRegistrants = type == PrCdb.WE_AR || type == PrCdb.EA_AR;
            assertThat(b.reservation()).containsExactly(allRegistrants ? 0 : 0xA, type);
            assertGood(a.reserve(0xA, type)); // the holder again, same type: GOOD, unchanged
            int other = type == PrCdb.WE ? PrCdb.EA : PrCdb.WE;
            assertConflict(a.reserve(0xA, other)); // the holder changing the type
            if (allRegistrants) {
                assertGood(b.reserve(0xB, type)); // every registrant holds it
            } else {
                assertConflict(b.reserve(0xB, type));
                assertGood(b.release(0xB, type)); // a non-holder's RELEASE: GOOD, nothing released
                assertThat(a.reservation()).isNotNull();
            }
            assertGood(a.release(0xA, type));
            assertThat(a.reservation()).isNull();
            assertThat(a.keys()).as("release keeps registrations").containsExactly(0xA, 0xB);
        }
    }

    @Test
    void reserveNeedsARegisteredNexusWithItsKey() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            assertConflict(a.reserve(0, PrCdb.WE));
            assertGood(a.register(0, 0xA));
            assertConflict(a.reserve(0xB, PrCdb.WE));
            assertConflict(a.release(0xB, PrCdb.WE));
            assertConflict(a.clear(0xB));
            assertThat(a.reservation()).isNull();
        }
    }

    @Test
    void invalidTypeAndScopeAreInvalidFieldInCdb() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            assertGood(a.register(0, 0xA));
            for (int type : new int[] {0, 2, 4, 9, 0xF}) {
                assertField(a.prOut(PrCdb.RESERVE, type, params(0xA, 0, 0)), 0x24, true, 2, 3);
            }
            byte[] cdb = PrCdb.prOut(PrCdb.RESERVE, 1, PrCdb.WE, 24); // SCOPE 1h: obsolete
            assertField(a.out(cdb, params(0xA, 0, 0)), 0x24, true, 2, 7);
            assertThat(a.reservation()).isNull();
        }
    }

    @Test
    void releaseWithTheWrongTypeIsAnInvalidRelease() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            assertGood(a.register(0, 0xA));
            assertGood(a.reserve(0xA, PrCdb.WE_RO));
            assertSense(a.release(0xA, PrCdb.WE), 0x5, 0x26, 0x04);
            byte[] cdb = PrCdb.prOut(PrCdb.RELEASE, 2, PrCdb.WE_RO, 24);
            assertSense(a.out(cdb, params(0xA, 0, 0)), 0x5, 0x26, 0x04);
            assertThat(a.reservation()).containsExactly(0xA, PrCdb.WE_RO);
            assertGood(a.release(0xA, PrCdb.WE_RO));
            assertGood(a.release(0xA, PrCdb.WE)); // nothing reserved: GOOD
        }
    }

    @Test
    void releaseTellsOtherRegistrantsOnlyForRegistrantsTypes() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            Initiator c = t.login("iqn.2026-11.org.scsi4j:bystander");
            assertGood(a.register(0, 0xA));
            assertGood(b.register(0, 0xB));
            for (int type : new int[] {PrCdb.WE_RO, PrCdb.EA_AR}) {
                assertGood(a.reserve(0xA, type));
                assertGood(a.release(0xA, type));
                assertUnitAttention(b.tur(), 0x04);
                assertGood(b.tur());
                assertGood(a.tur()); // not to the releasing nexus
                assertGood(c.tur()); // nor to unregistered ones
            }
            for (int type : new int[] {PrCdb.WE, PrCdb.EA}) {
                assertGood(a.reserve(0xA, type));
                assertGood(a.release(0xA, type));
                assertGood(b.tur());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {PrCdb.WE, PrCdb.EA, PrCdb.WE_RO, PrCdb.EA_RO, PrCdb.WE_AR, PrCdb.EA_AR})
    void ownership(int type) { // libiscsi prout_reserve_ownership_*
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            assertGood(a.registerIgnore(0xA));
            assertGood(b.registerIgnore(0xB));
            assertGood(a.reserve(0xA, type));
            assertGood(a.register(0xA, 0));
            boolean shared = type == PrCdb.WE_AR || type == PrCdb.EA_AR;
            if (shared) {
                assertThat(a.reservation()).containsExactly(0, type);
                assertGood(b.release(0xB, type));
            } else {
                assertThat(a.reservation()).isNull();
                b.clearUnitAttentions();
            }
            assertGood(b.register(0xB, 0));
            assertThat(b.keys()).isEmpty();
        }
    }
}
