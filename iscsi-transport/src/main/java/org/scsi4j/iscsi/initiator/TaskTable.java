package org.scsi4j.iscsi.initiator;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.atomic.MpmcAtomicArrayQueue;

/**
 * The session's task slots: {@code queueDepth} for SCSI commands and a few for control requests
 * (task management, pings, text), so an abort can always be sent while every command slot is
 * busy. Acquire and release are thread-safe and allocation-free: a semaphore counts free slots
 * (blocking only when none is free), a lock-free queue holds them. The I/O loop looks tasks up
 * by ITT with {@link #byItt(int)}, lock-free as well.
 */
final class TaskTable {
    /** Control slots: user TMFs, pings, text exchanges, and the loop's own aborts. */
    static final int CONTROL_SLOTS = 8;

    private final Task[] tasks;
    private final Pool commands;
    private final Pool controls;

    TaskTable(int queueDepth) {
        tasks = new Task[queueDepth + CONTROL_SLOTS];
        commands = new Pool(queueDepth);
        controls = new Pool(CONTROL_SLOTS);
        for (int i = 0; i < tasks.length; i++) {
            boolean control = i >= queueDepth;
            tasks[i] = new Task(i, control);
            (control ? controls : commands).queue.offer(tasks[i]);
        }
    }

    int size() {
        return tasks.length;
    }

    /** @return slot {@code i}, for the loop's scans */
    Task at(int i) {
        return tasks[i];
    }

    /**
     * Loop side: the task an incoming PDU's ITT names, if it is in flight with that exact ITT.
     *
     * @return the task, or null for an unknown, stale or reserved ITT
     */
    Task byItt(int itt) {
        int index = itt & 0xFFFF;
        if (index >= tasks.length) {
            return null;
        }
        Task t = tasks[index];
        return t.wire != Task.Wire.IDLE && t.itt == itt ? t : null;
    }

    /** Takes a command slot, waiting up to {@code timeoutNanos}; @return null on timeout. */
    Task acquireCommand(long timeoutNanos) throws InterruptedException {
        return commands.acquire(timeoutNanos);
    }

    /** Takes a control slot, waiting up to {@code timeoutNanos}; @return null on timeout. */
    Task acquireControl(long timeoutNanos) throws InterruptedException {
        return controls.acquire(timeoutNanos);
    }

    /** Takes a slot without waiting (the I/O loop may not block); @return null when none is free. */
    Task tryAcquire(boolean control) {
        return (control ? controls : commands).tryAcquire();
    }

    /** Returns a slot; its owner has read the outcome. */
    void release(Task t) {
        t.clearReferences();
        (t.control ? controls : commands).release(t);
    }

    /** @return command slots in use (tests and diagnostics) */
    int commandsInUse() {
        return commands.capacity - commands.permits.availablePermits();
    }

    /** @return control slots in use */
    int controlsInUse() {
        return controls.capacity - controls.permits.availablePermits();
    }

    private static final class Pool {
        final int capacity;
        final Semaphore permits;
        final MpmcAtomicArrayQueue<Task> queue;

        Pool(int capacity) {
            this.capacity = capacity;
            this.permits = new Semaphore(capacity);
            this.queue = new MpmcAtomicArrayQueue<>(Math.max(2, capacity));
        }

        Task acquire(long timeoutNanos) throws InterruptedException {
            if (!permits.tryAcquire() && !permits.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
                return null;
            }
            return take();
        }

        Task tryAcquire() {
            return permits.tryAcquire() ? take() : null;
        }

        private Task take() {
            // the permit guarantees an element; poll() only fails while a releaser is mid-offer
            Task t;
            while ((t = queue.poll()) == null) {
                Thread.onSpinWait();
            }
            return t;
        }

        void release(Task t) {
            while (!queue.offer(t)) {
                Thread.onSpinWait();
            }
            permits.release();
        }
    }
}
