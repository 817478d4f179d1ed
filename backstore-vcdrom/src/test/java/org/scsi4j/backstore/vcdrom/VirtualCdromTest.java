package org.scsi4j.backstore.vcdrom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsi4j.core.MediumRemovalPreventedException;
import org.scsi4j.core.spi.device.DeviceIoException;
import org.scsi4j.core.spi.device.DeviceOperation;
import org.scsi4j.core.spi.device.IoStatus;
import org.scsi4j.core.spi.device.RemovableMedium;

/** The drive on its own, without a target: geometry, reads, tray and disc changes. */
class VirtualCdromTest {
    @TempDir
    Path dir;

    @Test
    void readsWholeBlocksAndPadsTheLastOne() throws IOException {
        Path iso = Images.write(dir, "a.iso", 1, 2 * 2048 + 100);
        try (VirtualCdrom d = VirtualCdrom.of("cd0", iso)) {
            assertThat(d.geometry().logicalBlockSize()).isEqualTo(2048);
            assertThat(d.geometry().blockCount()).isEqualTo(3);
            assertThat(d.isReadOnly()).isTrue();
            assertThat(d.supports(DeviceOperation.READ)).isTrue();
            assertThat(d.supports(DeviceOperation.WRITE)).isFalse();
            assertThat(d.isMediumPresent()).isTrue();
            assertThat(d.image()).isEqualTo(iso);
            ByteBuffer b = ByteBuffer.allocateDirect(3 * 2048);
            d.read(0, 3, b);
            assertThat(b.position()).as("position untouched").isZero();
            for (int i = 0; i < 2 * 2048 + 100; i += 97) {
                assertThat(b.get(i)).isEqualTo(Images.at(1, i));
            }
            for (int i = 2 * 2048 + 100; i < 3 * 2048; i++) {
                assertThat(b.get(i)).as("padding at %d", i).isZero();
            }
            ByteBuffer one = ByteBuffer.allocate(2048);
            d.read(1, 1, one);
            assertThat(one.get(5)).isEqualTo(Images.at(1, 2048 + 5));
        }
    }

    @Test
    void writesAreRefusedAndFlushIsANoOp() throws IOException {
        try (VirtualCdrom d = VirtualCdrom.of("cd0", Images.write(dir, "a.iso", 1, 2048))) {
            assertThatThrownBy(() -> d.write(0, 1, ByteBuffer.allocate(2048), false))
                    .isInstanceOfSatisfying(DeviceIoException.class, e -> assertThat(e.status()).isEqualTo(IoStatus.WRITE_PROTECTED));
            d.flush();
        }
    }

    @Test
    void anEmptyDriveHasNoMediumAndReadsFail() throws IOException {
        try (VirtualCdrom d = VirtualCdrom.empty("cd0")) {
            assertThat(d.isMediumPresent()).isFalse();
            assertThat(d.isTrayOpen()).isFalse();
            assertThat(d.geometry().blockCount()).isZero();
            assertThat(d.image()).isNull();
            assertThatThrownBy(() -> d.read(0, 1, ByteBuffer.allocate(2048)))
                    .isInstanceOfSatisfying(DeviceIoException.class, e -> assertThat(e.status()).isEqualTo(IoStatus.MEDIUM_NOT_PRESENT));
            d.remove();
            assertThat(d.mediumGeneration()).as("removing nothing changes nothing").isZero();
        }
    }

    @Test
    void trayAndDiscChangesBumpTheGeneration() throws IOException {
        Path a = Images.write(dir, "a.iso", 1, 4096);
        Path b = Images.write(dir, "b.iso", 2, 8192);
        try (VirtualCdrom d = VirtualCdrom.empty("cd0")) {
            long g = d.mediumGeneration();
            d.insert(a);
            assertThat(d.mediumGeneration()).isGreaterThan(g);
            d.eject();
            assertThat(d.isTrayOpen()).isTrue();
            assertThat(d.isMediumPresent()).isFalse();
            assertThat(d.geometry().blockCount()).isZero();
            assertThat(d.image()).as("the disc stays in the open tray").isEqualTo(a);
            g = d.mediumGeneration();
            d.eject();
            assertThat(d.mediumGeneration()).isEqualTo(g);
            d.load();
            assertThat(d.isMediumPresent()).isTrue();
            assertThat(d.mediumGeneration()).isGreaterThan(g);
            d.insert(b);
            assertThat(d.geometry().blockCount()).isEqualTo(4);
            d.remove();
            assertThat(d.isMediumPresent()).isFalse();
            assertThat(d.image()).isNull();
        }
    }

    @Test
    void badImagesLeaveTheDriveAsItWas() throws IOException {
        Path a = Images.write(dir, "a.iso", 1, 4096);
        Path empty = Files.createFile(dir.resolve("empty.iso"));
        try (VirtualCdrom d = VirtualCdrom.of("cd0", a)) {
            assertThatThrownBy(() -> d.insert(dir.resolve("missing.iso"))).isInstanceOf(NoSuchFileException.class);
            assertThatThrownBy(() -> d.insert(dir)).isInstanceOf(NoSuchFileException.class).hasMessageContaining("not a regular file");
            assertThatThrownBy(() -> d.insert(empty)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
            assertThat(d.image()).isEqualTo(a);
            assertThat(d.isMediumPresent()).isTrue();
        }
        assertThatThrownBy(() -> VirtualCdrom.of("cd1", empty)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theGuardStopsHostChangesOfALoadedDiscUnlessForced() throws IOException {
        Path a = Images.write(dir, "a.iso", 1, 4096);
        Path b = Images.write(dir, "b.iso", 2, 4096);
        int[] requests = new int[1];
        String[] who = {"initiator iqn.x"};
        try (VirtualCdrom d = VirtualCdrom.of("cd0", a)) {
            d.attach(new RemovableMedium.Guard() {
                @Override
                public String removalPreventedBy() {
                    return who[0];
                }

                @Override
                public void requestRemoval() {
                    requests[0]++;
                }
            });
            assertThatThrownBy(() -> d.insert(b)).isInstanceOf(MediumRemovalPreventedException.class)
                    .hasMessageContaining("cd0").hasMessageContaining("iqn.x");
            assertThatThrownBy(d::remove).isInstanceOf(MediumRemovalPreventedException.class);
            assertThat(requests[0]).isEqualTo(2);
            assertThat(d.image()).isEqualTo(a);
            d.insert(b, true);
            assertThat(d.image()).isEqualTo(b);
            d.eject();
            d.insert(a);
            assertThat(d.image()).as("an open tray can always be filled").isEqualTo(a);
            who[0] = null;
            d.remove();
            assertThat(d.image()).isNull();
        }
    }

    @Test
    void aReadOnAReplacedImageSaysMediumNotPresentAndCloseEndsTheDrive() throws IOException {
        Path a = Images.write(dir, "a.iso", 1, 4096);
        VirtualCdrom d = VirtualCdrom.of("cd0", a);
        d.close();
        d.close();
        assertThatThrownBy(() -> d.read(0, 1, ByteBuffer.allocate(2048)))
                .isInstanceOfSatisfying(DeviceIoException.class, e -> assertThat(e.status()).isEqualTo(IoStatus.MEDIUM_NOT_PRESENT));
        assertThatThrownBy(() -> d.insert(a)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
