package org.scsi4j.backstore.block.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scsi4j.backstore.block.Patterns.aligned;
import static org.scsi4j.backstore.block.Patterns.at;
import static org.scsi4j.backstore.block.Patterns.fill;
import static org.scsi4j.backstore.block.Patterns.mismatch;
import static org.scsi4j.backstore.block.Patterns.misaligned;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bounce and read-modify-write paths of {@link AlignedIo} with a 4096-byte alignment, on a
 * regular file (buffered, and O_DIRECT where the temporary directory's file system takes it), so
 * they run in any build, loop devices or not.
 */
class AlignedIoTest {

    private static final int SIZE = 2 << 20;
    private static final int ALIGN = 4096;

    private Path file;
    private FileChannel channel;

    private AlignedIo open(boolean direct) throws IOException {
        Path dir = Files.isDirectory(Path.of("/var/tmp")) ? Path.of("/var/tmp") : Path.of(System.getProperty("java.io.tmpdir"));
        file = Files.createTempFile(dir, "aligned-io", ".img");
        try (FileChannel plain = FileChannel.open(file, StandardOpenOption.WRITE)) {
            plain.write(fill(ByteBuffer.allocate(SIZE), 1), 0);
        }
        try {
            channel = direct
                    ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT)
                    : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            Assumptions.abort("O_DIRECT refused in " + dir + ": " + e.getMessage());
        }
        return new AlignedIo(channel, file.toString(), ALIGN, 2);
    }

    @AfterEach
    void closeAndDelete() throws IOException {
        if (channel != null) {
            channel.close();
        }
        if (file != null) {
            Files.delete(file);
        }
    }

    /** What the file holds at {@code offset}, read plainly. */
    private ByteBuffer onFile(long offset, int length) throws IOException {
        try (FileChannel plain = FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(length);
            plain.read(b, offset);
            return b.flip();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aSectorWriteInsideAUnitKeepsItsNeighbours(boolean direct) throws IOException {
        AlignedIo io = open(direct);
        ByteBuffer sector = fill(ByteBuffer.allocate(512), 2);
        io.write(sector, ALIGN + 512);
        assertThat(sector.position()).isZero();
        assertThat(mismatch(onFile(ALIGN + 512, 512), 2)).isEqualTo(-1);
        ByteBuffer before = onFile(0, ALIGN + 512);
        ByteBuffer after = onFile(ALIGN + 1024, SIZE - ALIGN - 1024);
        assertThat(mismatch(before, 1)).isEqualTo(-1);
        for (int i = 0; i < after.remaining(); i++) {
            assertThat(after.get(i)).isEqualTo(at(1, ALIGN + 1024 + i));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void unalignedSpansAcrossBounceChunksRoundTrip(boolean direct) throws IOException {
        AlignedIo io = open(direct);
        int length = AlignedIo.CHUNK_BYTES + 5 * 512;
        long offset = 3 * 512;
        io.write(fill(misaligned(length), 3), offset);
        assertThat(mismatch(onFile(offset, length), 3)).isEqualTo(-1);
        assertThat(onFile(offset - 1, 1).get(0)).isEqualTo(at(1, offset - 1));
        assertThat(onFile(offset + length, 1).get(0)).isEqualTo(at(1, offset + length));
        for (ByteBuffer back : List.of(ByteBuffer.allocate(length), misaligned(length), aligned(length))) {
            io.read(back, offset);
            assertThat(back.position()).isZero();
            assertThat(mismatch(back, 3)).isEqualTo(-1);
        }
    }

    @Test
    void concurrentSectorWritesToSharedUnitsAreAllKept() throws Exception {
        AlignedIo io = open(false);
        int threads = 8;
        int units = 128;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 1; round <= 10; round++) {
                int r = round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int sector = t;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int u = 0; u < units; u++) { // every thread writes one sector of every unit
                            io.write(fill(ByteBuffer.allocate(512), r * 10_000 + u * 8 + sector), (u * 8L + sector) * 512);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
                ByteBuffer all = onFile(0, units * ALIGN);
                for (int s = 0; s < units * 8; s++) {
                    assertThat(mismatch(all.slice(s * 512, 512), r * 10_000 + s)).as("round %d sector %d", r, s).isEqualTo(-1);
                }
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readingPastTheEndIsEof(boolean direct) throws IOException {
        AlignedIo io = open(direct);
        assertThatThrownBy(() -> io.read(aligned(ALIGN), SIZE)).isInstanceOf(EOFException.class)
                .hasMessage("read past the end of " + file + " at byte " + SIZE + " (the device is smaller than when it was opened?)");
        assertThatThrownBy(() -> io.read(ByteBuffer.allocate(2 * ALIGN), SIZE - ALIGN)).isInstanceOf(EOFException.class);
    }

    @Test
    void alignmentMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new AlignedIo(null, "x", 3000, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alignment must be 0 or a power of two up to 262144, was 3000");
    }
}
