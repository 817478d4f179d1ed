package org.scsi4j.backstore.passthrough.sg;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs each distinct error once, when it first happens, and counts the rest: a device that fails
 * every command must not flood the log. {@link #summary} reports the counts when the device closes.
 */
final class ErrorLog {
    private final Logger log;
    private final String device;
    private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();

    ErrorLog(Logger log, String device) {
        this.log = log;
        this.device = device;
    }

    /** Counts an error of that kind; the first one of its kind is logged as a warning with {@code detail}. */
    void warn(String kind, String detail, Throwable cause) {
        long n = counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        if (n == 1) {
            if (cause != null) {
                log.warn("{}: {}: {} (further ones are counted, not logged)", device, kind, detail, cause);
            } else {
                log.warn("{}: {}: {} (further ones are counted, not logged)", device, kind, detail);
            }
        }
    }

    /** Each kind seen and how often (a copy, sorted by kind). */
    Map<String, Long> counts() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    void summary() {
        counts().forEach((kind, n) -> {
            if (n > 1) {
                log.info("{}: {} happened {} times", device, kind, n);
            }
        });
    }
}
