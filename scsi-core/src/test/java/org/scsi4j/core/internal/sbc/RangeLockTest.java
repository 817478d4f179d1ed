package org.scsi4j.core.internal.sbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.spi.device.IoCompletion;
import org.scsi4j.core.spi.device.IoStatus;

/** The range lock on its own: leases whose operation the test completes by hand, or on threads. */
class RangeLockTest {
    private static final long STRIPE = 1L << RangeLock.STRIPE_SHIFT;

    /** Records started leases; the test completes them. */
    private static final class Manual implements Lease.Op {
        final ArrayDeque<Lease> running = new ArrayDeque<>();

        @Override
        public synchronized void start(Lease l) {
            running.add(l);
        }

        synchronized int count() {
            return running.size();
        }

        synchronized boolean runs(long lba) {
            return running.stream().anyMatch(l -> l.lba == lba);
        }

        void complete(long lba) {
            Lease found;
            synchronized (this) {
                found = running.stream().filter(l -> l.lba == lba).findFirst().orElseThrow();
                running.remove(found);
            }
            found.finish(IoStatus.GOOD, 0);
        }
    }

    private static final class Done implements IoCompletion {
        final List<IoStatus> statuses = new ArrayList<>();

        @Override
        public synchronized void complete(IoStatus status, long information) {
            statuses.add(status);
        }

        synchronized int count() {
            return statuses.size();
        }
    }

    private final RangeLock lock = new RangeLock();
    private final Manual op = new Manual();
    private final Done done = new Done();

    private void submit(long lba, long blocks, boolean exclusive) {
        lock.submit(lock.lease(op, null, lba, blocks, done), exclusive);
    }

    @Test
    void sharedWritesStartAtOnceAndReleaseOnCompletion() {
        submit(0, 8, false);
        submit(4, 8, false);
        assertThat(op.count()).isEqualTo(2);
        assertThat(lock.isIdle()).isFalse();
        op.complete(0);
        op.complete(4);
        assertThat(done.statuses).containsExactly(IoStatus.GOOD, IoStatus.GOOD);
        assertThat(lock.isIdle()).isTrue();
    }

    @Test
    void anExclusiveRequestWaitsForTheWriteInFlightAndViceVersa() {
        submit(10, 4, false);
        submit(12, 4, true);
        assertThat(op.runs(12)).as("exclusive waits for the fast-path write").isFalse();
        op.complete(10);
        assertThat(op.runs(12)).isTrue();
        submit(14, 1, false);
        assertThat(op.runs(14)).as("overlapping write waits for the exclusive holder").isFalse();
        submit(100, 1, false);
        assertThat(op.runs(100)).as("a disjoint write does not wait").isTrue();
        op.complete(12);
        assertThat(op.runs(14)).isTrue();
        op.complete(14);
        op.complete(100);
        assertThat(done.count()).isEqualTo(4);
        assertThat(lock.isIdle()).isTrue();
    }

    @Test
    void anExclusiveRequestWaitsOnlyForWritesOfItsStripes() {
        submit(0, 1, false);
        submit(STRIPE, 1, true);
        assertThat(op.runs(STRIPE)).isTrue();
        submit(STRIPE - 1, 2, true);
        assertThat(op.runs(STRIPE - 1)).as("spans both stripes and overlaps the first exclusive").isFalse();
        op.complete(STRIPE);
        assertThat(op.runs(STRIPE - 1)).as("still waits for the write in stripe 0").isFalse();
        op.complete(0);
        assertThat(op.runs(STRIPE - 1)).isTrue();
        op.complete(STRIPE - 1);
        assertThat(lock.isIdle()).isTrue();
    }

    @Test
    void conflictingRequestsAreGrantedInArrivalOrder() {
        submit(0, 10, true);            // E1 holds [0,10)
        submit(5, 10, false);           // W waits for E1
        submit(12, 8, true);            // E2 overlaps only W: waits for W, not overtaking it
        submit(30, 1, false);           // disjoint from everything
        assertThat(op.runs(5)).isFalse();
        assertThat(op.runs(12)).isFalse();
        assertThat(op.runs(30)).isTrue();
        op.complete(0);
        assertThat(op.runs(5)).isTrue();
        assertThat(op.runs(12)).isFalse();
        op.complete(5);
        assertThat(op.runs(12)).isTrue();
        op.complete(12);
        op.complete(30);
        assertThat(lock.isIdle()).isTrue();
    }

