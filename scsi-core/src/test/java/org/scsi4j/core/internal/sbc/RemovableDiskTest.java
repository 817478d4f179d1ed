package org.scsi4j.core.internal.sbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scsi4j.core.internal.sbc.Disk.assertGood;
import static org.scsi4j.core.internal.sbc.Disk.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.sbc.Disk.assertSense;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.MediumRemovalPreventedException;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.transport.TmfFunction;
import org.scsi4j.core.spi.transport.TmfResponse;
import org.scsi4j.core.testing.MemoryBlockDevice;

/**
 * A disk declared {@code withRemovableMedium(true)} (SBC-3 §5.25 START STOP UNIT with LOEJ,
 * SPC-4 §6.13 PREVENT ALLOW MEDIUM REMOVAL): eject and load from initiators and host, the prevent
 * state per I_T nexus and its end, NOT READY while ejected, the unit attention after a load.
 */
class RemovableDiskTest {
    private static final String A = "iqn.2026-11.org.scsi4j:a";
    private static final String B = "iqn.2026-11.org.scsi4j:b";
    private static final int BLOCK = 512;

    private static final int LOEJ = 0x02;
    private static final int START = 0x01;
    private static final byte[] EJECT = SbcCdb.startStopUnit(0, LOEJ);
    private static final byte[] LOAD = SbcCdb.startStopUnit(0, LOEJ | START);
    private static final byte[] TUR = new byte[6];

    /** A removable disk at LUN 0 with two sessions, their power-on unit attentions cleared. */
    private static final class Rig implements AutoCloseable {
        final MemoryBlockDevice device = new MemoryBlockDevice(BLOCK, 64);
        final ScsiTarget target;
        final LoopbackTransport transport;
        final LoopbackSession a;
        final LoopbackSession b;
        private boolean bClosed;

        Rig(boolean removable) {
            target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:rmb")
                    .logicalUnit(0, LogicalUnitSpec.disk("r0", device).withRemovableMedium(removable))
                    .build();
            transport = LoopbackTransport.start(target);
            a = transport.login(A);
            b = transport.login(B);
            a.clearUnitAttentions(0);
            b.clearUnitAttentions(0);
        }

        void closeB() {
            b.close();
            bClosed = true;
        }

        @Override
        public void close() {
            assertThat(a.outstandingTasks()).isZero();
            a.close();
            if (!bClosed) {
                assertThat(b.outstandingTasks()).isZero();
                b.close();
            }
            transport.close();
            assertThat(target.outstandingBuffers()).isZero();
            target.close();
        }
    }

    private static ScsiResponse none(LoopbackSession s, byte[] cdb) {
        return s.execute(ScsiCommand.of(0, cdb));
    }

    private static ScsiResponse in(LoopbackSession s, byte[] cdb, int length) {
        return s.execute(ScsiCommand.of(0, cdb).dataIn(length));
    }

    private static byte[] preventAllow(int b4) {
        return new byte[] {0x1E, 0, 0, 0, (byte) b4, 0};
    }

    static void assertMediumNotPresent(ScsiResponse r) {
        assertSense(r, 0x2, 0x3A, 0x00);
    }

    static void assertRemovalPrevented(ScsiResponse r) {
        assertSense(r, 0x5, 0x53, 0x02);
    }

    static void assertMediumMayHaveChanged(ScsiResponse r) {
        assertSense(r, 0x6, 0x28, 0x00);
    }

    private static int inquiryByte1(LoopbackSession s) {
        ScsiResponse r = in(s, new byte[] {0x12, 0, 0, 0, 36, 0}, 36);
        assertGood(r);
        return r.data()[1] & 0xFF;
    }

    @Test
    void inquiryReportsRemovableMedium() {
        try (Rig r = new Rig(true)) {
            assertThat(inquiryByte1(r.a) & 0x80).as("RMB").isEqualTo(0x80);
        }
        try (Rig r = new Rig(false)) {
            assertThat(inquiryByte1(r.a) & 0x80).as("RMB").isZero();
        }
    }

    @Test
    void ejectHidesTheMediumAndLoadShowsTheSameDataAgain() {
        try (Rig r = new Rig(true)) {
            byte[] data = new byte[2 * BLOCK];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 7 + 3);
            }
            assertGood(r.a.execute(ScsiCommand.of(0, SbcCdb.write(10, 4, 2)).dataOut(data)));

