package org.scsi4j.core.internal.sbc;

import java.nio.ByteBuffer;
import org.scsi4j.core.spi.device.BlockDevice;
import org.scsi4j.core.spi.device.IoCompletion;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * One device operation (or short series of them) run while a {@link RangeLock} holds its LBA range:
 * the lock's unit of registration, and the {@link IoCompletion} the device calls back.
 *
 * <p>A lease is the whole "locked I/O" from the task's point of view: the task hands over its own
 * completion ({@code ctx.io(next)}), the lease waits for the range if it must, runs its {@link Op}
 * (issuing the device calls itself, with itself as their completion), releases the range and only
 * then completes the task. So the range is released on the device's completion path, never in a
 * task continuation that an ABORT TASK or a lost nexus could skip: no range stays locked whatever
 * happens to the task, and the task keeps its buffers (its I/O is in flight) until the lease is done.
 *
 * <p>Steps run on whichever thread completes the device call, or on the thread that releases the
 * range when the lease had to wait; they only touch the lease and the task buffers it was given,
 * which the task's owner thread leaves alone while its I/O is in flight. Pooled by the lock: a
 * plain write costs no allocation once the pool is warm.
 */
final class Lease implements IoCompletion {

    /**
     * What a lease does once its range is granted. Implementations are stateless singletons
     * (per-run state lives in the lease), except the SANITIZE run which carries its own.
     */
    interface Op {
        /** The range is held: issue the first device call with {@code l} as its completion. */
        void start(Lease l);

        /**
         * A device call finished: issue the next one, or {@link Lease#finish} (which releases the
         * range and completes the task). The default finishes with the call's outcome.
         */
        default void step(Lease l, IoStatus status, long information) {
            l.finish(status, information);
        }
    }

    final RangeLock lock;

    // ---- the operation (set by RangeLock.lease, cleared on recycle)
    Op op;
    BlockDevice device;
    long lba;
    long blocks;
    /** Data to write (or compare data followed by write data for COMPARE AND WRITE). */
    ByteBuffer data;
    /** Second buffer: read-back for compare / OR, or the write half of a native COMPARE AND WRITE. */
    ByteBuffer other;
    /** Bytes of one half (blocks × block size) for the multi-step operations. */
    int length;
    boolean fua;
    /** Which step a multi-step operation is at. */
    int step;
    IoCompletion done;

    // ---- lock bookkeeping (RangeLock only)
    boolean exclusive;
    /** Registered in the in-flight stripe counters instead of the lock's list. */
    boolean fast;
    boolean granted;
    Lease prev;
    Lease next;
    Lease nextToStart;

    Lease(RangeLock lock) {
        this.lock = lock;
    }

    /** Device completion: any thread. */
    @Override
    public void complete(IoStatus status, long information) {
        op.step(this, status, information);
    }

    /**
     * Ends the lease: releases the range (which may start leases that waited for it) and then
     * completes the task with {@code status}. The lease must not be touched afterwards.
     */
    void finish(IoStatus status, long information) {
        IoCompletion d = done;
        lock.release(this);
        d.complete(status, information);
    }

    boolean overlaps(Lease o) {
        return lba < o.lba + o.blocks && o.lba < lba + blocks;
    }

    void clear() {
        op = null;
        device = null;
        data = null;
        other = null;
        done = null;
        lba = 0;
        blocks = 0;
        length = 0;
        fua = false;
        step = 0;
        exclusive = false;
        fast = false;
        granted = false;
        prev = null;
        next = null;
        nextToStart = null;
    }

    @Override
    public String toString() {
        return "Lease[" + lba + "+" + blocks + (exclusive ? ", exclusive" : "") + (granted || fast ? ", held" : ", waiting") + "]";
    }
}
