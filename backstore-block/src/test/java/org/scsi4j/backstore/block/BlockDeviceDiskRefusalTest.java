package org.scsi4j.backstore.block;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** What {@link BlockDeviceDisk#open} refuses before touching any block device (no loop devices needed). */
@EnabledOnOs(OS.LINUX)
class BlockDeviceDiskRefusalTest {

    @TempDir
    Path dir;

    @Test
    void aRegularFileIsSentToBackstoreFile() throws Exception {
        Path image = Files.write(dir.resolve("disk.img"), new byte[4096]);
        assertThatThrownBy(() -> BlockDeviceDisk.open(BlockDeviceOptions.builder(image).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(image + " is a regular file, not a block device; "
                        + "export image files with backstore-file (org.scsi4j.backstore.file.FileBlockDevice)");
    }

    @Test
    void aCharacterDeviceOrDirectoryIsNotABlockDevice() {
        assertThatThrownBy(() -> BlockDeviceDisk.open(BlockDeviceOptions.builder(Path.of("/dev/null")).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("/dev/null is not a block device (file type 20000)");
        assertThatThrownBy(() -> BlockDeviceDisk.open(BlockDeviceOptions.builder(dir).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(dir + " is not a block device (file type 40000)");
    }

    @Test
    void aMissingNodeIsNoSuchFile() {
        Path missing = dir.resolve("sdz");
        assertThatThrownBy(() -> BlockDeviceDisk.open(BlockDeviceOptions.builder(missing).build()))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString());
    }
}
