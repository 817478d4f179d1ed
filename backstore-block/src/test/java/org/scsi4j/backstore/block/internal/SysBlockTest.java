package org.scsi4j.backstore.block.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsi4j.backstore.block.BlockDeviceInfo;

/** sysfs lookup on a fake tree (a disk with one partition and a device-mapper holder). */
class SysBlockTest {

    @TempDir
    Path sys;

    @BeforeEach
    void fakeSysfs() throws IOException {
        Path disk = sys.resolve("devices/pci0000:00/0000:00:04.0/nvme/nvme0/nvme0n1");
        write(disk.resolve("dev"), "259:0");
        write(disk.resolve("size"), "2097152");
        write(disk.resolve("ro"), "0");
        Path queue = disk.resolve("queue");
        write(queue.resolve("logical_block_size"), "512");
        write(queue.resolve("physical_block_size"), "4096");
        write(queue.resolve("optimal_io_size"), "131072");
        write(queue.resolve("max_hw_sectors_kb"), "2048");
        write(queue.resolve("max_sectors_kb"), "1280");
        write(queue.resolve("rotational"), "0");
        write(queue.resolve("discard_max_bytes"), "2199023255040");
        write(queue.resolve("discard_granularity"), "512");
        write(queue.resolve("write_cache"), "write back");
        Files.createDirectories(disk.resolve("holders"));
        Path part = disk.resolve("nvme0n1p1");
        write(part.resolve("partition"), "1");
        write(part.resolve("dev"), "259:1");
        write(part.resolve("size"), "2095104");
        write(part.resolve("ro"), "1");
        write(part.resolve("holders/dm-3"), "");
        Files.createDirectories(sys.resolve("dev/block"));
        Files.createSymbolicLink(sys.resolve("dev/block/259:0"), Path.of("../../devices/pci0000:00/0000:00:04.0/nvme/nvme0/nvme0n1"));
        Files.createSymbolicLink(sys.resolve("dev/block/259:1"), Path.of("../../devices/pci0000:00/0000:00:04.0/nvme/nvme0/nvme0n1/nvme0n1p1"));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text + "\n");
    }

    @Test
    void aDiskReportsItsQueueLimits() throws IOException {
        SysBlock disk = SysBlock.of(sys, "259:0");
        assertThat(disk.name()).isEqualTo("nvme0n1");
        assertThat(disk.info(Path.of("/dev/nvme0n1"))).isEqualTo(new BlockDeviceInfo(Path.of("/dev/nvme0n1"), "nvme0n1",
                "259:0", 1L << 30, 512, 4096, 131072, 1280 * 1024, false, 2199023255040L, 512, true, false));
        assertThat(disk.partitions()).extracting(SysBlock::name, SysBlock::devNumber)
                .containsExactly(tuple("nvme0n1p1", "259:1"));
        assertThat(disk.holders()).isEmpty();
    }

    @Test
    void aPartitionSharesItsDisksQueueAndHasItsOwnSizeAndHolders() throws IOException {
        SysBlock part = SysBlock.of(sys, "259:1");
        BlockDeviceInfo info = part.info(Path.of("/dev/nvme0n1p1"));
        assertThat(info.sizeBytes()).isEqualTo(2095104L * 512);
        assertThat(info.physicalBlockSize()).isEqualTo(4096);
        assertThat(info.readOnly()).isTrue();
        assertThat(part.holders()).containsExactly("dm-3");
        assertThat(part.partitions()).isEmpty();
    }

    @Test
    void aHeldPartitionRefusesItsDisk() throws IOException {
        assertThat(InUse.reason(Path.of("/dev/nvme0n1"), SysBlock.of(sys, "259:0"))).isEqualTo(
                "/dev/nvme0n1 is held by dm-3 (on partition nvme0n1p1) (see /sys/class/block/nvme0n1/holders): "
                        + "a device-mapper, md or bcache device is built on it; remove that first or pass a different device");
    }

    @Test
    void maxTransferFallsBackToTheHardwareLimitAndMissingHintsAreZero() throws IOException {
        Path queue = sys.resolve("devices/pci0000:00/0000:00:04.0/nvme/nvme0/nvme0n1/queue");
        Files.delete(queue.resolve("max_sectors_kb"));
        Files.delete(queue.resolve("optimal_io_size"));
        BlockDeviceInfo info = SysBlock.of(sys, "259:0").info(Path.of("/dev/nvme0n1"));
        assertThat(info.maxTransferBytes()).isEqualTo(2048 * 1024);
        assertThat(info.optimalIoBytes()).isZero();
    }

    @Test
    void garbageAndUnknownDevicesFailClearly() throws IOException {
        Files.writeString(sys.resolve("devices/pci0000:00/0000:00:04.0/nvme/nvme0/nvme0n1/size"), "lots\n");
        assertThatThrownBy(() -> SysBlock.of(sys, "259:0").info(Path.of("/dev/nvme0n1")))
                .isInstanceOf(IOException.class).hasMessageStartingWith("unexpected content 'lots' in ");
        assertThatThrownBy(() -> SysBlock.of(sys, "8:0"))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("no sysfs entry for block device 8:0");
    }

    @Test
    void deviceNumbersDecodeLikeGlibc() {
        assertThat(SysBlock.devNumber(makedev(7, 0))).isEqualTo("7:0").isEqualTo(SysBlock.devNumber(1792L));
        assertThat(SysBlock.devNumber(makedev(259, 3))).isEqualTo("259:3");
        assertThat(SysBlock.devNumber(makedev(8, 300))).isEqualTo("8:300");
        assertThat(SysBlock.devNumber(makedev(4100, 1 << 19))).isEqualTo("4100:524288");
        assertThat(SysBlock.devNumberOrNull("/dev/null")).isNull(); // a character device
        assertThat(SysBlock.devNumberOrNull("/nonexistent")).isNull();
    }

    /** glibc's gnu_dev_makedev. */
    private static long makedev(long major, long minor) {
        return ((major & 0xfff) << 8) | ((major & ~0xfffL) << 32) | (minor & 0xff) | ((minor & ~0xffL) << 12);
    }
}
