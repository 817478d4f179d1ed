package org.scsi4j.iscsi.initiator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.scsi4j.backstore.file.RamBlockDevice;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.core.testing.MemoryBlockDevice;
import org.scsi4j.iscsi.testing.ServerFixture;

/** Several threads on one session; the CmdSN window; asynchronous submission. */
class InitiatorConcurrencyTest {
    private static final String IQN = ServerFixture.IQN;

    @AfterEach
    void noThreadsLeft() throws Exception {
        Fixture.assertNoInitiatorThreads();
    }

    /** Each thread writes and reads back its own region, many times. */
    private static void hammer(IscsiSession s, int threads, int rounds, int blocks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                int id = k;
                futures.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        long lba = (long) id * 4096 + (r % 16) * blocks;
                        byte[] data = Fixture.random(blocks * 512, id * 1000L + r);
                        ScsiResult w = Fixture.write(s, lba, data);
                        assertThat(w.isGood()).as("%s", w).isTrue();
                        assertThat(Fixture.read(s, lba, data.length)).isEqualTo(data);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manyThreadsShareOneSession() throws Exception {
        try (ServerFixture f = ServerFixture.start();
             IscsiSession s = Fixture.initiator().queueDepth(16).build().login(f.address(), IQN)) {
            Fixture.ready(s);
            hammer(s, 8, 100, 16);
            hammer(s, 4, 10, 512); // 256 KiB each: R2Ts interleaved between threads
            assertThat(s.commandsInFlight()).isZero();
        }
    }

    @Test
    void aSmallCommandWindowMakesCommandsWait() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, 1 << 16).completeOnOtherThread(true);
        try (ServerFixture f = ServerFixture.start(b -> { }, e -> { }, dev, t -> t.tasksPerNexus(2));
             IscsiSession s = Fixture.initiator().queueDepth(32).build().login(f.address(), IQN)) {
            Fixture.ready(s);
            hammer(s, 12, 40, 8);
        }
    }

    @Test
    void queueDepthOneSerialisesCallers() throws Exception {
        try (ServerFixture f = ServerFixture.start();
             IscsiSession s = Fixture.initiator().queueDepth(1).build().login(f.address(), IQN)) {
            Fixture.ready(s);
            hammer(s, 4, 20, 8);
        }
    }

    @Test
    void asynchronousSubmissionAndDigestsUnderLoad() throws Exception {
        try (ServerFixture f = ServerFixture.start(b -> { }, e -> { }, new RamBlockDevice(64L << 20, 512));
             IscsiSession s = Fixture.initiator().headerDigests(org.scsi4j.iscsi.Digest.CRC32C)
                     .dataDigests(org.scsi4j.iscsi.Digest.CRC32C).queueDepth(64).build().login(f.address(), IQN)) {
            Fixture.ready(s);
            byte[] data = Fixture.random(64 * 4096, 3);
            List<ScsiTask> writes = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                ByteBuffer out = ByteBuffer.wrap(data, i * 4096, 4096);
                writes.add(s.submit(0, Cdbs.write10(i * 8L, 8, false), out, null, Fixture.T));
            }
            CompletableFuture.allOf(writes.stream().map(ScsiTask::result).toArray(CompletableFuture[]::new)).get();
            for (ScsiTask w : writes) {
                assertThat(w.await(Fixture.T).isGood()).isTrue();
            }
            ByteBuffer[] ins = new ByteBuffer[64];
            List<ScsiTask> reads = new ArrayList<>();
            for (int i = 63; i >= 0; i--) {
                ins[i] = ByteBuffer.allocate(4096);
                reads.add(s.submit(0, Cdbs.read10(i * 8L, 8), null, ins[i], Fixture.T));
            }
            for (ScsiTask r : reads) {
                assertThat(r.await(Fixture.T).bytesReceived()).isEqualTo(4096);
            }
            for (int i = 0; i < 64; i++) {
                assertThat(ins[i].array()).isEqualTo(Arrays.copyOfRange(data, i * 4096, (i + 1) * 4096));
            }
            assertThat(s.commandsInFlight()).isZero();
        }
    }
}
