package org.scsi4j.core.internal.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scsi4j.core.internal.reservation.PrCdb.params;
import static org.scsi4j.core.internal.reservation.PrTarget.assertConflict;
import static org.scsi4j.core.internal.reservation.PrTarget.assertGood;
import static org.scsi4j.core.internal.reservation.PrTarget.assertSense;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.internal.reservation.PrTarget.Initiator;
import org.scsi4j.core.testing.MemoryBlockDevice;

/**
 * APTPL (SPC-4 §5.13 "Persist through power loss"): the state is on disk before GOOD, restored
 * when the target is built again, removed by APTPL=0; a damaged file is refused whole.
 */
class AptplTest {
    static final String I1 = "iqn.2026-11.org.scsi4j:init1";
    static final String I2 = "iqn.2026-11.org.scsi4j:init2";

    @TempDir
    Path dir;

    private static Path stateFile(PrTarget t) {
        return t.target.runtime().aptplPersistence().fileOf(t.lu().identity().naa());
    }

    @Test
    void stateIsDurableBeforeGoodAndRestoredAtBuild() throws Exception {
        Path file;
        try (PrTarget t = PrTarget.persistent(dir)) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            byte[] caps = a.prIn(2, 8).data();
            assertThat(caps[2] & 0x01).as("PTPL_C").isEqualTo(1);
            assertThat(caps[3] & 0x01).as("PTPL_A").isZero();
            file = stateFile(t);
            assertThat(file).doesNotExist();
            assertGood(a.registerAptpl(0, 0xA));
            assertThat(file).exists(); // written before the command completed
            assertThat(a.prIn(2, 8).data()[3] & 0x01).as("PTPL_A").isEqualTo(1);
            assertGood(b.register(0, 0xB)); // APTPL=0 from b turns persistence off again ...
            assertThat(file).doesNotExist();
            assertGood(b.registerAptpl(0xB, 0xB)); // ... and on
            assertGood(a.reserve(0xA, PrCdb.WE_RO)); // every later change is persisted too
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(text).startsWith("scsi4j-pr-state 1\n").contains("reservation type=5 holder=0\n");
            assertThat(Files.list(dir).map(p -> p.getFileName().toString()).toList())
                    .containsExactly(file.getFileName().toString());
        }
        try (PrTarget t = PrTarget.persistent(dir)) {
            Initiator a = t.login(I1);
            Initiator b = t.login(I2);
            Initiator c = t.login("iqn.2026-11.org.scsi4j:init3");
            assertThat(c.keys()).containsExactly(0xA, 0xB);
            assertThat(c.reservation()).containsExactly(0xA, PrCdb.WE_RO);
            assertThat(c.generation()).as("PRgeneration restarts at 0").isZero();
            assertThat(c.prIn(2, 8).data()[3] & 0x01).as("PTPL_A").isEqualTo(1);
            assertGood(a.write());
            assertGood(b.write());
            assertConflict(c.write());
            assertGood(a.release(0xA, PrCdb.WE_RO));
            assertGood(a.prOut(PrCdb.REGISTER, 0, params(0xA, 0, 0))); // unregister, APTPL=0: file gone
            assertThat(stateFile(t)).doesNotExist();
        }
        try (PrTarget t = PrTarget.persistent(dir)) {
            assertThat(t.login(I1).keys()).isEmpty();
        }
    }

    @Test
    void withoutAptplNothingIsWritten() throws Exception {
        try (PrTarget t = PrTarget.persistent(dir)) {
            Initiator a = t.login(I1);
            assertGood(a.register(0, 0xA));
            assertGood(a.reserve(0xA, PrCdb.EA));
            assertThat(Files.list(dir).count()).isZero();
        }
        try (PrTarget t = PrTarget.persistent(dir)) {
            assertThat(t.login(I1).keys()).isEmpty();
        }
    }

    @Test
    void damagedFilesAreRefusedWhole() throws Exception {
        Path file;
        try (PrTarget t = PrTarget.persistent(dir)) {
            Initiator a = t.login(I1);
            assertGood(a.registerAptpl(0, 0xA));
            assertGood(a.reserve(0xA, PrCdb.EA));
            file = stateFile(t);
        }
        byte[] good = Files.readAllBytes(file);

        byte[] edited = good.clone();
        int at = new String(edited, StandardCharsets.UTF_8).indexOf("type=3");
        edited[at + 5] = '1'; // a hand edit: Exclusive Access to Write Exclusive
        Files.write(file, edited);
        assertBuildFails(file, "checksum");

        Files.write(file, java.util.Arrays.copyOf(good, good.length - 10)); // torn
        assertBuildFails(file, "corrupt");

        Files.write(file, good);
        Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), "half a write"); // never renamed
        try (PrTarget t = PrTarget.persistent(dir)) {
            Initiator a = t.login(I1);
            assertThat(a.reservation()).containsExactly(0xA, PrCdb.EA);
            assertThat(file.resolveSibling(file.getFileName() + ".tmp")).doesNotExist();
        }
    }

    @Test
    void aFileOfAnotherUnitIsRefused() throws Exception {
        Path file;
        try (PrTarget t = PrTarget.persistent(dir)) {
            assertGood(t.login(I1).registerAptpl(0, 0xA));
            file = stateFile(t);
        }
        long otherNaa = LogicalUnitSpec.disk("d1", new MemoryBlockDevice(512, 8)).identityIn(PrTarget.TARGET_NAME).naa();
        Path other = dir.resolve(String.format("pr-%016x.state", otherNaa));
        Files.move(file, other);
        MemoryBlockDevice device = new MemoryBlockDevice(512, 8);
        assertThatThrownBy(() -> ScsiTarget.builder(PrTarget.TARGET_NAME).persistenceDirectory(dir)
                .logicalUnit(0, LogicalUnitSpec.disk("d1", device)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to unit");
        device.close(); // the failed build never took it over
        PrTarget.assertNoPersistThread();
    }

    @Test
    void aFailedWriteIsHardwareErrorAndTheNextWriteRecovers() throws Exception {
        try (PrTarget t = PrTarget.persistent(dir)) {
            Initiator a = t.login(I1);
            Path file = stateFile(t);
            Files.createDirectories(file);
            Files.writeString(file.resolve("blocker"), "x"); // the rename over a non-empty directory fails
            assertSense(a.registerAptpl(0, 0xA), 0x4, 0x44, 0x00);
            Files.delete(file.resolve("blocker"));
            Files.delete(file);
            assertGood(a.reserve(0xA, PrCdb.WE)); // the in-memory change stands; this write carries both
            assertThat(AptplFile.decode(Files.readAllBytes(file), t.lu().identity().naa()).registrations())
                    .extracting(Registration::key).containsExactly(0xAL);
        }
    }

    @Test
    void badPersistenceDirectoryFailsTheBuild() throws Exception {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        MemoryBlockDevice device = new MemoryBlockDevice(512, 8);
        assertThatThrownBy(() -> ScsiTarget.builder(PrTarget.TARGET_NAME).persistenceDirectory(notADir)
                .logicalUnit(0, LogicalUnitSpec.disk("d0", device)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("persistenceDirectory");
        device.close();
    }

    @Test
    void fileFormatRoundTrip() throws Exception {
        Registration a = new Registration(0xA1L, "iqn.2026-11.org.example:node 1%", ",i,0x00023d000001", 7);
        Registration b = new Registration(-1L, "naa.5001405abcdef", null, Registration.ALL_TARGET_PORTS);
        Registration c = new Registration(0xC3L, "iqn.x", "", 0x8000);
        for (PrState s : List.of(
                new PrState(List.of(a, b, c), b, PrCdb.EA_RO, true, 5, null, 9),
                new PrState(List.of(a, c), null, PrCdb.WE_AR, true, 0, null, 1),
                new PrState(List.of(), null, 0, true, 0, null, 1))) {
            byte[] bytes = AptplFile.encode(s, 0x3123456789abcdefL, "unit one");
            PrState back = AptplFile.decode(bytes, 0x3123456789abcdefL);
            assertThat(back.registrations()).isEqualTo(s.registrations());
            assertThat(back.holder()).isEqualTo(s.holder());
            assertThat(back.type()).isEqualTo(s.type());
            assertThat(back.aptpl()).isTrue();
            assertThat(back.generation()).isZero();
        }
    }

    private void assertBuildFails(Path file, String why) {
        assertThatThrownBy(() -> PrTarget.persistent(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(why);
        PrTarget.assertNoPersistThread();
    }
}
