package org.scsi4j.core.internal.engine;

import java.util.ArrayDeque;
import org.scsi4j.core.internal.sense.SenseReason;

/**
 * Pending unit attentions of one I_T nexus for one logical unit, oldest first (SPC-4 §5.14).
 * Posted from any thread, taken on the nexus's owner thread; a cheap volatile check keeps the
 * common "nothing pending" case lock-free.
 */
final class UnitAttentionQueue {
    private static final int MAX_PENDING = 16;

    private final ArrayDeque<SenseReason> pending = new ArrayDeque<>(4);
    private volatile boolean nonEmpty;

    boolean isEmpty() {
        return !nonEmpty;
    }

    /** Adds a condition unless the same one is already pending; a full queue drops the oldest. */
    synchronized void post(SenseReason reason) {
        if (pending.contains(reason)) {
            return;
        }
        if (pending.size() == MAX_PENDING) {
            pending.pollFirst();
        }
        pending.addLast(reason);
        nonEmpty = true;
    }

    synchronized SenseReason take() {
        SenseReason r = pending.pollFirst();
        nonEmpty = !pending.isEmpty();
        return r;
    }

    synchronized void remove(SenseReason reason) {
        pending.remove(reason);
        nonEmpty = !pending.isEmpty();
    }

    synchronized void clear() {
        pending.clear();
        nonEmpty = false;
    }
}
