package org.scsi4j.backstore.file;

import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scsi4j.backstore.file.TestBuffers.allZero;
import static org.scsi4j.backstore.file.TestBuffers.filled;
import static org.scsi4j.backstore.file.TestBuffers.pattern;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scsi4j.core.spi.device.DeviceIoException;
import org.scsi4j.core.spi.device.DeviceOperation;
import org.scsi4j.core.spi.device.IoStatus;

class FileBlockDeviceTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private FileBlockDevice create(long size, int blockSize) throws IOException {
        return FileBlockDevice.open(FileDeviceOptions.builder(dir.resolve("disk.img"))
                .create(true).size(size).blockSize(blockSize).build());
    }

    @Test
    void createsASparseFileOfTheRequestedSize() throws Exception {
        Path file = dir.resolve("disk.img");
        try (FileBlockDevice device = create(256 * MIB, 4096)) {
            assertThat(Files.size(file)).isEqualTo(256 * MIB);
            assertThat(device.geometry().blockCount()).isEqualTo(256 * MIB / 4096);
            assertThat(device.geometry().volatileWriteCache()).as("write-back by default").isTrue();
            assertThat(allocatedBytes(file)).isLessThan(MIB);

            device.unmap(0, device.geometry().blockCount()); // as mkfs does
            assertThat(allocatedBytes(file)).as("unmapping holes allocates nothing").isLessThan(MIB);
        }
    }

    /** Bytes the file system allocated for {@code file}, from stat(1); skips the test without it. */
    private static long allocatedBytes(Path file) throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
        String[] blocks = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split(" ");
        Assumptions.assumeTrue(stat.waitFor() == 0 && blocks.length == 2, "stat(1) unavailable: cannot see allocation");
        return Long.parseLong(blocks[0]) * Long.parseLong(blocks[1]);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void writesAndReadsBack(int blockSize) throws Exception {
        try (FileBlockDevice device = create(4 * MIB, blockSize)) {
            ByteBuffer data = pattern(3 * blockSize, blockSize);
            device.write(5, 3, data, false);
            ByteBuffer back = ByteBuffer.allocateDirect(5 * blockSize);
            device.read(4, 5, back);

            assertThat(back.position()).as("position left as found").isZero();
            assertThat(back.slice(blockSize, 3 * blockSize)).isEqualTo(data);
            assertThat(allZero(back.slice(0, blockSize))).isTrue();
            assertThat(allZero(back.slice(4 * blockSize, blockSize))).isTrue();
        }
    }

    @Test
    void fuaWritesAndFlushReachTheFile() throws Exception {
        try (FileBlockDevice device = create(MIB, 512);
             FileChannel direct = FileChannel.open(dir.resolve("disk.img"), READ)) {
            device.write(1, 1, pattern(512, 1), true);
            device.write(2, 1, pattern(512, 2), false);
            device.flush();

            ByteBuffer onDisk = ByteBuffer.allocate(1024);
            direct.read(onDisk, 512);
            assertThat(onDisk.flip()).isEqualTo(ByteBuffer.allocate(1024).put(pattern(512, 1)).put(pattern(512, 2)).flip());
        }
    }

    @Test
    void writeThroughReportsNoVolatileCache() throws Exception {
        try (FileBlockDevice device = FileBlockDevice.open(FileDeviceOptions.builder(dir.resolve("wt.img"))
                .create(true).size(MIB).writeThrough(true).build())) {
            assertThat(device.geometry().volatileWriteCache()).isFalse();
            device.write(0, 1, pattern(512, 9), false);
            assertThat(Files.readAllBytes(dir.resolve("wt.img"))).startsWith(bytes(pattern(512, 9)));
        }
    }

    @Test
    void readOnlyDeviceRefusesWritesWithWriteProtected() throws Exception {
        Path file = dir.resolve("ro.img");
        Files.write(file, bytes(pattern(8192, 3)));
        try (FileBlockDevice device = FileBlockDevice.open(FileDeviceOptions.builder(file).readOnly(true).build())) {
            assertThat(device.isReadOnly()).isTrue();
            assertThat(device.supports(DeviceOperation.WRITE)).isFalse();
            assertThat(device.supports(DeviceOperation.UNMAP)).isFalse();
            assertThat(device.geometry().volatileWriteCache()).isFalse();

            assertThatThrownBy(() -> device.write(0, 1, filled(512, 0), true))
                    .isInstanceOfSatisfying(DeviceIoException.class,
                            e -> assertThat(e.status()).isEqualTo(IoStatus.WRITE_PROTECTED));
            assertThatThrownBy(() -> device.unmap(0, 1)).isInstanceOf(DeviceIoException.class);
            device.flush();
            ByteBuffer back = ByteBuffer.allocate(8192);
            device.read(0, 16, back);
            assertThat(back).isEqualTo(pattern(8192, 3));
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes(pattern(8192, 3)));
    }

    @Test
    void unmapWritesZeroesOverTheRangeOnly() throws Exception {
        int blocks = 3 * FileBlockDevice.CHUNK_BYTES / 512; // several zeroing chunks
        try (FileBlockDevice device = create(4 * MIB, 512)) {
            device.write(0, blocks, pattern(blocks * 512, 4), false);
            device.unmap(1, blocks - 2);

            ByteBuffer back = ByteBuffer.allocateDirect(blocks * 512);
            device.read(0, blocks, back);
            assertThat(back.slice(0, 512)).isEqualTo(pattern(blocks * 512, 4).slice(0, 512));
            assertThat(allZero(back.slice(512, (blocks - 2) * 512))).isTrue();
            assertThat(back.slice((blocks - 1) * 512, 512))
                    .isEqualTo(pattern(blocks * 512, 4).slice((blocks - 1) * 512, 512));
            assertThat(device.unmappedReadsZero()).isTrue();
            assertThat(device.provisioningExtent(1, 10)).as("space is not released: reported mapped").isEqualTo(10);
        }
    }

    @Test
    void writeSameRepeatsThePatternAcrossChunks() throws Exception {
        int blocks = 2 * FileBlockDevice.CHUNK_BYTES / 4096 + 3;
        try (FileBlockDevice device = create(4 * MIB, 4096)) {
            ByteBuffer block = pattern(4096, 5);
            device.writeSame(1, blocks, block);

            assertThat(block.position()).isZero();
            ByteBuffer back = ByteBuffer.allocateDirect((blocks + 2) * 4096);
            device.read(0, blocks + 2, back);
            assertThat(allZero(back.slice(0, 4096))).isTrue();
            for (int i = 1; i <= blocks; i++) {
                assertThat(back.slice(i * 4096, 4096)).as("block %d", i).isEqualTo(block);
            }
            assertThat(allZero(back.slice((blocks + 1) * 4096, 4096))).isTrue();
        }
    }

    @Test
    void readPastATruncatedEndThrowsInsteadOfReturningGarbage() throws Exception {
        try (FileBlockDevice device = create(MIB, 512)) {
            try (FileChannel other = FileChannel.open(dir.resolve("disk.img"), WRITE)) {
                other.truncate(4096);
            }
            ByteBuffer dst = filled(8192, 0x55);
            assertThatThrownBy(() -> device.read(0, 16, dst))
                    .isInstanceOf(EOFException.class).hasMessageContaining("disk.img");
            assertThatThrownBy(() -> device.read(100, 1, filled(512, 0))).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void ioAfterCloseThrowsIoException() throws Exception {
        FileBlockDevice device = create(MIB, 512);
        device.close();
        assertThatThrownBy(() -> device.read(0, 1, ByteBuffer.allocateDirect(512))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> device.write(0, 1, filled(512, 1), false)).isInstanceOf(IOException.class);
    }

    @Test
    void existingFileGivesTheSizeRoundedDownToWholeBlocks() throws Exception {
        Path file = dir.resolve("odd.img");
        Files.write(file, new byte[2 * 512 + 100]);
        try (FileBlockDevice device = FileBlockDevice.open(FileDeviceOptions.builder(file).build())) {
            assertThat(device.geometry().blockCount()).isEqualTo(2);
        }
        assertThatThrownBy(() -> FileBlockDevice.open(FileDeviceOptions.builder(file).size(4096).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size 4096");
        Files.write(file, new byte[100]);
        assertThatThrownBy(() -> FileBlockDevice.open(FileDeviceOptions.builder(file).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("smaller than blockSize");
    }

    @Test
    void missingFileWithoutCreateIsNoSuchFile() {
        assertThatThrownBy(() -> FileBlockDevice.open(FileDeviceOptions.builder(dir.resolve("none.img")).build()))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("create");
        assertThat(dir.resolve("none.img")).doesNotExist();
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }
}
