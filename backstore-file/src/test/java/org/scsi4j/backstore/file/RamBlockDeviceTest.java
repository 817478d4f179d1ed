package org.scsi4j.backstore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.backstore.file.TestBuffers.allZero;
import static org.scsi4j.backstore.file.TestBuffers.filled;
import static org.scsi4j.backstore.file.TestBuffers.pattern;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scsi4j.backstore.file.TestBuffers.Recorder;
import org.scsi4j.core.spi.device.IoStatus;

class RamBlockDeviceTest {

    private static final int CHUNK = RamBlockDevice.CHUNK_BYTES;
    private final Recorder done = new Recorder();

    @Test
    void reportsAPhysicalBlockExponentWhenAskedFor512e() {
        RamBlockDevice d = new RamBlockDevice(1 << 20, 512, 4096);
        assertThat(d.geometry().physicalBlockExponent()).isEqualTo(3);
        assertThat(new RamBlockDevice(1 << 20, 512).geometry().physicalBlockExponent()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RamBlockDevice(1 << 20, 512, 1536))
                .hasMessageContaining("power-of-two multiple");
        d.close();
    }

    @Test
    void memoryIsTakenOnlyByWrites() {
        try (RamBlockDevice ram = new RamBlockDevice(1L << 40, 4096)) { // 1 TiB declared
            ByteBuffer dirty = filled(8192, 0x77);
            ram.read(0, 2, dirty, done);
            done.expect(IoStatus.GOOD);
            assertThat(allZero(dirty)).isTrue();
            assertThat(ram.allocatedBytes()).as("reads allocate nothing").isZero();

            ram.write(3 * CHUNK / 4096, 1, pattern(4096, 1), false, done);
            done.expect(IoStatus.GOOD);
            assertThat(ram.allocatedBytes()).isEqualTo(CHUNK);

            ram.write(5 * CHUNK / 4096 - 1, 2, pattern(8192, 2), false, done); // straddles chunks 4 and 5
            done.expect(IoStatus.GOOD);
            assertThat(ram.allocatedBytes()).isEqualTo(3L * CHUNK);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void readsBackWhatWasWrittenAcrossAChunkBoundary(int blockSize) {
        try (RamBlockDevice ram = new RamBlockDevice(4L * CHUNK, blockSize)) {
            int blocks = 2 * CHUNK / blockSize;
            long lba = CHUNK / blockSize / 2;
            ByteBuffer data = pattern(blocks * blockSize, blockSize);
            ram.write(lba, blocks, data, true, done);
            done.expect(IoStatus.GOOD);
            assertThat(data.position()).isZero();

            ByteBuffer back = ByteBuffer.allocate(blocks * blockSize);
            ram.read(lba, blocks, back, done);
            done.expect(IoStatus.GOOD);
            assertThat(back).isEqualTo(data);
            ram.flush(done);
            done.expect(IoStatus.GOOD);
        }
    }

    @Test
    void unmapFreesWholeChunksZeroesPartialOnesAndProvisioningFollows() {
        int bs = 512;
        long perChunk = CHUNK / bs;
        try (RamBlockDevice ram = new RamBlockDevice(4L * CHUNK, bs)) {
            ram.writeSame(0, 4 * perChunk, pattern(bs, 3), done);
            done.expect(IoStatus.GOOD);
            assertThat(ram.allocatedBytes()).isEqualTo(4L * CHUNK);

            ram.unmap(perChunk - 1, 2 * perChunk + 2, done); // tail of chunk 0, chunks 1-2, head of chunk 3
            done.expect(IoStatus.GOOD);
            assertThat(ram.allocatedBytes()).isEqualTo(2L * CHUNK);

            ByteBuffer back = ByteBuffer.allocateDirect(4 * bs);
            ram.read(perChunk - 2, 2, back.slice(0, 2 * bs), done);
            done.expect(IoStatus.GOOD);
            ram.read(3 * perChunk, 2, back.slice(2 * bs, 2 * bs), done);
            done.expect(IoStatus.GOOD);
            assertThat(back.slice(0, bs)).isEqualTo(pattern(bs, 3));
            assertThat(allZero(back.slice(bs, 2 * bs))).isTrue();
            assertThat(back.slice(3 * bs, bs)).isEqualTo(pattern(bs, 3));

            assertThat(ram.provisioningExtent(0, 10 * perChunk)).isEqualTo(perChunk);
            assertThat(ram.provisioningExtent(perChunk + 5, 10 * perChunk)).isEqualTo(-(2 * perChunk - 5));
            assertThat(ram.provisioningExtent(3 * perChunk, 10 * perChunk)).isEqualTo(perChunk);
            assertThat(ram.provisioningExtent(3 * perChunk, 7)).isEqualTo(7);
            assertThat(ram.unmappedReadsZero()).isTrue();
        }
    }

    @Test
    void concurrentWritersToDisjointBlocksOfSharedChunks() throws Exception {
        int bs = 4096;
        int threads = 4;
        int blocks = 8 * CHUNK / bs;
        RamBlockDevice ram = new RamBlockDevice(8L * CHUNK, bs);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<IoStatus>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t;
                Callable<IoStatus> writer = () -> {
                    start.await();
                    AtomicReference<IoStatus> worst = new AtomicReference<>(IoStatus.GOOD);
                    for (int lba = me; lba < blocks; lba += threads) { // every chunk is shared by all writers
                        ram.write(lba, 1, pattern(bs, lba), false, (s, info) -> {
                            if (s != IoStatus.GOOD) {
                                worst.set(s);
                            }
                        });
                    }
                    return worst.get();
                };
                results.add(pool.submit(writer));
            }
            for (Future<IoStatus> r : results) {
                assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(IoStatus.GOOD);
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ram.allocatedBytes()).as("one buffer per chunk despite allocation races").isEqualTo(8L * CHUNK);
        ByteBuffer back = ByteBuffer.allocateDirect(bs);
        for (int lba = 0; lba < blocks; lba++) {
            ram.read(lba, 1, back, done);
            done.expect(IoStatus.GOOD);
            assertThat(back).as("block %d", lba).isEqualTo(pattern(bs, lba));
        }
        ram.close();
        assertThat(ram.allocatedBytes()).isZero();
    }

    @Test
    void outOfRangeOrMissizedCallsAnswerDeviceFailure() {
        try (RamBlockDevice ram = new RamBlockDevice(CHUNK, 512)) {
            ram.write(CHUNK / 512, 1, pattern(512, 0), false, done);
            done.expect(IoStatus.DEVICE_FAILURE);
            ram.read(0, 2, ByteBuffer.allocate(512), done);
            done.expect(IoStatus.DEVICE_FAILURE);
            assertThat(ram.allocatedBytes()).isZero();
        }
    }
}
