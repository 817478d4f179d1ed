package org.scsi4j.backstore.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BlockDeviceOptionsTest {

    @Test
    void defaultsAreReadWriteDirectTwoWorkers() {
        BlockDeviceOptions o = BlockDeviceOptions.builder(Path.of("/dev/sdb")).build();
        assertThat(o).isEqualTo(new BlockDeviceOptions(Path.of("/dev/sdb"), false, true, 2));
    }

    @Test
    void everySettingIsKept() {
        BlockDeviceOptions o = BlockDeviceOptions.builder(Path.of("/dev/loop0"))
                .readOnly(true).direct(false).workerThreads(8).build();
        assertThat(o).isEqualTo(new BlockDeviceOptions(Path.of("/dev/loop0"), true, false, 8));
    }

    @Test
    void badSettingsNameThemselves() {
        assertThatThrownBy(() -> BlockDeviceOptions.builder(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("path");
        assertThatThrownBy(() -> BlockDeviceOptions.builder(Path.of("/dev/sdb")).workerThreads(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("workerThreads must be 1..256, was 0");
        assertThatThrownBy(() -> BlockDeviceOptions.builder(Path.of("/dev/sdb")).workerThreads(257).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("workerThreads must be 1..256, was 257");
    }
}
