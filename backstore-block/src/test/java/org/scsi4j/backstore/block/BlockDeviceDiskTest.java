package org.scsi4j.backstore.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scsi4j.backstore.block.Patterns.aligned;
import static org.scsi4j.backstore.block.Patterns.fill;
import static org.scsi4j.backstore.block.Patterns.mismatch;
import static org.scsi4j.backstore.block.Patterns.misaligned;
import static org.scsi4j.backstore.block.Patterns.zero;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.scsi4j.backstore.block.LoopDevices.Loop;
import org.scsi4j.backstore.block.internal.AlignedIo;
import org.scsi4j.core.spi.device.DeviceGeometry;
import org.scsi4j.core.spi.device.DeviceIoException;
import org.scsi4j.core.spi.device.DeviceOperation;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * {@link BlockDeviceDisk} on real loop devices over sparse files (64 MiB unless said otherwise),
 * with 512- and 4096-byte logical blocks. Skipped where loop devices cannot be made, unless
 * {@code -Dscsi4j.interop=true} (see {@link LoopDevices}).
 */
class BlockDeviceDiskTest {

    private static final int MIB = 1 << 20;

    private LoopDevices loops;

    @BeforeEach
    void loopDevices() throws IOException {
        loops = LoopDevices.createOrSkip();
    }

    @AfterEach
    void removeLoopDevices() throws IOException {
        if (loops != null) {
            loops.close();
        }
    }

