package org.scsi4j.core.internal.reservation;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.scsi4j.core.spi.device.IoCompletion;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * The APTPL file of one logical unit and the commands waiting for it. Writes coalesce: the
 * persistence thread always writes the unit's newest state, and every command whose change is
 * contained in what was written completes; so at most one write per unit is queued, whatever the
 * number of waiting commands (which the task windows bound).
 */
final class AptplStore {
    private final AptplPersistence owner;
    private final Path file;
    private final long naa;
    private final String unitName;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private Supplier<PrState> source;
    private boolean scheduled;
    private long durable;

    private record Waiter(long version, IoCompletion done) {
    }

    AptplStore(AptplPersistence owner, Path file, long naa, String unitName) {
        this.owner = owner;
        this.file = file;
        this.naa = naa;
        this.unitName = unitName;
    }

    /** Where the newest state is read from when writing. */
    synchronized void source(Supplier<PrState> s) {
        this.source = s;
    }

    Path file() {
        return file;
    }

    /**
     * Completes {@code done} from the persistence thread once the state of {@code version} (or a
     * later one) is durable: {@link IoStatus#GOOD}, or {@link IoStatus#DEVICE_FAILURE} when the
     * write failed or the target is closing.
     */
    void requestDurable(long version, IoCompletion done) {
        boolean failNow = false;
        boolean goodNow = false;
        synchronized (this) {
            if (version <= durable) {
                goodNow = true;
            } else {
                waiters.addLast(new Waiter(version, done));
                if (!scheduled) {
                    scheduled = true;
                    if (!owner.execute(this::drain)) {
                        scheduled = false;
                        waiters.removeLast();
                        failNow = true;
                    }
                }
            }
        }
        if (goodNow) {
            done.complete(IoStatus.GOOD, 0);
        } else if (failNow) {
            done.complete(IoStatus.DEVICE_FAILURE, 0);
        }
    }

    /** Persistence thread: writes the newest state until no command waits any more. */
    private void drain() {
        while (true) {
            Supplier<PrState> src;
            synchronized (this) {
                src = source;
            }
            PrState s = src.get();
            boolean ok = owner.persist(file, s, naa, unitName);
            List<Waiter> done = new ArrayList<>();
            boolean more;
            synchronized (this) {
                if (ok && s.version() > durable) {
                    durable = s.version();
                }
                for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                    Waiter w = it.next();
                    if (w.version <= s.version()) {
                        done.add(w);
                        it.remove();
                    }
                }
                more = !waiters.isEmpty();
                if (!more) {
                    scheduled = false;
                }
            }
            for (Waiter w : done) {
                w.done.complete(ok ? IoStatus.GOOD : IoStatus.DEVICE_FAILURE, 0);
            }
            if (!more) {
                return;
            }
        }
    }
}
