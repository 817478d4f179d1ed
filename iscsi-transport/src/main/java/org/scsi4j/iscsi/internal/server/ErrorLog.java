package org.scsi4j.iscsi.internal.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a distinct error once, then again only at powers of two of its count, with the count
 * (ARCHITECTURE §5: "a distinct error is logged once with a counter"). Thread-safe; the key
 * names the kind of error (not the peer), so a flood of one mistake costs a map lookup.
 */
public final class ErrorLog {
    private final Logger log;
    private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public ErrorLog(Logger log) {
        this.log = log;
    }

    /** Counts {@code kind}; logs {@code message} (with the count) at WARN when due. */
    public void warn(String kind, String message) {
        long n = counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        if (n == 1 || Long.bitCount(n) == 1) {
            log.warn("{} [{}: {} so far]", message, kind, n);
        }
    }

    /** Counts {@code kind}; logs at INFO when due. */
    public void info(String kind, String message) {
        long n = counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        if (n == 1 || Long.bitCount(n) == 1) {
            log.info("{} [{}: {} so far]", message, kind, n);
        }
    }

    /** @return how often {@code kind} happened (tests, diagnostics) */
    public long count(String kind) {
        AtomicLong c = counts.get(kind);
        return c == null ? 0 : c.get();
    }
}