    private static BlockDeviceDisk open(Loop loop, boolean direct) throws IOException {
        return BlockDeviceDisk.open(BlockDeviceOptions.builder(loop.device()).direct(direct).build());
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void geometryIsWhatTheKernelReports(int sectorSize) throws Exception {
        Loop loop = loops.attach(64L * MIB, sectorSize);
        String dev = loop.device().toString();
        String[] blockdev = LoopDevices.run("blockdev", "--getss", "--getpbsz", "--getsize64", dev).trim().split("\\s+");
        String[] lsblk = LoopDevices.run("lsblk", "-bndo", "OPT-IO,ROTA,DISC-MAX,DISC-GRAN", dev).trim().split("\\s+");
        Path queue = Path.of("/sys/block", loop.name(), "queue");
        try (BlockDeviceDisk disk = open(loop, true)) {
            DeviceGeometry g = disk.geometry();
            BlockDeviceInfo info = disk.info();
            assertThat(g.logicalBlockSize()).isEqualTo(sectorSize).isEqualTo(Integer.parseInt(blockdev[0]));
            assertThat(info.physicalBlockSize()).isEqualTo(Integer.parseInt(blockdev[1]));
            assertThat(sectorSize << g.physicalBlockExponent()).isEqualTo(info.physicalBlockSize());
            assertThat(g.capacityBytes()).isEqualTo(64L * MIB).isEqualTo(Long.parseLong(blockdev[2]));
            assertThat(info.sizeBytes()).isEqualTo(64L * MIB);
            assertThat(info.optimalIoBytes()).isEqualTo(Long.parseLong(lsblk[0]));
            assertThat(g.optimalTransferBlocks()).isEqualTo((int) (info.optimalIoBytes() / sectorSize));
            assertThat(info.rotational()).isEqualTo(lsblk[1].equals("1"));
            assertThat(info.discardMaxBytes()).isEqualTo(Long.parseLong(lsblk[2]));
            assertThat(info.discardGranularity()).isEqualTo(Long.parseLong(lsblk[3]));
            long maxSectorsKb = Long.parseLong(Files.readString(queue.resolve("max_sectors_kb")).trim());
            assertThat(g.maxTransferBlocks()).isPositive().isEqualTo((int) (maxSectorsKb * 1024 / sectorSize));
            assertThat(g.volatileWriteCache())
                    .isEqualTo(Files.readString(queue.resolve("write_cache")).trim().equals("write back"));
            assertThat(info.name()).isEqualTo(loop.name());
            assertThat(info.devNumber()).isEqualTo(Files.readString(Path.of("/sys/block", loop.name(), "dev")).trim());

            assertThat(disk.supports(DeviceOperation.READ)).isTrue();
            assertThat(disk.supports(DeviceOperation.WRITE)).isTrue();
            assertThat(disk.supports(DeviceOperation.FLUSH)).isTrue();
            assertThat(disk.supports(DeviceOperation.UNMAP)).isFalse();
            assertThat(disk.supports(DeviceOperation.WRITE_SAME)).isFalse();
            assertThat(disk.supports(DeviceOperation.COMPARE_AND_WRITE)).isFalse();
            assertThat(disk.unmappedReadsZero()).isFalse();
            assertThat(disk.isReadOnly()).isFalse();
            assertThat(disk.workerThreads()).isEqualTo(2);
            assertThat(BlockDeviceInfo.read(loop.device())).isEqualTo(info);
        }
    }

    @ParameterizedTest
    @CsvSource({"512, true", "4096, true", "512, false", "4096, false"})
    void everyBufferShapeRoundTripsThroughTheDeviceAndTheBackingFile(int bs, boolean direct) throws Exception {
        Loop loop = loops.attach(64L * MIB, bs);
        int bigLength = 2 * AlignedIo.CHUNK_BYTES + 8 * 4096; // more than one bounce buffer
        List<ByteBuffer> shapes = List.of(
                fill(aligned(bigLength), 1),
                fill(ByteBuffer.allocate(bigLength + bs), 2),
                fill(misaligned(3 * 4096), 3),
                fill(ByteBuffer.allocate(bs), 4),  // one block: a partial 4 KiB unit when bs is 512
                fill(misaligned(5 * bs), 5));
        long[] lbas = {8, 4 * MIB / bs, 8 * MIB / bs + 3, 12 * MIB / bs + 1, 16 * MIB / bs - 2};
        try (BlockDeviceDisk disk = open(loop, direct)) {
            for (int i = 0; i < shapes.size(); i++) {
                ByteBuffer src = shapes.get(i);
                disk.write(lbas[i], src.remaining() / bs, src, i % 2 == 0);
                assertThat(src.position()).isZero();
            }
            disk.flush();
            for (int i = 0; i < shapes.size(); i++) {
                int length = shapes.get(i).remaining();
                for (ByteBuffer back : List.of(aligned(length), ByteBuffer.allocate(length), misaligned(length))) {
                    disk.read(lbas[i], length / bs, back);
                    assertThat(back.position()).isZero();
                    assertThat(mismatch(back, i + 1)).as("shape %d read back into %s", i, back).isEqualTo(-1);
                }
            }
            // The neighbours of the single block are untouched (read-modify-write kept them).
            ByteBuffer around = aligned(3 * bs);
            disk.read(lbas[3] - 1, 3, around);
            assertThat(zero(around.slice(0, bs))).isTrue();
            assertThat(zero(around.slice(2 * bs, bs))).isTrue();
        }
        try (FileChannel file = FileChannel.open(loop.file())) {
            for (int i = 0; i < shapes.size(); i++) {
                ByteBuffer onFile = ByteBuffer.allocate(shapes.get(i).remaining());
                file.read(onFile, lbas[i] * bs);
                assertThat(mismatch(onFile.flip(), i + 1)).as("shape %d in the backing file", i).isEqualTo(-1);
            }
        }
    }

    @Test
    void concurrentSectorWritesInsideOneAlignedUnitDoNotLoseEachOther() throws Exception {
        Loop loop = loops.attach(16L * MIB, 512);
        int threads = 8;
        int units = 64;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (BlockDeviceDisk disk = BlockDeviceDisk.open(BlockDeviceOptions.builder(loop.device()).workerThreads(threads).build())) {
            for (int round = 1; round <= 4; round++) {
                int r = round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int sector = t;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int u = 0; u < units; u++) { // every thread writes one sector of every 4 KiB unit
                            disk.write(u * 8L + sector, 1, fill(ByteBuffer.allocate(512), r * 1000 + u * 8 + sector), false);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
                ByteBuffer all = aligned(units * 4096);
                disk.read(0, units * 8, all);
                for (int s = 0; s < units * 8; s++) {
                    assertThat(mismatch(all.slice(s * 512, 512), r * 1000 + s)).as("round %d sector %d", r, s).isEqualTo(-1);
                }
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void readOnlyOpeningReadsButRefusesWrites() throws Exception {
        Loop loop = loops.attach(64L * MIB, 4096);
        try (BlockDeviceDisk disk = open(loop, true)) {
            disk.write(10, 2, fill(aligned(8192), 7), true);
        }
        try (BlockDeviceDisk disk = BlockDeviceDisk.open(BlockDeviceOptions.builder(loop.device()).readOnly(true).build())) {
            assertThat(disk.isReadOnly()).isTrue();
            assertThat(disk.supports(DeviceOperation.WRITE)).isFalse();
            assertThatThrownBy(() -> disk.write(10, 1, aligned(4096), false))
                    .isInstanceOfSatisfying(DeviceIoException.class, e -> assertThat(e.status()).isEqualTo(IoStatus.WRITE_PROTECTED));
            disk.flush(); // nothing to make durable
            ByteBuffer back = aligned(8192);
            disk.read(10, 2, back);
            assertThat(mismatch(back, 7)).isEqualTo(-1);
        }
    }

    @Test
    void aDeviceTheKernelHoldsReadOnlyMustBeOpenedReadOnly() throws Exception {
        Loop loop = loops.attach(64L * MIB, 512, "--read-only");
        assertThatThrownBy(() -> open(loop, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(loop.device() + " is read-only in the kernel (blockdev --getro: 1); set readOnly");
        try (BlockDeviceDisk disk = BlockDeviceDisk.open(BlockDeviceOptions.builder(loop.device()).readOnly(true).build())) {
            assertThat(disk.isReadOnly()).isTrue();
        }
    }

    @Test
    void aMountedDeviceIsRefusedUntilUnmounted() throws Exception {
        Loop loop = loops.attach(64L * MIB, 4096);
        Path mountPoint = loops.mountExt4(loop);
        if (mountPoint == null) {
            String why = "mkfs.ext4 or mount unavailable: only InUseTest's simulated mountinfo ran";
            System.out.println("[backstore-block] " + why);
            Assumptions.abort(why);
        }
        System.out.println("[backstore-block] mount refusal tested on a real ext4 mount at " + mountPoint);
        String expected = loop.device() + " is mounted at " + mountPoint + " (ext4 on " + loop.device()
                + "); unmount it or pass a different device";
        assertThatThrownBy(() -> open(loop, true)).isInstanceOf(DeviceInUseException.class).hasMessage(expected);
        assertThatThrownBy(() -> BlockDeviceDisk.open(BlockDeviceOptions.builder(loop.device()).readOnly(true).build()))
                .isInstanceOf(DeviceInUseException.class).hasMessage(expected);
        loops.unmount(mountPoint);
        try (BlockDeviceDisk disk = open(loop, true)) {
            assertThat(disk.geometry().blockCount()).isEqualTo(64L * MIB / 4096);
        }
    }

    @Test
    void logicalBlocksOtherThan512Or4096AreRefused() throws Exception {
        Loop loop = loops.attach(64L * MIB, 1024);
        assertThatThrownBy(() -> open(loop, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(loop.device() + " has a logical block size of 1024 bytes; only 512 and 4096 can be exported");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readingPastTheEndOfAShrunkenDeviceIsEofAndWritingThereFails(boolean direct) throws Exception {
        Loop loop = loops.attach(8L * MIB, 4096);
        try (BlockDeviceDisk disk = open(loop, direct)) {
            disk.write(0, 2, fill(aligned(8192), 9), false);
            loops.shrink(loop, 4L * MIB);
            long newEnd = 4L * MIB / 4096;
            assertThatThrownBy(() -> disk.read(newEnd + 100, 1, aligned(4096)))
                    .isInstanceOf(EOFException.class).hasMessageContaining("read past the end of " + loop.device());
            assertThatThrownBy(() -> disk.read(newEnd - 1, 2, ByteBuffer.allocate(8192))) // straddles the end
                    .isInstanceOf(EOFException.class);
            assertThatThrownBy(() -> disk.write(newEnd + 100, 1, fill(aligned(4096), 1), false))
                    .isInstanceOf(IOException.class).isNotInstanceOf(EOFException.class)
                    .hasMessageContaining("write of 4096 bytes at byte " + (newEnd + 100) * 4096 + " of " + loop.device());
            ByteBuffer back = aligned(8192);
            disk.read(0, 2, back); // what is still there still reads
            assertThat(mismatch(back, 9)).isEqualTo(-1);
        }
    }

    @Test
    void aCapacityODirectCannotReachIsRefusedButBufferedIoServesIt() throws Exception {
        Loop loop = loops.attach(4L * MIB + 512, 512);
        assertThatThrownBy(() -> open(loop, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("open it without direct");
        try (BlockDeviceDisk disk = open(loop, false)) {
            long last = 4L * MIB / 512;
            assertThat(disk.geometry().blockCount()).isEqualTo(last + 1);
            disk.write(last, 1, fill(ByteBuffer.allocate(512), 11), true);
            ByteBuffer back = ByteBuffer.allocate(512);
            disk.read(last, 1, back);
            assertThat(mismatch(back, 11)).isEqualTo(-1);
        }
    }
}
