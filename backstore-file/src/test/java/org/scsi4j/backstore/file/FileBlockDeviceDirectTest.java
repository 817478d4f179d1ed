package org.scsi4j.backstore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scsi4j.backstore.file.TestBuffers.allZero;
import static org.scsi4j.backstore.file.TestBuffers.pattern;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsi4j.backstore.file.internal.AlignedBufferPool;

/** O_DIRECT: needs a file system that accepts it; /tmp may be tmpfs, so other places are tried too. */
class FileBlockDeviceDirectTest {

    private static final int MIB = 1 << 20;

    @TempDir
    Path tempDir;

    private final List<Path> leftovers = new ArrayList<>();
    private Path dir;

    @BeforeEach
    void findDirectCapableDirectory() throws IOException {
        List<String> refusals = new ArrayList<>();
        for (Path candidate : List.of(tempDir, Path.of("/var/tmp"), Path.of("target").toAbsolutePath())) {
            if (!Files.isDirectory(candidate) || !Files.isWritable(candidate)) {
                continue;
            }
            Path probe = Files.createTempFile(candidate, "scsi4j-direct", ".probe");
            try {
                FileChannel.open(probe, StandardOpenOption.READ, ExtendedOpenOption.DIRECT).close();
                dir = candidate.equals(tempDir) ? tempDir : Files.createTempDirectory(candidate, "scsi4j-direct");
                if (!dir.equals(tempDir)) {
                    leftovers.add(dir);
                }
                return;
            } catch (IOException e) {
                refusals.add(candidate + ": " + e.getMessage());
            } finally {
                Files.delete(probe);
            }
        }
        String why = "no candidate directory supports O_DIRECT: " + refusals;
        System.out.println(why);
        Assumptions.abort(why);
    }

    @AfterEach
    void deleteLeftovers() throws IOException {
        for (Path p : leftovers) {
            try (var files = Files.list(p)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(p);
        }
    }

    private FileBlockDevice createDirect(String name) throws IOException {
        return FileBlockDevice.open(FileDeviceOptions.builder(dir.resolve(name))
                .create(true).size(8L * MIB).blockSize(4096).direct(true).build());
    }

    @Test
    void alignedBuffersGoStraightToTheFile() throws Exception {
        try (FileBlockDevice device = createDirect("aligned.img")) {
            ByteBuffer data = AlignedBufferPool.allocate(3 * 4096, 4096).put(pattern(3 * 4096, 7)).flip();
            device.write(2, 3, data, true);
            ByteBuffer back = AlignedBufferPool.allocate(3 * 4096, 4096);
            device.read(2, 3, back);
            assertThat(back).isEqualTo(pattern(3 * 4096, 7));

            ByteBuffer onDisk = ByteBuffer.allocate(3 * 4096);
            try (FileChannel plain = FileChannel.open(dir.resolve("aligned.img"))) {
                plain.read(onDisk, 2 * 4096);
            }
            assertThat(onDisk.flip()).isEqualTo(pattern(3 * 4096, 7));
        }
    }

    @Test
    void unalignedAndHeapBuffersAreBounced() throws Exception {
        int length = FileBlockDevice.CHUNK_BYTES + 2 * 4096; // more than one bounce buffer
        int blocks = length / 4096;
        try (FileBlockDevice device = createDirect("bounce.img")) {
            ByteBuffer heap = ByteBuffer.allocate(length).put(pattern(length, 8)).flip();
            device.write(1, blocks, heap, false);
            assertThat(heap.position()).isZero();

            ByteBuffer misaligned = AlignedBufferPool.allocate(length + 4096, 4096).slice(1, length);
            device.read(1, blocks, misaligned);
            assertThat(misaligned).isEqualTo(pattern(length, 8));

            ByteBuffer heapBack = ByteBuffer.allocate(length);
            device.read(1, blocks, heapBack);
            assertThat(heapBack).isEqualTo(pattern(length, 8));
        }
        // The JDK's own heap path for DIRECT channels breaks later heap I/O on this thread; ours must not.
        Files.write(dir.resolve("after.bin"), new byte[100_000]);
    }

    @Test
    void unmapAndWriteSameWorkUnderDirect() throws Exception {
        try (FileBlockDevice device = createDirect("thin.img")) {
            device.writeSame(0, 100, pattern(4096, 9));
            device.unmap(10, 80);
            ByteBuffer back = AlignedBufferPool.allocate(100 * 4096, 4096);
            device.read(0, 100, back);
            assertThat(back.slice(9 * 4096, 4096)).isEqualTo(pattern(4096, 9));
            assertThat(allZero(back.slice(10 * 4096, 80 * 4096))).isTrue();
            assertThat(back.slice(90 * 4096, 4096)).isEqualTo(pattern(4096, 9));
        }
    }

    @Test
    void blocksSmallerThanTheFileSystemBlockAreRejectedAndTheNewFileRemoved() {
        Path file = dir.resolve("small-blocks.img");
        assertThatThrownBy(() -> FileBlockDevice.open(FileDeviceOptions.builder(file)
                .create(true).size(MIB).blockSize(512).direct(true).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("direct needs blockSize");
        assertThat(file).doesNotExist();
    }
}
