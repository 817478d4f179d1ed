package org.scsi4j.core.internal.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.reservation.PrTarget.assertConflict;
import static org.scsi4j.core.internal.reservation.PrTarget.assertField;
import static org.scsi4j.core.internal.reservation.PrTarget.assertGood;
import static org.scsi4j.core.internal.reservation.PrTarget.assertUnitAttention;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.internal.reservation.PrTarget.Initiator;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.transport.ScsiStatus;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.core.testing.MemoryBlockDevice;

/** CLEAR, PREEMPT and PREEMPT AND ABORT (SPC-4 §5.13 "Clearing", "Preempting"). */
class PreemptTest {
    static final String I1 = "iqn.2026-11.org.scsi4j:init1";
    static final String I2 = "iqn.2026-11.org.scsi4j:init2";
    static final String I3 = "iqn.2026-11.org.scsi4j:init3";

    @Test
    void clearRemovesEverythingAndTellsTheOthers() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            Initiator c = t.login(I3);
            assertGood(a.register(0, 0xA));
            assertGood(b.register(0, 0xB));
            assertGood(a.reserve(0xA, PrCdb.EA));
            long gen = a.generation();
            assertGood(b.clear(0xB)); // any registrant may clear
            assertThat(b.keys()).isEmpty();
            assertThat(b.reservation()).isNull();
            assertThat(b.generation()).isEqualTo(gen + 1);
            assertUnitAttention(a.tur(), 0x03); // RESERVATIONS PREEMPTED
            assertGood(a.tur());
            assertGood(b.tur());
            assertGood(c.tur());
        }
    }

    @Test
    void preemptRemovingRegistrations() { // libiscsi prout_preempt_rm_reg
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            assertGood(a.registerIgnore(0xA));
            assertGood(b.registerIgnore(0xB));
            long gen = a.generation();
            assertGood(b.preempt(0xB, 0xA, PrCdb.EA)); // no reservation: TYPE ignored, a unregistered
            assertUnitAttention(a.tur(), 0x05); // REGISTRATIONS PREEMPTED
            assertThat(a.generation()).isEqualTo(gen + 1);
            assertThat(a.keys()).containsExactly(0xB);
            assertThat(a.reservation()).isNull();
            assertGood(b.tur());
            assertConflict(b.preempt(0xB, 0xA, PrCdb.EA)); // no registration has that key any more
            assertField(b.preempt(0xB, 0, PrCdb.EA), 0x26, false, 8, -1); // key 0 without all registrants
            assertGood(b.preempt(0xB, 0xB, 0)); // preempting ourselves out is allowed
            assertThat(b.keys()).isEmpty();
        }
    }

    @Test
    void preemptingTheHolderTakesTheReservation() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            Initiator c = t.login(I3);
            Initiator a2 = t.login(I1); // another nexus of a's initiator, same key
            assertGood(a.register(0, 0xA));
            assertGood(a2.register(0, 0xA));
            assertGood(b.register(0, 0xB));
            assertGood(c.register(0, 0xC));
            assertGood(a.reserve(0xA, PrCdb.WE_RO));
            assertGood(b.preempt(0xB, 0xA, PrCdb.EA));
            assertThat(b.reservation()).containsExactly(0xB, PrCdb.EA);
            assertThat(b.keys()).containsExactly(0xB, 0xC);
            assertUnitAttention(a.tur(), 0x05);
            assertUnitAttention(a2.tur(), 0x05);
            // c kept its registration, but the type changed: RESERVATIONS RELEASED
            assertUnitAttention(c.tur(), 0x04);
            assertGood(b.tur());
            assertGood(c.tur());
            assertConflict(a.write());
            assertConflict(c.read()); // Exclusive Access now
        }
    }

    @Test
    void theHolderMayPreemptItself() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            assertGood(a.register(0, 0xA));
            assertGood(b.register(0, 0xB));
            assertGood(a.reserve(0xA, PrCdb.WE));
            assertGood(a.preempt(0xA, 0xA, PrCdb.WE)); // same type: nobody told
            assertThat(a.keys()).containsExactly(0xA, 0xB);
            assertGood(b.tur());
            assertGood(a.preempt(0xA, 0xA, PrCdb.EA));
            assertThat(a.reservation()).containsExactly(0xA, PrCdb.EA);
            assertUnitAttention(b.tur(), 0x04);
        }
    }

    @Test
    void preemptingAnAllRegistrantsReservation() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            Initiator c = t.login(I3);
            assertGood(a.register(0, 0xA));
            assertGood(b.register(0, 0xB));
            assertGood(c.register(0, 0xC));
            assertGood(a.reserve(0xA, PrCdb.WE_AR));
            // a non-zero key only removes those registrations; the reservation stays
            assertGood(a.preempt(0xA, 0xC, PrCdb.EA));
            assertThat(a.reservation()).containsExactly(0, PrCdb.WE_AR);
            assertThat(a.keys()).containsExactly(0xA, 0xB);
            assertUnitAttention(c.tur(), 0x05);
            // key 0: every other registration goes, and we reserve with the new type
            assertGood(b.preempt(0xB, 0, PrCdb.EA_RO));
            assertThat(b.reservation()).containsExactly(0xB, PrCdb.EA_RO);
            assertThat(b.keys()).containsExactly(0xB);
            assertUnitAttention(a.tur(), 0x05);
            assertThat(a.reservation()).containsExactly(0xB, PrCdb.EA_RO);
            assertConflict(a.read()); // no longer registered
        }
    }

    @Test
    void preemptWithABadTypeIsInvalidOnlyWhenItReserves() {
        try (PrTarget t = PrTarget.disk()) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            assertGood(a.register(0, 0xA));
            assertGood(b.register(0, 0xB));
            assertGood(a.reserve(0xA, PrCdb.WE));
            assertField(b.preempt(0xB, 0xA, 0x2), 0x24, true, 2, 3);
            assertThat(b.reservation()).containsExactly(0xA, PrCdb.WE);
            assertThat(b.keys()).containsExactly(0xA, 0xB);
        }
    }

    @Test
    void preemptAndAbortAbortsThePreemptedNexusesTasks() throws Exception {
        MemoryBlockDevice device = new MemoryBlockDevice(512, 256);
        try (ScsiTarget target = ScsiTarget.builder(PrTarget.TARGET_NAME)
                .logicalUnit(0, LogicalUnitSpec.disk(PrTarget.UNIT_NAME, device)).build();
             LoopbackTransport lt = LoopbackTransport.start(target)) {
            LoopbackSession a = lt.login(I1);
            LoopbackSession b = lt.login(I2);
            a.clearUnitAttentions(0);
            b.clearUnitAttentions(0);
            Initiator ia = new Initiator(a);
            Initiator ib = new Initiator(b);
            assertGood(ia.register(0, 0xA));
            assertGood(ib.register(0, 0xB));
            assertGood(ia.reserve(0xA, PrCdb.WE));
            device.hold();
            CompletableFuture<ScsiResponse> stuck = a.submit(ScsiCommand.of(0, Cdbs.write10(0, 1, false))
                    .dataOut(new byte[512]));
            waitUntil(() -> device.heldCount() == 1);
            CompletableFuture<ScsiResponse> preempt = b.submit(ScsiCommand.of(0,
                    PrCdb.prOut(PrCdb.PREEMPT_AND_ABORT, 0, PrCdb.EA, 24)).dataOut(PrCdb.params(0xB, 0xA, 0)));
            // The PREEMPT AND ABORT completes only once the aborted write's device I/O is back.
            Thread.sleep(200);
            assertThat(preempt.isDone()).as("PREEMPT AND ABORT waits for the aborted I/O").isFalse();
            assertThat(ib.session.outstandingTasks()).isEqualTo(1);
            device.release();
            ScsiResponse r = preempt.get(30, TimeUnit.SECONDS);
            assertGood(r);
            assertThat(stuck.get(30, TimeUnit.SECONDS).status()).as("the preempted nexus's write")
                    .isEqualTo(ScsiStatus.TASK_ABORTED);
            assertThat(ib.reservation()).containsExactly(0xB, PrCdb.EA);
            assertUnitAttention(ia.tur(), 0x05);
            assertConflict(ia.write());
            a.close();
            b.close();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
