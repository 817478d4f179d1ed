package org.scsi4j.backstore.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.Cdbs;

/**
 * Random READ / WRITE (with and without FUA) / WRITE SAME / UNMAP / SYNCHRONIZE CACHE mixes
 * through the loopback transport, on RAM and file disks at 512 and 4096-byte blocks, checked
 * against a byte-array model of the disk; for file disks, the file itself is read back directly
 * after FUA writes and SYNCHRONIZE CACHE.
 */
class LoopbackDiskPropertyTest {
    private static final int BLOCKS = 2048;
    private static final int OPERATIONS = 600;

    @TempDir
    Path dir;

    static Stream<Arguments> disks() {
        return Stream.of(
                Arguments.of("ram", 512, 1L), Arguments.of("ram", 4096, 2L),
                Arguments.of("file", 512, 3L), Arguments.of("file", 4096, 4L),
                Arguments.of("file-writethrough", 512, 5L));
    }

    @ParameterizedTest(name = "{0} disk, {1}-byte blocks, seed {2}")
    @MethodSource("disks")
    void randomMixMatchesTheModel(String kind, int blockSize, long seed) throws Exception {
        Path file = dir.resolve("disk-" + kind + "-" + blockSize + ".img");
        LogicalUnitSpec spec;
        if (kind.equals("ram")) {
            spec = LogicalUnitSpec.disk("ram", new RamBlockDevice((long) BLOCKS * blockSize, blockSize));
        } else {
            spec = LogicalUnitSpec.disk("file", FileBlockDevice.open(FileDeviceOptions.builder(file)
                    .size((long) BLOCKS * blockSize).blockSize(blockSize).create(true)
                    .writeThrough(kind.endsWith("writethrough")).build()));
        }
        byte[] model = new byte[BLOCKS * blockSize];
        SplittableRandom rnd = new SplittableRandom(seed);
        try (ScsiTarget target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:prop").logicalUnit(0, spec).build()) {
            LoopbackTransport lt = LoopbackTransport.start(target);
            LoopbackSession s = lt.login("iqn.2026-11.org.scsi4j:prop-initiator");
            s.clearUnitAttentions(0);
            for (int i = 0; i < OPERATIONS; i++) {
                int blocks = 1 + rnd.nextInt(32);
                long lba = rnd.nextInt(BLOCKS - blocks + 1);
                int op = rnd.nextInt(10);
                if (op < 4) {
                    byte[] data = new byte[blocks * blockSize];
                    rnd.nextBytes(data);
                    boolean fua = rnd.nextInt(3) == 0;
                    ScsiResponse r = s.execute(ScsiCommand.of(0, Cdbs.write16(lba, blocks, fua)).dataOut(data));
                    assertThat(r.isGood()).as("write %s", r).isTrue();
                    System.arraycopy(data, 0, model, (int) lba * blockSize, data.length);
                    if (fua && !kind.equals("ram")) {
                        assertThat(readFile(file, lba * blockSize, data.length)).as("FUA data is in the file").isEqualTo(data);
                    }
                } else if (op < 7) {
                    ScsiResponse r = s.execute(ScsiCommand.of(0, Cdbs.read16(lba, blocks)).dataIn(blocks * blockSize));
                    assertThat(r.isGood()).as("read %s", r).isTrue();
                    assertThat(r.data()).isEqualTo(Arrays.copyOfRange(model, (int) lba * blockSize, (int) (lba + blocks) * blockSize));
                } else if (op == 7) {
                    byte[] pattern = new byte[blockSize];
                    rnd.nextBytes(pattern);
                    ScsiResponse r = s.execute(ScsiCommand.of(0, Cdbs.writeSame16(lba, blocks, false)).dataOut(pattern));
                    assertThat(r.isGood()).as("write same %s", r).isTrue();
                    for (int b = 0; b < blocks; b++) {
                        System.arraycopy(pattern, 0, model, (int) (lba + b) * blockSize, blockSize);
                    }
                } else if (op == 8) {
                    ScsiResponse r = s.execute(ScsiCommand.of(0, Cdbs.unmap(24)).dataOut(Cdbs.unmapParameters(lba, blocks)));
                    assertThat(r.isGood()).as("unmap %s", r).isTrue();
                    Arrays.fill(model, (int) lba * blockSize, (int) (lba + blocks) * blockSize, (byte) 0);
                } else {
                    ScsiResponse r = s.execute(ScsiCommand.of(0, Cdbs.synchronizeCache10()));
                    assertThat(r.isGood()).as("sync %s", r).isTrue();
                    if (!kind.equals("ram")) {
                        assertThat(readFile(file, 0, model.length)).as("after SYNCHRONIZE CACHE the file holds the model").isEqualTo(model);
                    }
                }
            }
            ScsiResponse all = s.execute(ScsiCommand.of(0, Cdbs.read16(0, BLOCKS)).dataIn(model.length));
            assertThat(all.data()).isEqualTo(model);
            s.close();
            lt.close();
            assertThat(target.outstandingBuffers()).isZero();
        }
    }

    private static byte[] readFile(Path file, long offset, int length) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(length);
            while (b.hasRemaining()) {
                if (ch.read(b, offset + b.position()) < 0) {
                    break;
                }
            }
            return b.array();
        }
    }
}
