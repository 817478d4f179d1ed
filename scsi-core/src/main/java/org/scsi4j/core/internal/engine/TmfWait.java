package org.scsi4j.core.internal.engine;

/**
 * Something that must wait until the tasks it aborted are really gone (their device I/O has
 * returned) before it answers: a task management function, or one nexus's share of an abort
 * that spans several nexuses. Holds one count for itself plus one per task still in I/O; fires
 * its action once, when the count reaches zero or when the target's task management timeout
 * forces it. Owner thread only.
 */
final class TmfWait {
    private final Runnable onDone;
    private int remaining = 1;
    private boolean fired;

    TmfWait(Runnable onDone) {
        this.onDone = onDone;
    }

    /** One more aborted task whose I/O must return first. */
    void add() {
        remaining++;
    }

    /** One awaited task is gone (or the creator drops its own hold). */
    void release() {
        if (--remaining == 0) {
            fire();
        }
    }

    /** Answers now, whatever is still outstanding (idempotent). */
    void fire() {
        if (!fired) {
            fired = true;
            onDone.run();
        }
    }


    int outstanding() {
        return remaining - (fired ? 0 : 1);
    }
}