            assertGood(none(r.a, EJECT));
            assertThat(r.target.runtime().logicalUnit(0).mediumPresent()).isFalse();
            for (LoopbackSession s : new LoopbackSession[] {r.a, r.b}) {
                assertMediumNotPresent(none(s, TUR));
                assertMediumNotPresent(in(s, SbcCdb.read(10, 4, 2), 2 * BLOCK));
                assertMediumNotPresent(in(s, SbcCdb.readCapacity10(0, false), 8));
                assertMediumNotPresent(in(s, SbcCdb.readCapacity16(32), 32));
                assertMediumNotPresent(none(s, new byte[] {0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
                assertMediumNotPresent(s.execute(ScsiCommand.of(0, SbcCdb.write(10, 0, 1)).dataOut(new byte[BLOCK])));
            }
            assertGood(none(r.a, EJECT));                          // idempotent
            assertThat(inquiryByte1(r.b) & 0x80).as("INQUIRY still works").isEqualTo(0x80);

            assertGood(none(r.a, LOAD));
            assertGood(none(r.a, TUR));                            // the loader knows
            assertMediumMayHaveChanged(none(r.b, TUR));            // everyone else is told once
            assertGood(none(r.b, TUR));
            ScsiResponse read = in(r.b, SbcCdb.read(10, 4, 2), 2 * BLOCK);
            assertGood(read);
            assertThat(read.data()).isEqualTo(data);
        }
    }

    @Test
    void loejIsIgnoredWithAPowerConditionAndAbsentWithoutLoej() {
        try (Rig r = new Rig(true)) {
            for (int pc = 1; pc < 16; pc++) {
                assertGood(none(r.a, SbcCdb.startStopUnit(1, (pc << 4) | LOEJ)));
                assertGood(none(r.a, TUR));
            }
            for (int b4 : new int[] {0x00, START, 0x04, 0x04 | START}) {
                assertGood(none(r.a, SbcCdb.startStopUnit(0, b4)));
                assertGood(none(r.a, TUR));
            }
            byte[] pcm = SbcCdb.startStopUnit(0, LOEJ);
            pcm[3] = 0x01;                                         // POWER CONDITION MODIFIER
            assertInvalidFieldInCdb(none(r.a, pcm), 3, 0);
        }
    }

    @Test
    void aPreventFromOneNexusBlocksEveryEjectAndLoadUntilAllowed() {
        try (Rig r = new Rig(true)) {
            assertGood(none(r.a, preventAllow(1)));
            assertRemovalPrevented(none(r.b, EJECT));
            assertRemovalPrevented(none(r.a, EJECT));
            assertGood(none(r.b, TUR));
            assertThatThrownBy(() -> r.target.ejectMedium(0))
                    .isInstanceOf(MediumRemovalPreventedException.class).hasMessageContaining(A);
            assertGood(none(r.b, TUR));

            r.target.ejectMedium(0, true);                         // the host forces it
            assertMediumNotPresent(none(r.b, TUR));
            assertRemovalPrevented(none(r.a, LOAD));               // still locked: LOEJ moves nothing
            assertMediumNotPresent(none(r.a, TUR));
            assertGood(none(r.a, preventAllow(0)));
            assertGood(none(r.b, LOAD));
            assertGood(none(r.b, TUR));
            assertMediumMayHaveChanged(none(r.a, TUR));

            assertInvalidFieldInCdb(none(r.a, preventAllow(2)), 4, 1);   // no MMC PERSISTENT on a disk
            assertGood(none(r.a, EJECT));
        }
    }

    @Test
    void thePreventEndsWithItsNexus() {
        try (Rig r = new Rig(true)) {
            assertGood(none(r.b, preventAllow(1)));
            assertRemovalPrevented(none(r.a, EJECT));
            r.closeB();
            assertGood(none(r.a, EJECT));
            assertMediumNotPresent(none(r.a, TUR));
            assertGood(none(r.a, LOAD));
        }
    }

    @Test
    void aLogicalUnitResetEndsEveryPrevent() {
        try (Rig r = new Rig(true)) {
            assertGood(none(r.a, preventAllow(1)));
            assertGood(none(r.b, preventAllow(1)));
            assertThat(r.a.taskManagement(TmfFunction.LOGICAL_UNIT_RESET, 0, 0)).isEqualTo(TmfResponse.FUNCTION_COMPLETE);
            r.a.clearUnitAttentions(0);
            assertGood(none(r.a, EJECT));
            assertMediumNotPresent(none(r.a, TUR));
            assertGood(none(r.a, LOAD));
        }
    }

    @Test
    void aTargetResetEndsEveryPrevent() {
        try (Rig r = new Rig(true)) {
            assertGood(none(r.b, preventAllow(1)));
            assertThat(r.a.taskManagement(TmfFunction.TARGET_WARM_RESET, 0, 0)).isEqualTo(TmfResponse.FUNCTION_COMPLETE);
            r.a.clearUnitAttentions(0);
            assertGood(none(r.a, EJECT));
            assertGood(none(r.a, LOAD));
        }
    }

    @Test
    void theHostEjectsAndLoadsAndEveryNexusHearsOfTheLoad() {
        try (Rig r = new Rig(true)) {
            r.target.ejectMedium(0);
            assertMediumNotPresent(none(r.a, TUR));
            r.target.loadMedium(0);
            r.target.loadMedium(0);                                // idempotent: one change
            assertMediumMayHaveChanged(none(r.a, TUR));
            assertMediumMayHaveChanged(none(r.b, TUR));
            assertGood(none(r.a, TUR));
            assertGood(none(r.b, TUR));
        }
    }

    @Test
    void aFixedDiskStillRefusesLoejAndHasNoPreventAllow() {
        try (Rig r = new Rig(false)) {
            assertInvalidFieldInCdb(none(r.a, EJECT), 4, 1);
            assertInvalidFieldInCdb(none(r.a, LOAD), 4, 1);
            assertInvalidFieldInCdb(none(r.a, SbcCdb.startStopUnit(0, 0x10)), 4, 4);
            assertSense(none(r.a, preventAllow(1)), 0x5, 0x20, 0x00);
            assertGood(none(r.a, TUR));
            assertThatThrownBy(() -> r.target.ejectMedium(0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> r.target.loadMedium(0)).isInstanceOf(IllegalStateException.class);
        }
    }
}
