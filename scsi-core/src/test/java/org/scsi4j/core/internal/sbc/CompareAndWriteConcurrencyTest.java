package org.scsi4j.core.internal.sbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.transport.ScsiStatus;
import org.scsi4j.core.testing.MemoryBlockDevice;

/**
 * COMPARE AND WRITE against plain WRITEs from other sessions, each on its own loopback transport
 * (so each on its own owner thread), on a device that completes on yet another thread.
 *
 * <p>The region is {@value #REGION} blocks. Blocks 0..3 hold a counter that only COMPARE AND WRITE
 * changes; blocks 4..7 belong to two plain writers (4..5 and 6..7), each writing increasing
 * sequence numbers. A CAW client reads the region, then COMPARE AND WRITEs it with the counter
 * incremented and blocks 4..7 as it read them. Every block is a repeated 16-byte record
 * (value, owner), so a torn block is visible. The model:
 * <ul>
 *   <li>every successful CAW incremented a counter value no other successful CAW incremented, and
 *       at the end the counter is the number of successful CAWs (no lost or doubled update);</li>
 *   <li>a plain writer reading its blocks back after its WRITE completed finds its own latest
 *       sequence: a CAW that wrote its stale copy of 4..7 over a newer write would have broken the
 *       compare-then-write atomicity;</li>
 *   <li>at the end no block is torn and no task, buffer or lease is left.</li>
 * </ul>
 */
class CompareAndWriteConcurrencyTest {
    private static final int BS = 512;
    private static final int REGION = 8;
    private static final long OWNER_CAW = 1;
    private static final int CAW_CLIENTS = 3;
    private static final int WRITERS = 2;

    private static byte[] block(long value, long owner) {
        ByteBuffer b = ByteBuffer.allocate(BS);
        for (int i = 0; i < BS; i += 16) {
            b.putLong(i, value).putLong(i + 8, owner);
        }
        return b.array();
    }

    /** The value of block {@code i} of {@code data}, or -1 when the block is torn. */
    private static long value(byte[] data, int i) {
        ByteBuffer b = ByteBuffer.wrap(data, i * BS, BS).slice();
        long v = b.getLong(0);
        long o = b.getLong(8);
        for (int at = 16; at < BS; at += 16) {
            if (b.getLong(at) != v || b.getLong(at + 8) != o) {
                return -1;
            }
        }
        return v;
    }

    private static byte[] read(LoopbackSession s, long lba, int blocks) {
        ScsiResponse r = s.execute(ScsiCommand.of(0, SbcCdb.read(16, lba, blocks)).dataIn(blocks * BS));
        assertThat(r.status()).as("%s", r).isEqualTo(ScsiStatus.GOOD);
        return r.data();
    }

