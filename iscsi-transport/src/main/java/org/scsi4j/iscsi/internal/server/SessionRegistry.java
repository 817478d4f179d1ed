package org.scsi4j.iscsi.internal.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's sessions (RFC 7143 §4.4.1, §6.3.5): TSIH allocation, lookup by TSIH (for a
 * connection that wants to join a session) and by initiator name + ISID + target (for session
 * reinstatement), and the session limit. Thread-safe; touched only at login and session end.
 */
public final class SessionRegistry {

    /** What the registry knows of a live session; implemented by the session layer. */
    public interface Entry {
        int tsih();

        /** Key for reinstatement: initiator name, ISID and target (discovery: "discovery"). */
        String identity();

        /**
         * Closes the session on its owner thread (I_T nexus loss: tasks aborted), then runs
         * {@code then} on whatever thread finished the close. Callable from any thread.
         */
        void closeForReinstatement(Runnable then);

        /** Sends the Async Message "logout requested" (AsyncEvent 1) from its owner thread. */
        void requestLogout();
    }

    /** Result of {@link #register}. */
    public record Registration(boolean accepted, Entry replaced) {
    }

    private final int maxSessions;
    private final Map<Integer, Entry> byTsih = new HashMap<>();
    private final Map<String, Entry> byIdentity = new HashMap<>();
    private int reserved;
    private int nextTsih = 1;

    public SessionRegistry(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    /** @return true when a new (non-reinstating) session would exceed the limit */
    public synchronized boolean isFull(String identity) {
        return reserved >= maxSessions && !byIdentity.containsKey(identity);
    }

    /** @return an unused TSIH (1..65535), or 0 when none is left */
    public synchronized int allocateTsih() {
        for (int i = 0; i < 0xFFFF; i++) {
            int t = nextTsih;
            nextTsih = nextTsih == 0xFFFF ? 1 : nextTsih + 1;
            if (!byTsih.containsKey(t)) {
                return t;
            }
        }
        return 0;
    }

    /**
     * Adds a session whose login is completing. A live session of the same identity is replaced
     * (reinstatement, returned so the caller closes it); otherwise the session limit applies.
     */
    public synchronized Registration register(Entry session) {
        Entry old = byIdentity.get(session.identity());
        if (old == null && reserved >= maxSessions) {
            return new Registration(false, null);
        }
        if (byTsih.containsKey(session.tsih())) {
            throw new IllegalStateException("TSIH " + session.tsih() + " in use");
        }
        if (old == null) {
            reserved++;
        } else {
            byTsih.remove(old.tsih());
        }
        byIdentity.put(session.identity(), session);
        byTsih.put(session.tsih(), session);
        return new Registration(true, old);
    }

    /** Forgets a session (idempotent; a replaced session is already forgotten). */
    public synchronized void unregister(Entry session) {
        if (byTsih.get(session.tsih()) == session) {
            byTsih.remove(session.tsih());
        }
        if (byIdentity.get(session.identity()) == session) {
            byIdentity.remove(session.identity());
            reserved--;
        }
    }

    /** @return the live session with that TSIH, or null */
    public synchronized Entry byTsih(int tsih) {
        return byTsih.get(tsih);
    }

    public synchronized int size() {
        return byIdentity.size();
    }

    public synchronized List<Entry> snapshot() {
        return new ArrayList<>(byIdentity.values());
    }
}
