package org.scsi4j.core.internal.xcopy;

import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.WeakHashMap;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.engine.NexusView;

/**
 * The copy results a logical unit's copy manager keeps for RECEIVE COPY RESULTS (COPY STATUS,
 * SPC-4 §6.26.3): per I_T nexus and LIST IDENTIFIER, for EXTENDED COPY commands whose LIST ID
 * USAGE is 00b or 10b. Bounded ({@link CopyLimits#MAX_HELD_RECORDS} per unit, oldest finished
 * first out); a record names its nexus weakly, so a closed nexus's records simply age out (held
 * data is lost with the I_T nexus, SPC-4 §6.4.3).
 *
 * <p>The store belongs to the unit but lives here, in a weak map keyed by the unit, so the engine
 * needs no copy-manager field; it goes away with the unit. Thread-safe: nexuses of different
 * threads share a unit's store; every method takes the store's lock (a few per megabyte copied).
 *
 * <p><b>Aborted copies.</b> A copy whose task was aborted (ABORT TASK, LOGICAL UNIT RESET, nexus
 * loss) never reaches its completion step, so its record would claim "in progress" forever. A
 * running copy touches its record at every chunk; a record untouched for twice the target's task
 * management timeout belongs to a task the engine has given up on (a TMF answers within that
 * bound), and counts as finished with an error: it neither blocks its LIST IDENTIFIER nor is
 * reported as running. So does a record whose task starts another copy (tasks are pooled).
 */
final class CopyRecords {
    /** COPY MANAGER STATUS values (SPC-4 §6.26.3). */
    static final int IN_PROGRESS = 0x00;
    static final int COMPLETED_GOOD = 0x01;
    static final int COMPLETED_WITH_ERROR = 0x02;

    private static final Map<LogicalUnit, CopyRecords> BY_UNIT = Collections.synchronizedMap(new WeakHashMap<>());

    private final ArrayDeque<Record> records = new ArrayDeque<>();
    private final long staleNanos;

    private CopyRecords(long staleNanos) {
        this.staleNanos = staleNanos;
    }

    /** The store of {@code lu}'s copy manager. */
    static CopyRecords of(LogicalUnit lu) {
        CopyRecords r = BY_UNIT.get(lu);
        if (r != null) {
            return r;
        }
        long stale = Math.max(1, lu.target().taskManagementTimeout().toNanos()) * 2;
        return BY_UNIT.computeIfAbsent(lu, k -> new CopyRecords(stale));
    }

    /** One EXTENDED COPY's results. Fields are guarded by the store's lock. */
    static final class Record {
        private final WeakReference<NexusView> nexus;
        private final int listId;
        /** The task running the copy, null once finished; weak, so a record keeps no task (or target) alive. */
        private WeakReference<CommandContext> owner;
        private int status = IN_PROGRESS;
        private int segmentsProcessed;
        private long bytesWritten;
        private long touchedNanos;

        private Record(NexusView nexus, int listId, CommandContext owner, long now) {
            this.nexus = new WeakReference<>(nexus);
            this.listId = listId;
            this.owner = new WeakReference<>(owner);
            this.touchedNanos = now;
        }

        private boolean ownedBy(CommandContext ctx) {
            return owner != null && owner.get() == ctx;
        }
    }

    /** A snapshot of a record, for COPY STATUS. */
    record Status(int copyManagerStatus, int segmentsProcessed, long bytesWritten) {
    }

    /**
     * Starts a record for the copy {@code ctx} runs.
     *
     * @return false when a copy with the same LIST IDENTIFIER from the same nexus is still running
     *         (OPERATION IN PROGRESS, SPC-4 §6.4.3)
     */
    synchronized boolean begin(CommandContext ctx, int listId) {
        long now = System.nanoTime();
        NexusView nexus = ctx.nexus();
        for (Record r : records) {
            if (r.ownedBy(ctx)) {
                // the task that ran this copy now runs another command: the copy was aborted
                r.owner = null;
                if (r.status == IN_PROGRESS) {
                    r.status = COMPLETED_WITH_ERROR;
                }
            }
        }
        for (Iterator<Record> it = records.iterator(); it.hasNext();) {
            Record r = it.next();
            if (r.nexus.get() == nexus && r.listId == listId) {
                if (running(r, now)) {
                    return false;
                }
                it.remove();
            }
        }
        records.addLast(new Record(nexus, listId, ctx, now));
        while (records.size() > CopyLimits.MAX_HELD_RECORDS) {
            evictOne(now);
        }
        return true;
    }

    /** Records progress of the copy {@code ctx} runs: one more segment done, bytes written so far. */
    synchronized void progress(CommandContext ctx, int segmentsProcessed, long bytesWritten) {
        Record r = owned(ctx);
        if (r != null) {
            r.segmentsProcessed = segmentsProcessed;
            r.bytesWritten = bytesWritten;
            r.touchedNanos = System.nanoTime();
        }
    }

    /** Ends the record of the copy {@code ctx} runs with {@code status}. */
    synchronized void finish(CommandContext ctx, int status) {
        Record r = owned(ctx);
        if (r != null) {
            r.status = status;
            r.owner = null;
        }
    }

    /** Forgets the record of the copy {@code ctx} was about to run (it never started: BUSY). */
    synchronized void discard(CommandContext ctx) {
        records.removeIf(r -> r.ownedBy(ctx));
    }

    /** The status of the newest copy with {@code listId} from {@code nexus}, or null. */
    synchronized Status find(NexusView nexus, int listId) {
        long now = System.nanoTime();
        for (Iterator<Record> it = records.descendingIterator(); it.hasNext();) {
            Record r = it.next();
            if (r.nexus.get() == nexus && r.listId == listId) {
                int status = r.status == IN_PROGRESS && !running(r, now) ? COMPLETED_WITH_ERROR : r.status;
                return new Status(status, r.segmentsProcessed, r.bytesWritten);
            }
        }
        return null;
    }

    /** Records held (for tests). */
    synchronized int size() {
        return records.size();
    }

    private Record owned(CommandContext ctx) {
        for (Iterator<Record> it = records.descendingIterator(); it.hasNext();) {
            Record r = it.next();
            if (r.ownedBy(ctx)) {
                return r;
            }
        }
        return null;
    }

    private boolean running(Record r, long now) {
        return r.status == IN_PROGRESS && r.owner != null && r.owner.get() != null
                && now - r.touchedNanos < staleNanos;
    }

    /** Drops the oldest record that is not running (or, failing that, the oldest). */
    private void evictOne(long now) {
        for (Iterator<Record> it = records.iterator(); it.hasNext();) {
            Record r = it.next();
            if (!running(r, now) || r.nexus.get() == null) {
                it.remove();
                return;
            }
        }
        records.pollFirst();
    }
}
