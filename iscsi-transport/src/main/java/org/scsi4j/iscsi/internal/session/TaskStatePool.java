package org.scsi4j.iscsi.internal.session;

import java.util.Arrays;

/**
 * The session's {@link TaskState}s, indexed by slot, and the Target Transfer Tags of R2Ts
 * (RFC 7143 §11.8.1), which encode the slot so a Data-Out finds its task with an array index:
 * TTT = sequence (15 bits) &lt;&lt; 16 | slot, never 0xffffffff. Grows on demand (bounded by the
 * nexus's task limit); loop thread only.
 */
final class TaskStatePool {
    private final Session session;
    private final int maxOutstandingR2T;
    private TaskState[] states = new TaskState[0];
    private int[] free = new int[0];
    private int freeCount;
    private int inUse;
    private int tttSequence;

    TaskStatePool(Session session, int initial, int maxOutstandingR2T) {
        this.session = session;
        this.maxOutstandingR2T = maxOutstandingR2T;
        grow(Math.max(8, initial));
    }

    private void grow(int size) {
        int old = states.length;
        if (size > 0xFFFF) {
            throw new IllegalStateException("more than 65535 tasks in one session");
        }
        states = Arrays.copyOf(states, size);
        free = Arrays.copyOf(free, size);
        for (int i = size - 1; i >= old; i--) {
            states[i] = new TaskState(session, i, maxOutstandingR2T);
            free[freeCount++] = i;
        }
    }

    TaskState acquire() {
        if (freeCount == 0) {
            grow(states.length * 2);
        }
        inUse++;
        TaskState s = states[free[--freeCount]];
        s.reset();
        return s;
    }

    /** Back to the pool, unless still queued for sending (then when the queue reaches it). */
    void recycle(TaskState s) {
        if (s.mode == TaskState.Mode.FREE && s.task == null && !s.orphan) {
            return;
        }
        if (s.inFifo) {
            s.orphan = true;
            s.task = null;
            return;
        }
        s.reset();
        free[freeCount++] = s.slot;
        inUse--;
    }

    /** @return a fresh TTT for an R2T of the task in {@code slot} */
    int nextTtt(int slot) {
        tttSequence = (tttSequence + 1) & 0x7FFF;
        return tttSequence << 16 | slot;
    }

    /** @return the state a TTT names (it may since serve another task: check it), or null */
    TaskState byTtt(int ttt) {
        int slot = ttt & 0xFFFF;
        return ttt == -1 || slot >= states.length ? null : states[slot];
    }

    int inUse() {
        return inUse;
    }
}
