package org.scsi4j.core.internal.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.reservation.PrTarget.assertConflict;
import static org.scsi4j.core.internal.reservation.PrTarget.assertGood;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.internal.reservation.PrTarget.Initiator;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.spi.transport.TmfFunction;
import org.scsi4j.core.spi.transport.TmfResponse;

/**
 * Registrations belong to the I_T nexus, named by initiator port (name and ISID) and target port
 * (SPC-4 §5.13): they survive nexus loss and resets; a login with the same port name (session
 * reinstatement) is the same nexus, a login with a new ISID is another one. The loopback transport
 * numbers its sessions from 1, so a second transport instance on the same target port reproduces
 * the port names of the first.
 */
class NexusIdentityTest {
    static final String I1 = "iqn.2026-11.org.scsi4j:init1";
    static final String I2 = "iqn.2026-11.org.scsi4j:init2";

    @Test
    void registrationsSurviveNexusLossAndReinstatementFindsThemAgain() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            assertGood(a.register(0, 0xA));
            assertGood(a.reserve(0xA, PrCdb.EA));
            t.transport.close(); // both nexuses lost
            LoopbackTransport again = t.transport(LoopbackTransport.DEFAULT_RELATIVE_PORT_ID);
            Initiator a1 = t.login(again, I1); // same port name as a: the same I_T nexus
            Initiator b1 = t.login(again, I2);
            assertThat(a1.session.initiator()).isEqualTo(a.session.initiator());
            assertThat(a1.keys()).containsExactly(0xA);
            assertThat(a1.reservation()).containsExactly(0xA, PrCdb.EA);
            assertGood(a1.write());
            assertConflict(b1.read());
            assertGood(a1.release(0xA, PrCdb.EA));
            assertGood(b1.read());
            assertThat(b.session.initiator()).isEqualTo(b1.session.initiator());
        }
    }

    @Test
    void aNewIsidIsAnotherNexus() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            assertGood(a.register(0, 0xA));
            assertGood(a.reserve(0xA, PrCdb.WE));
            a.session.close();
            Initiator a2 = t.login(I1); // same initiator, new session identifier
            assertThat(a2.session.initiator()).isNotEqualTo(a.session.initiator());
            assertThat(a2.keys()).as("the old nexus's registration is still there").containsExactly(0xA);
            assertConflict(a2.write());
            assertConflict(a2.reserve(0xA, PrCdb.WE)); // not registered on this nexus
            assertGood(a2.register(0, 0xA2));
            assertGood(a2.preempt(0xA2, 0xA, PrCdb.WE)); // take over from the lost nexus
            assertGood(a2.write());
            assertThat(a2.keys()).containsExactly(0xA2);
        }
    }

    @Test
    void resetsDoNotTouchPersistentReservations() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            assertGood(a.register(0, 0xA));
            assertGood(a.reserve(0xA, PrCdb.WE_RO));
            for (TmfFunction f : new TmfFunction[] {TmfFunction.LOGICAL_UNIT_RESET, TmfFunction.I_T_NEXUS_RESET,
                TmfFunction.TARGET_WARM_RESET}) {
                assertThat(b.session.taskManagement(f, 0, 0)).isEqualTo(TmfResponse.FUNCTION_COMPLETE);
                a.clearUnitAttentions();
                b.clearUnitAttentions();
                assertThat(a.reservation()).as("after %s", f).containsExactly(0xA, PrCdb.WE_RO);
                assertThat(a.keys()).containsExactly(0xA);
                assertConflict(b.write());
            }
        }
    }
}
