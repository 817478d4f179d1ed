package org.scsi4j.backstore.vcdrom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scsi4j.backstore.vcdrom.CdTarget.assertGood;
import static org.scsi4j.backstore.vcdrom.CdTarget.assertSense;
import static org.scsi4j.backstore.vcdrom.CdTarget.in;
import static org.scsi4j.backstore.vcdrom.CdTarget.mediaEvent;
import static org.scsi4j.backstore.vcdrom.CdTarget.none;
import static org.scsi4j.backstore.vcdrom.CdTarget.preventAllow;
import static org.scsi4j.backstore.vcdrom.CdTarget.read10;
import static org.scsi4j.backstore.vcdrom.CdTarget.readCapacity10;
import static org.scsi4j.backstore.vcdrom.CdTarget.startStop;
import static org.scsi4j.backstore.vcdrom.CdTarget.testUnitReady;
import static org.scsi4j.backstore.vcdrom.CdTarget.u32;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsi4j.core.MediumRemovalPreventedException;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.ScsiResponse;

/** ISO images changing under connected initiators, through the loopback transport. */
class HotSwapLoopbackTest {
    static final String A = "iqn.2026-11.org.scsi4j:a";
    static final String B = "iqn.2026-11.org.scsi4j:b";

    @TempDir
    Path dir;

    private static void assertMediumMayHaveChanged(ScsiResponse r) {
        assertSense(r, 0x6, 0x28, 0x00);
    }

    @Test
    void readsTheImage() throws IOException {
        Path iso = Images.write(dir, "a.iso", 1, 10 * 2048 + 1);
        try (CdTarget t = new CdTarget(VirtualCdrom.of("cd0", iso))) {
            LoopbackSession s = t.login(A);
            ScsiResponse cap = in(s, readCapacity10(), 8);
            assertGood(cap);
            assertThat(u32(cap.data(), 0)).as("last LBA: 11 blocks, the last padded").isEqualTo(10);
            assertThat(u32(cap.data(), 4)).isEqualTo(2048);
            ScsiResponse r = in(s, read10(9, 2), 2 * 2048);
            assertGood(r);
            assertThat(r.data()[0]).isEqualTo(Images.at(1, 9 * 2048));
            assertThat(r.data()[2048]).isEqualTo(Images.at(1, 10 * 2048));
            assertThat(r.data()[2049]).isZero();
            assertSense(in(s, read10(10, 2), 2 * 2048), 0x5, 0x21, 0x00);
            assertSense(s.execute(org.scsi4j.core.loopback.ScsiCommand.of(0, org.scsi4j.core.testing.Cdbs.write10(0, 1, false))
                    .dataOut(new byte[2048])), 0x7, 0x27, 0x00);
        }
    }

    @Test
    void insertingANewImageTellsBothSessionsOnceAndKeepsThem() throws IOException {
        Path a = Images.write(dir, "a.iso", 1, 8 * 2048);
        Path b = Images.write(dir, "b.iso", 2, 20 * 2048);
        try (CdTarget t = new CdTarget(VirtualCdrom.of("cd0", a))) {
            LoopbackSession s1 = t.login(A);
            LoopbackSession s2 = t.login(B);
            t.drive.insert(b);
            for (LoopbackSession s : new LoopbackSession[] {s1, s2}) {
                assertMediumMayHaveChanged(none(s, testUnitReady()));
                assertGood(none(s, testUnitReady()));
                assertThat(u32(in(s, readCapacity10(), 8).data(), 0)).isEqualTo(19);
                assertThat(mediaEvent(s)).as("NEW MEDIA").isEqualTo(2);
                assertThat(mediaEvent(s)).as("then nothing").isZero();
                assertThat(in(s, read10(19, 1), 2048).data()[7]).isEqualTo(Images.at(2, 19 * 2048 + 7));
            }
            assertThat(t.target.openNexusCount()).isEqualTo(2);
        }
    }

    @Test
    void anEmptyDriveGetsItsFirstDisc() throws IOException {
        Path a = Images.write(dir, "a.iso", 1, 4 * 2048);
        try (CdTarget t = new CdTarget(VirtualCdrom.empty("cd0"))) {
            LoopbackSession s = t.login(A);
            assertSense(none(s, testUnitReady()), 0x2, 0x3A, 0x01);
            assertSense(in(s, read10(0, 1), 2048), 0x2, 0x3A, 0x00);
            ScsiResponse config = in(s, CdTarget.getConfiguration(), 8);
            assertThat(config.data()[7]).as("no current profile").isZero();
            t.drive.insert(a);
            assertMediumMayHaveChanged(none(s, testUnitReady()));
            assertGood(none(s, testUnitReady()));
            assertThat(in(s, CdTarget.getConfiguration(), 8).data()[7]).as("CD-ROM").isEqualTo((byte) 0x08);
            t.drive.remove();
            assertSense(none(s, testUnitReady()), 0x2, 0x3A, 0x01);
            assertThat(mediaEvent(s)).as("MEDIA REMOVAL").isEqualTo(3);
        }
    }

    @Test
    void aLockedDiscIsNotSwappedUntilEveryInitiatorAllows() throws IOException {
        Path a = Images.write(dir, "a.iso", 1, 4 * 2048);
        Path b = Images.write(dir, "b.iso", 2, 6 * 2048);
        try (CdTarget t = new CdTarget(VirtualCdrom.of("cd0", a))) {
            LoopbackSession s1 = t.login(A);
            LoopbackSession s2 = t.login(B);
            assertGood(none(s2, preventAllow(true)));
            assertThatThrownBy(() -> t.drive.insert(b)).isInstanceOf(MediumRemovalPreventedException.class).hasMessageContaining(B);
            assertThatThrownBy(() -> t.target.ejectMedium(0)).isInstanceOf(MediumRemovalPreventedException.class);
            assertThat(mediaEvent(s2)).as("EJECT REQUEST").isEqualTo(1);
            assertSense(none(s1, startStop(true, false)), 0x5, 0x53, 0x02);
            assertGood(none(s1, testUnitReady()));
            assertGood(none(s2, preventAllow(false)));
            t.drive.insert(b);
            assertMediumMayHaveChanged(none(s1, testUnitReady()));
            assertMediumMayHaveChanged(none(s2, testUnitReady()));
        }
    }

    @Test
    void theInitiatorOpensAndClosesTheTrayAndTheDiscStaysIn() throws IOException {
        Path a = Images.write(dir, "a.iso", 1, 4 * 2048);
        try (CdTarget t = new CdTarget(VirtualCdrom.of("cd0", a))) {
            LoopbackSession s = t.login(A);
            assertGood(none(s, startStop(true, false)));
            assertSense(none(s, testUnitReady()), 0x2, 0x3A, 0x02);
            assertThat(t.drive.isTrayOpen()).isTrue();
            assertGood(none(s, startStop(true, true)));
            assertMediumMayHaveChanged(none(s, testUnitReady()));
            assertThat(in(s, read10(3, 1), 2048).data()[1]).isEqualTo(Images.at(1, 3 * 2048 + 1));
            t.target.ejectMedium(0);
            assertSense(none(s, testUnitReady()), 0x2, 0x3A, 0x02);
        }
    }
}