    @Test
    void aThrowingOperationEndsWithDeviceFailureAndFreesTheRange() {
        Lease.Op throwing = l -> {
            throw new IllegalStateException("device bug");
        };
        lock.submit(lock.lease(throwing, null, 0, 4, done), true);
        assertThat(done.statuses).containsExactly(IoStatus.DEVICE_FAILURE);
        assertThat(lock.isIdle()).isTrue();
    }

    @Test
    void aLongChainOfInlineCompletionsDoesNotRecurse() {
        Lease.Op inline = l -> l.finish(IoStatus.GOOD, 0);
        submit(0, 1, true);             // holds block 0 until completed by hand
        for (int i = 0; i < 5_000; i++) {
            lock.submit(lock.lease(inline, null, 0, 1, done), i % 2 == 0);
        }
        op.complete(0);                 // releases: every waiter runs and completes inline, in a loop
        assertThat(done.count()).isEqualTo(5_001);
        assertThat(lock.isIdle()).isTrue();
    }

    /**
     * Many threads submit shared and exclusive requests over a few overlapping ranges spanning two
     * stripes; operations complete inline or on other threads. A checker sees every operation
     * between its start and its completion: an exclusive one must never overlap another.
     */
    @Test
    void underContentionAnExclusiveHolderNeverOverlapsAnotherHolder() throws Exception {
        int threads = 6;
        int perThread = 4000;
        long space = 2 * STRIPE;
        ExecutorService completers = Executors.newFixedThreadPool(3);
        AtomicInteger violations = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        int[] shared = new int[64];
        boolean[] exclusive = new boolean[64];
        // bucket = 1/64 of the space: coarse but enough to see overlaps of these ranges
        long bucket = space / 64;
        Lease.Op checked = new Lease.Op() {
            @Override
            public void start(Lease l) {
                int from = (int) (l.lba / bucket);
                int to = (int) ((l.lba + l.blocks - 1) / bucket);
                synchronized (shared) {
                    for (int b = from; b <= to; b++) {
                        if (exclusive[b] || (l.exclusive && shared[b] > 0)) {
                            violations.incrementAndGet();
                        }
                    }
                    for (int b = from; b <= to; b++) {
                        if (l.exclusive) {
                            exclusive[b] = true;
                        } else {
                            shared[b]++;
                        }
                    }
                }
                Runnable end = () -> {
                    synchronized (shared) {
                        for (int b = from; b <= to; b++) {
                            if (l.exclusive) {
                                exclusive[b] = false;
                            } else {
                                shared[b]--;
                            }
                        }
                    }
                    l.finish(IoStatus.GOOD, 0);
                };
                if (ThreadLocalRandom.current().nextInt(3) == 0) {
                    end.run();
                } else {
                    completers.execute(end);
                }
            }
        };
        // like a task window: each submitter has at most 16 requests outstanding
        Semaphore window = new Semaphore(threads * 16);
        IoCompletion counter = (s, info) -> {
            completed.incrementAndGet();
            window.release();
        };
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                ThreadLocalRandom r = ThreadLocalRandom.current();
                for (int i = 0; i < perThread; i++) {
                    window.acquireUninterruptibly();
                    // ranges aligned to buckets, so that overlap at block level equals overlap of buckets
                    long lba = r.nextInt(64) * bucket;
                    long blocks = (1 + r.nextInt(3)) * bucket;
                    if (lba + blocks > space) {
                        blocks = space - lba;
                    }
                    lock.submit(lock.lease(checked, null, lba, blocks, counter), r.nextInt(8) == 0);
                }
            });
            submitters.add(th);
            th.start();
        }
        go.countDown();
        for (Thread th : submitters) {
            th.join(TimeUnit.SECONDS.toMillis(60));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (completed.get() < threads * perThread && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        completers.shutdown();
        assertThat(completers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(completed.get()).isEqualTo(threads * perThread);
        assertThat(violations.get()).isZero();
        assertThat(lock.isIdle()).isTrue();
    }
}
