package org.scsi4j.core.internal.sbc;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jctools.queues.atomic.MpmcAtomicArrayQueue;
import org.scsi4j.core.spi.device.BlockDevice;
import org.scsi4j.core.spi.device.IoCompletion;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * The LBA range lock of one logical unit: what makes COMPARE AND WRITE (SBC-3 §5.2), ORWRITE
 * (§5.5), WRITE ATOMIC (SBC-4, atomic write model) and SANITIZE (§5.24, SBC-4 §4.11) each an
 * uninterrupted series of actions with respect to every other write to the same blocks, whichever
 * I_T nexus, transport or owner thread the writes come from.
 *
 * <p><b>Two kinds of holder.</b> <em>Shared</em>: every plain write (WRITE, WRITE AND VERIFY,
 * WRITE SAME, UNMAP, a native COMPARE AND WRITE, which the device makes atomic itself). Shared
 * holders never wait for each other (SCSI leaves concurrent overlapping SIMPLE writes unordered).
 * <em>Exclusive</em>: the read-modify-write commands and SANITIZE; they wait for every overlapping
 * holder and make every later overlapping request wait. Reads are not registered: an exclusive
 * write is atomic against writes; a READ racing with it may see part of it, as with any write.
 *
 * <p><b>Fast path (no exclusive holder or waiter on the unit).</b> A shared request increments the
 * in-flight counter of each stripe its range touches (stripes of 2<sup>{@value #STRIPE_SHIFT}</sup>
 * blocks hashed onto {@value #STRIPES} padded counters, so one or two counters for a usual write),
 * then reads the volatile count of exclusive requests; if it is still 0 the write goes straight to
 * the device, and its completion decrements the counters. Cost per write: one lease taken from and
 * returned to a lock-free pool, one atomic add per touched stripe at start and at completion, one
 * volatile read at each end; no lock, no allocation.
 *
 * <p><b>The race "an exclusive request starts while a write is mid-flight"</b> is closed by the
 * Dekker pattern over sequentially consistent volatiles: a writer increments its stripe then
 * reads the exclusive count; an exclusive request increments the count (under the lock's monitor)
 * then reads the stripes. At least one of them sees the other: either the writer backs off to the
 * slow path (undoing its increment), or the exclusive request sees a non-zero stripe and waits; the
 * writer's completion, seeing the exclusive count, takes the monitor and re-examines the waiters.
 * An exclusive request thus waits for the fast-path writes of its stripes (including unrelated
 * ones that hash there; they are in flight already, so the wait is bounded).
 *
 * <p><b>Slow path (some exclusive request present).</b> Requests join one list in arrival order,
 * under the monitor. A request is granted when no earlier entry, held or waiting, conflicts with
 * it (overlaps, and one of the two is exclusive), and, for an exclusive one, when its stripes hold
 * no fast-path write. FIFO among conflicting requests, so a stream of writes cannot starve an
 * exclusive request and vice versa. The list is short (bounded by the tasks in flight on the unit)
 * and scanned linearly.
 *
 * <p><b>Never blocking an owner thread.</b> A request that must wait returns at once; it is
 * started later by whichever thread releases the range in its way (a device completion thread or
 * an owner thread). Leases granted by a release are started outside the monitor by a single
 * draining thread at a time, so a chain of inline-completing devices runs in a loop, not a
 * recursion. The task sees one device operation ({@code ctx.io(next)}) that completes when the
 * lease has released its range (see {@link Lease}). Device calls of a lease that waited are
 * therefore made from the releasing thread, not the task's owner thread; a lease that did not wait
 * calls the device from the submitting thread, as before.
 *
 * <p><b>Why stripes and a list, not an interval tree.</b> The common case (no exclusive request)
 * must cost a few uncontended atomics, which the stripe counters give; the exclusive case is rare
 * and short-lived (COMPARE AND WRITE of at most 255 blocks, an ATS heartbeat), so a linear list
 * under a monitor is simpler than a concurrent interval structure and fast enough.
 */
public final class RangeLock {
    /** log2 of the blocks per stripe: 4 MiB of 512-byte blocks, 32 MiB of 4096-byte blocks. */
    static final int STRIPE_SHIFT = 13;
    static final int STRIPES = 64;
    /** Counters 128 bytes apart, so owner threads on different stripes do not share a cache line. */
    private static final int PAD = 16;
    private static final int POOL_SIZE = 1024;

    private final AtomicLongArray inFlight = new AtomicLongArray(STRIPES * PAD);
    /** Exclusive requests in the list, held or waiting; written under the monitor. */
    private volatile int exclusiveCount;
    private final MpmcAtomicArrayQueue<Lease> pool = new MpmcAtomicArrayQueue<>(POOL_SIZE);

    // guarded by this
    private Lease head;
    private Lease tail;
    private Lease startHead;
    private Lease startTail;
    private boolean draining;
    /** Entries of the list not yet granted: grantWaiting has nothing to scan when 0. */
    private int waiting;

    // ---------------------------------------------------------------- public entry points (shared)

    /** A plain write of {@code src}'s position..limit under the lock; {@code done} completes after release. */
    public void write(BlockDevice device, long lba, int blocks, ByteBuffer src, boolean fua, IoCompletion done) {
        Lease l = lease(LockedOps.WRITE, device, lba, blocks, done);
        l.data = src;
        l.fua = fua;
        submit(l, false);
    }

    /** {@link BlockDevice#unmap} under the lock. */
    public void unmap(BlockDevice device, long lba, long blocks, IoCompletion done) {
        submit(lease(LockedOps.UNMAP, device, lba, blocks, done), false);
    }

    /** {@link BlockDevice#writeSame} of the one-block {@code pattern} under the lock. */
    public void writeSame(BlockDevice device, long lba, long blocks, ByteBuffer pattern, IoCompletion done) {
        Lease l = lease(LockedOps.WRITE_SAME, device, lba, blocks, done);
        l.data = pattern;
        submit(l, false);
    }

    // ---------------------------------------------------------------- package API

    /** A lease for {@code op} over [lba, lba + blocks); fill its buffers, then {@link #submit} it. */
    Lease lease(Lease.Op op, BlockDevice device, long lba, long blocks, IoCompletion done) {
        Lease l = pool.poll();
        if (l == null) {
            l = new Lease(this);
        }
        l.op = op;
        l.device = device;
        l.lba = lba;
        l.blocks = Math.max(1, blocks);
        l.done = done;
        return l;
    }

    /** Runs the lease now or when its range is free. Any thread; never blocks. */
    void submit(Lease l, boolean exclusive) {
        l.exclusive = exclusive;
        if (!exclusive && exclusiveCount == 0) {
            addInFlight(l.lba, l.blocks, 1);
            if (exclusiveCount == 0) {
                l.fast = true;
                start(l);
                return;
            }
            addInFlight(l.lba, l.blocks, -1);     // an exclusive request arrived meanwhile: queue
        }
        synchronized (this) {
            if (exclusive) {
                exclusiveCount++;
            }
            if (tail == null) {
                head = l;
            } else {
                tail.next = l;
                l.prev = tail;
            }
            tail = l;
            waiting++;
            grantWaiting();
        }
        drain();
    }

    /** Called by {@link Lease#finish}: frees the range and starts what waited for it. */
    void release(Lease l) {
        if (l.fast) {
            addInFlight(l.lba, l.blocks, -1);
            recycle(l);
            if (exclusiveCount != 0) {
                synchronized (this) {
                    grantWaiting();
                }
                drain();
            }
            return;
        }
        synchronized (this) {
            if (l.prev == null) {
                head = l.next;
            } else {
                l.prev.next = l.next;
            }
            if (l.next == null) {
                tail = l.prev;
            } else {
                l.next.prev = l.prev;
            }
            if (l.exclusive) {
                exclusiveCount--;
            }
            grantWaiting();
        }
        recycle(l);
        drain();
    }

    /** Whether nothing is held or waiting (tests: a unit at rest has an idle lock). */
    public synchronized boolean isIdle() {
        if (head != null || startHead != null || exclusiveCount != 0) {
            return false;
        }
        for (int i = 0; i < STRIPES; i++) {
            if (inFlight.get(i * PAD) != 0) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- internals

    /** Grants, in list order, every waiting lease nothing earlier conflicts with. Under the monitor. */
    private void grantWaiting() {
        if (waiting == 0) {
            return;
        }
        for (Lease w = head; w != null; w = w.next) {
            if (w.granted || conflictsWithEarlier(w) || (w.exclusive && anyInFlight(w.lba, w.blocks))) {
                continue;
            }
            w.granted = true;
            waiting--;
            if (startTail == null) {
                startHead = w;
            } else {
                startTail.nextToStart = w;
            }
            startTail = w;
        }
    }

    private static boolean conflictsWithEarlier(Lease w) {
        for (Lease e = w.prev; e != null; e = e.prev) {
            if ((e.exclusive || w.exclusive) && e.overlaps(w)) {
                return true;
            }
        }
        return false;
    }

    /** Starts granted leases outside the monitor; one thread drains at a time (no recursion). */
    private void drain() {
        Lease l;
        synchronized (this) {
            if (draining || startHead == null) {
                return;
            }
            draining = true;
            l = popStart();
        }
        while (l != null) {
            start(l);
            synchronized (this) {
                l = popStart();
                if (l == null) {
                    draining = false;
                }
            }
        }
    }

    private Lease popStart() {
        Lease l = startHead;
        if (l != null) {
            startHead = l.nextToStart;
            if (startHead == null) {
                startTail = null;
            }
            l.nextToStart = null;
        }
        return l;
    }

    private static void start(Lease l) {
        try {
            l.op.start(l);
        } catch (RuntimeException e) {
            // a device that throws instead of completing must not leave the range locked
            l.finish(IoStatus.DEVICE_FAILURE, 0);
        }
    }

    private void recycle(Lease l) {
        l.clear();
        pool.offer(l);
    }

    private void addInFlight(long lba, long blocks, int delta) {
        long first = lba >>> STRIPE_SHIFT;
        long n = Math.min(((lba + blocks - 1) >>> STRIPE_SHIFT) - first + 1, STRIPES);
        for (long i = 0; i < n; i++) {
            inFlight.getAndAdd((int) ((first + i) & (STRIPES - 1)) * PAD, delta);
        }
    }

    private boolean anyInFlight(long lba, long blocks) {
        long first = lba >>> STRIPE_SHIFT;
        long n = Math.min(((lba + blocks - 1) >>> STRIPE_SHIFT) - first + 1, STRIPES);
        for (long i = 0; i < n; i++) {
            if (inFlight.get((int) ((first + i) & (STRIPES - 1)) * PAD) != 0) {
                return true;
            }
        }
        return false;
    }
}