    @ParameterizedTest(name = "iterations {0}")
    @ValueSource(ints = {300})
    void compareAndWriteStaysAtomicAgainstWritesFromOtherOwnerThreads(int iterations) throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(BS, 1024).completeOnOtherThread(true);
        ScsiTarget target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:caw")
                .logicalUnit(0, LogicalUnitSpec.disk("d0", dev)).build();
        List<LoopbackTransport> transports = new ArrayList<>();
        List<LoopbackSession> sessions = new ArrayList<>();
        for (int i = 0; i < CAW_CLIENTS + WRITERS; i++) {
            LoopbackTransport t = LoopbackTransport.start(target, 0x8000 + i);
            transports.add(t);
            LoopbackSession s = t.login("iqn.2026-11.org.scsi4j:client-" + i);
            s.clearUnitAttentions(0);
            sessions.add(s);
        }
        ExecutorService clients = Executors.newFixedThreadPool(CAW_CLIENTS + WRITERS);
        try {
            byte[] initial = new byte[REGION * BS];
            for (int i = 0; i < REGION; i++) {
                System.arraycopy(block(0, i < 4 ? OWNER_CAW : 100 + (i - 4) / 2), 0, initial, i * BS, BS);
            }
            ScsiResponse w0 = sessions.get(0).execute(ScsiCommand.of(0, SbcCdb.write(16, 0, REGION)).dataOut(initial));
            assertThat(w0.status()).isEqualTo(ScsiStatus.GOOD);

            Set<Long> incremented = ConcurrentHashMap.newKeySet();
            AtomicInteger successes = new AtomicInteger();
            AtomicInteger miscompares = new AtomicInteger();
            AtomicInteger lostWrites = new AtomicInteger();
            AtomicInteger doubleIncrements = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < CAW_CLIENTS; c++) {
                LoopbackSession s = sessions.get(c);
                futures.add(clients.submit(() -> {
                    go.await();
                    int done = 0;
                    while (done < iterations) {
                        byte[] seen = read(s, 0, REGION);
                        long counter = value(seen, 0);
                        if (counter < 0 || value(seen, 1) != counter || value(seen, 2) != counter
                                || value(seen, 3) != counter) {
                            continue;       // read overlapped a CAW write: reads are not atomic
                        }
                        byte[] next = seen.clone();
                        for (int i = 0; i < 4; i++) {
                            System.arraycopy(block(counter + 1, OWNER_CAW), 0, next, i * BS, BS);
                        }
                        byte[] out = new byte[2 * REGION * BS];
                        System.arraycopy(seen, 0, out, 0, seen.length);
                        System.arraycopy(next, 0, out, seen.length, next.length);
                        ScsiResponse r = s.execute(ScsiCommand.of(0, SbcCdb.compareAndWrite(0, REGION, 0)).dataOut(out));
                        if (r.status() == ScsiStatus.GOOD) {
                            if (!incremented.add(counter)) {
                                doubleIncrements.incrementAndGet();
                            }
                            successes.incrementAndGet();
                            done++;
                        } else {
                            assertThat(r.senseKey()).as("%s", r).isEqualTo(0xE);
                            miscompares.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (int w = 0; w < WRITERS; w++) {
                LoopbackSession s = sessions.get(CAW_CLIENTS + w);
                long lba = 4 + 2L * w;
                long owner = 100 + w;
                futures.add(clients.submit(() -> {
                    go.await();
                    for (long seq = 1; seq <= 2L * iterations; seq++) {
                        byte[] data = new byte[2 * BS];
                        System.arraycopy(block(seq, owner), 0, data, 0, BS);
                        System.arraycopy(block(seq, owner), 0, data, BS, BS);
                        ScsiResponse r = s.execute(ScsiCommand.of(0, SbcCdb.write(16, lba, 2)).dataOut(data));
                        assertThat(r.status()).as("%s", r).isEqualTo(ScsiStatus.GOOD);
                        byte[] back = read(s, lba, 2);
                        // only this writer writes these blocks; a CAW may rewrite them only with what
                        // is there, so any other value is a CAW writing a stale copy over this WRITE
                        if (value(back, 0) != seq && value(back, 0) != -1 || value(back, 1) != seq && value(back, 1) != -1) {
                            lostWrites.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            byte[] end = read(sessions.get(0), 0, REGION);
            for (int i = 0; i < REGION; i++) {
                assertThat(value(end, i)).as("block %d not torn", i).isGreaterThanOrEqualTo(0);
            }
            assertThat(doubleIncrements.get()).as("two CAWs succeeded from the same value").isZero();
            assertThat(lostWrites.get()).as("a CAW overwrote a newer WRITE").isZero();
            assertThat(successes.get()).isEqualTo(CAW_CLIENTS * iterations);
            assertThat(value(end, 0)).as("counter == successful CAWs").isEqualTo(successes.get());
            assertThat(incremented).hasSize(successes.get());
            assertThat(miscompares.get()).as("the race happened at all").isPositive();
            assertThat(value(end, 4)).isEqualTo(2L * iterations);
            assertThat(value(end, 6)).isEqualTo(2L * iterations);
        } finally {
            clients.shutdownNow();
            for (LoopbackSession s : sessions) {
                assertThat(s.outstandingTasks()).isZero();
                s.close();
            }
            for (LoopbackTransport t : transports) {
                t.close();
                assertThat(t.isAlive()).isFalse();
            }
            assertThat(target.runtime().logicalUnit(0).sbc().rangeLock().isIdle()).isTrue();
            assertThat(target.outstandingBuffers()).isZero();
            target.close();
        }
    }
}
