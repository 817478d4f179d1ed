package org.scsi4j.core.internal.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.reservation.PrCdb.params;
import static org.scsi4j.core.internal.reservation.PrTarget.assertConflict;
import static org.scsi4j.core.internal.reservation.PrTarget.assertField;
import static org.scsi4j.core.internal.reservation.PrTarget.assertGood;
import static org.scsi4j.core.internal.reservation.PrTarget.assertSense;
import static org.scsi4j.core.internal.reservation.PrTarget.assertUnitAttention;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.internal.reservation.PrTarget.Initiator;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;

/**
 * REGISTER and REGISTER AND IGNORE EXISTING KEY (SPC-4 §5.13 "Registering", the table "Register
 * behaviors for a REGISTER service action"), ALL_TG_PT, SPEC_I_PT, and the parameter list checks of
 * §6.16.3.
 */
class RegisterTest {
    static final String I1 = "iqn.2026-11.org.scsi4j:init1";
    static final String I2 = "iqn.2026-11.org.scsi4j:init2";

    @Test
    void registerBehaviours() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            assertConflict(a.register(0x5, 0x6)); // unregistered, RESERVATION KEY not 0
            assertGood(a.register(0, 0)); // unregistered, both 0: nothing happens
            assertThat(a.keys()).isEmpty();
            assertThat(a.generation()).isZero();
            assertGood(a.register(0, 0x10));
            assertThat(a.keys()).containsExactly(0x10);
            assertConflict(a.register(0x11, 0x12)); // libiscsi prout_reregister_key_fails
            assertGood(a.register(0x10, 0x20)); // new key
            assertThat(a.keys()).containsExactly(0x20);
            assertGood(a.register(0x20, 0)); // unregister
            assertThat(a.keys()).isEmpty();
            assertThat(a.generation()).as("register, new key, unregister").isEqualTo(3);
        }
    }

    @Test
    void registerAndIgnoreExistingKey() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            assertGood(a.prOut(PrCdb.REGISTER_AND_IGNORE, 0, params(0x999, 0x30, 0)));
            assertThat(a.keys()).containsExactly(0x30);
            assertGood(a.prOut(PrCdb.REGISTER_AND_IGNORE, 0, params(0x999, 0x31, 0)));
            assertThat(a.keys()).containsExactly(0x31);
            assertGood(a.prOut(PrCdb.REGISTER_AND_IGNORE, 0, params(0x999, 0, 0)));
            assertThat(a.keys()).isEmpty();
        }
    }

    @Test
    void unregisteringTheHolderReleasesAndRegistrantsOnlyTellsTheOthers() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            Initiator c = t.login("iqn.2026-11.org.scsi4j:unregistered");
            assertGood(a.register(0, 0xA));
            assertGood(b.register(0, 0xB));
            assertGood(a.reserve(0xA, PrCdb.WE_RO));
            assertGood(a.register(0xA, 0));
            assertUnitAttention(b.tur(), 0x04); // RESERVATIONS RELEASED
            assertGood(b.tur());
            assertThat(b.reservation()).isNull();
            assertGood(c.tur()); // not registered: no unit attention
            assertGood(a.tur());

            // Write Exclusive: released silently.
            assertGood(b.reserve(0xB, PrCdb.WE));
            assertGood(a.register(0, 0xA));
            assertGood(b.register(0xB, 0));
            assertThat(a.reservation()).isNull();
            assertGood(a.tur());
        }
    }

    @Test
    void allRegistrantsReservationEndsWithItsLastRegistrant() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            assertGood(a.register(0, 0xA));
            assertGood(b.register(0, 0xB));
            assertGood(a.reserve(0xA, PrCdb.EA_AR));
            assertGood(a.register(0xA, 0)); // libiscsi prout_reserve_ownership_eaar: still reserved
            assertThat(b.reservation()).containsExactly(0, PrCdb.EA_AR);
            assertGood(b.release(0xB, PrCdb.EA_AR));
            assertGood(b.reserve(0xB, PrCdb.EA_AR));
            assertGood(b.register(0xB, 0));
            assertThat(a.reservation()).isNull();
        }
    }

    @Test
    void allTargetPortsRegistersEveryPort() {
        try (PrTarget t = PrTarget.disk()) {
            LoopbackTransport second = t.transport(7);
            Initiator a = t.login(I1);
            Initiator a7 = t.login(second, I1);
            assertGood(a.prOut(PrCdb.REGISTER, 0, params(0, 0xA, 0x04)));
            assertGood(a7.reserve(0xA, PrCdb.EA)); // registered through port 7 too
            assertThat(a.keys()).containsExactly(0xA);
            // The holder is the ALL_TG_PT registration, which covers both I_T nexuses of the port.
            assertGood(a.write());
            assertGood(a7.write());

            Initiator b = t.login(I2);
            assertGood(b.register(0, 0xB)); // ALL_TG_PT=0: only this port
            Initiator b7 = t.login(second, I2);
            assertConflict(b7.reserve(0xB, PrCdb.EA));
            assertConflict(b7.read());
        }
    }

    @Test
    void specifyInitiatorPortsRegistersTheNamedPortsToo() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            byte[] p = PrCdb.specIPtParams(0, 0xA, 0, PrCdb.iscsiTransportId(I2, null),
                    PrCdb.iscsiTransportId("iqn.2026-11.org.scsi4j:elsewhere", "400001370000"));
            assertGood(a.prOut(PrCdb.REGISTER, 0, p));
            assertThat(a.keys()).containsExactly(0xA, 0xA, 0xA);
            // b was registered by a's command (name-only TransportID: every port of b)
            assertGood(b.reserve(0xA, PrCdb.WE));
            assertThat(a.reservation()).containsExactly(0xA, PrCdb.WE);
            assertConflict(b.register(0, 0xB)); // b is registered: RESERVATION KEY must match
            assertGood(b.register(0xA, 0xB));
            // SPEC_I_PT from a registered nexus is INVALID FIELD IN PARAMETER LIST
            assertField(a.prOut(PrCdb.REGISTER, 0, PrCdb.specIPtParams(0xA, 0xC, 0,
                    PrCdb.iscsiTransportId("iqn.x", null))), 0x26, false, 20, 3);
        }
    }

    @Test
    void specifyInitiatorPortsChecksItsTransportIds() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            byte[] badProtocol = PrCdb.iscsiTransportId(I2, null);
            badProtocol[0] = 0x06; // SAS
            assertField(a.prOut(PrCdb.REGISTER, 0, PrCdb.specIPtParams(0, 0xA, 0, badProtocol)), 0x26, false, 28, 3);
            byte[] badLength = PrCdb.iscsiTransportId(I2, null);
            badLength[3] = 21; // not a multiple of 4
            assertField(a.prOut(PrCdb.REGISTER, 0, PrCdb.specIPtParams(0, 0xA, 0, badLength)), 0x26, false, 30, -1);
            byte[] p = PrCdb.specIPtParams(0, 0xA, 0, PrCdb.iscsiTransportId(I2, null));
            PrCdb.putInt(p, 24, 100); // TRANSPORTID PARAMETER DATA LENGTH beyond the list
            assertSense(a.prOut(PrCdb.REGISTER, 0, p), 0x5, 0x1A, 0x00);
            // SPEC_I_PT with REGISTER AND IGNORE EXISTING KEY is INVALID FIELD IN PARAMETER LIST
            assertField(a.prOut(PrCdb.REGISTER_AND_IGNORE, 0, PrCdb.specIPtParams(0, 0xA, 0,
                    PrCdb.iscsiTransportId(I2, null))), 0x26, false, 20, 3);
            assertThat(a.keys()).as("nothing registered by the failed commands").isEmpty();
        }
    }

    @Test
    void parameterListLengthMustBe24() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            for (int sa : new int[] {PrCdb.REGISTER, PrCdb.RESERVE, PrCdb.RELEASE, PrCdb.CLEAR, PrCdb.PREEMPT}) {
                assertSense(a.prOut(sa, PrCdb.WE, new byte[28]), 0x5, 0x1A, 0x00);
                assertSense(a.prOut(sa, PrCdb.WE, new byte[20]), 0x5, 0x1A, 0x00);
            }
            assertSense(a.none(PrCdb.prOut(PrCdb.REGISTER, 0, 0, 0)), 0x5, 0x1A, 0x00);
            // The parameter list length counts, not the bytes the transport carries.
            byte[] cdb = PrCdb.prOut(PrCdb.REGISTER, 0, 0, 24);
            assertSense(a.session.execute(ScsiCommand.of(0, cdb).dataOut(params(0, 0xA, 0)).expectedLength(16)),
                    0x5, 0x0E, 0x03);
            assertThat(a.keys()).isEmpty();
        }
    }

    @Test
    void aptplNeedsAPersistenceDirectory() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            assertField(a.registerAptpl(0, 0xA), 0x26, false, 20, 0);
            assertThat(a.keys()).isEmpty();
        }
    }

    @Test
    void registrationsAreBounded() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            byte[][] tids = new byte[ServiceActions.MAX_REGISTRATIONS][];
            for (int i = 0; i < tids.length; i++) {
                tids[i] = PrCdb.iscsiTransportId("iqn.2026-11.org.scsi4j:n" + i, null);
            }
            assertSense(a.prOut(PrCdb.REGISTER, 0, PrCdb.specIPtParams(0, 0xA, 0, tids)), 0x5, 0x55, 0x04);
            assertThat(a.keys()).isEmpty();
        }
    }
}
