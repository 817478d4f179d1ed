package org.scsi4j.core.internal.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.reservation.PrCdb.iscsiTransportId;
import static org.scsi4j.core.internal.reservation.PrCdb.moveParams;
import static org.scsi4j.core.internal.reservation.PrTarget.assertConflict;
import static org.scsi4j.core.internal.reservation.PrTarget.assertField;
import static org.scsi4j.core.internal.reservation.PrTarget.assertGood;
import static org.scsi4j.core.internal.reservation.PrTarget.assertSense;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.internal.reservation.PrTarget.Initiator;
import org.scsi4j.core.loopback.LoopbackTransport;

/** REGISTER AND MOVE (SPC-4 §5.13 "Registering and moving the reservation", §6.16.4). */
class RegisterAndMoveTest {
    static final String I1 = "iqn.2026-11.org.scsi4j:init1";
    static final String I2 = "iqn.2026-11.org.scsi4j:init2";
    static final int PORT = LoopbackTransport.DEFAULT_RELATIVE_PORT_ID;

    @Test
    void movesTheReservationAndRegistersTheDestination() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            assertGood(a.register(0, 0xA));
            assertGood(a.reserve(0xA, PrCdb.EA));
            assertConflict(b.read());
            long gen = a.generation();
            assertGood(a.prOut(PrCdb.REGISTER_AND_MOVE, 0, moveParams(0xA, 0xB2, false, false, PORT,
                    iscsiTransportId(I2, null))));
            assertThat(a.reservation()).as("same type, new holder").containsExactly(0xB2, PrCdb.EA);
            assertThat(a.keys()).containsExactly(0xA, 0xB2);
            assertThat(a.generation()).isEqualTo(gen + 1);
            assertGood(b.read());
            assertConflict(a.read());
            // and back, unregistering the source
            assertGood(b.prOut(PrCdb.REGISTER_AND_MOVE, 0, moveParams(0xB2, 0xA1, true, false, PORT,
                    iscsiTransportId(I1, null))));
            // The name-only TransportID registered every port of I1 anew (a keeps its own
            // registration too); b's registration is gone.
            assertThat(a.keys()).containsExactly(0xA, 0xA1);
            assertThat(a.reservation()).containsExactly(0xA1, PrCdb.EA);
            assertGood(a.read()); // a is covered by the holding registration
            assertConflict(b.read());
        }
    }

    @Test
    void onlyTheHolderOfAMovableReservationMayMoveIt() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            byte[] toA = moveParams(0xB, 0xA1, false, false, PORT, iscsiTransportId(I1, null));
            assertConflict(b.prOut(PrCdb.REGISTER_AND_MOVE, 0, toA)); // not registered
            assertGood(a.register(0, 0xA));
            assertGood(b.register(0, 0xB));
            assertConflict(b.prOut(PrCdb.REGISTER_AND_MOVE, 0, toA)); // no reservation
            assertGood(a.reserve(0xA, PrCdb.WE));
            assertConflict(b.prOut(PrCdb.REGISTER_AND_MOVE, 0, toA)); // not the holder
            assertGood(a.release(0xA, PrCdb.WE));
            assertGood(b.reserve(0xB, PrCdb.WE_AR));
            assertConflict(b.prOut(PrCdb.REGISTER_AND_MOVE, 0, toA)); // all registrants
            assertThat(a.keys()).containsExactly(0xA, 0xB);
        }
    }

    @Test
    void parameterErrors() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            assertGood(a.register(0, 0xA));
            assertGood(a.reserve(0xA, PrCdb.WE));
            assertField(a.prOut(PrCdb.REGISTER_AND_MOVE, 0, moveParams(0xA, 0, false, false, PORT,
                    iscsiTransportId(I2, null))), 0x26, false, 8, -1);
            assertField(a.prOut(PrCdb.REGISTER_AND_MOVE, 0, moveParams(0xA, 0xB, false, false, 99,
                    iscsiTransportId(I2, null))), 0x26, false, 18, -1);
            assertField(a.prOut(PrCdb.REGISTER_AND_MOVE, 0, moveParams(0xA, 0xB, false, false, PORT,
                    iscsiTransportId(I1, null))), 0x26, false, 24, -1); // names ourselves
            byte[] p = moveParams(0xA, 0xB, false, false, PORT, iscsiTransportId(I2, null));
            PrCdb.putInt(p, 20, 8);
            assertSense(a.prOut(PrCdb.REGISTER_AND_MOVE, 0, p), 0x5, 0x1A, 0x00);
            assertField(a.prOut(PrCdb.REGISTER_AND_MOVE, 0, moveParams(0xA, 0xB, false, true, PORT,
                    iscsiTransportId(I2, null))), 0x26, false, 17, 0); // APTPL without a directory
            assertThat(a.reservation()).containsExactly(0xA, PrCdb.WE);
            assertThat(a.keys()).containsExactly(0xA);
        }
    }
}
