package org.scsi4j.examples.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back when one file is written or replaced, once it has been quiet for a debounce interval
 * (an editor's save is several events; a half-written file is not re-applied). Watches the file's
 * directory with a {@link WatchService} (portable; no signal handling), so an editor that saves by
 * writing a new file and renaming it over the old one is seen too.
 *
 * <p>One daemon thread, {@value #THREAD_NAME}, runs the callback; {@link #close()} stops it and
 * waits for it (a callback under way finishes first).
 */
final class ConfigWatcher implements AutoCloseable {
    static final String THREAD_NAME = "scsi4j-config-watcher";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Path file;
    private final Duration debounce;
    private final Runnable onChange;
    private final WatchService service;
    private final Thread thread;

    private ConfigWatcher(Path file, Duration debounce, Runnable onChange, WatchService service) {
        this.file = file;
        this.debounce = debounce;
        this.onChange = onChange;
        this.service = service;
        this.thread = new Thread(this::run, THREAD_NAME);
        this.thread.setDaemon(true);
    }

    /** Starts watching {@code file}; {@code onChange} runs on the watcher thread. */
    static ConfigWatcher start(Path file, Duration debounce, Runnable onChange) throws IOException {
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("debounce must not be negative");
        }
        Path abs = file.toAbsolutePath().normalize();
        WatchService service = FileSystems.getDefault().newWatchService();
        try {
            abs.getParent().register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
        ConfigWatcher w = new ConfigWatcher(abs, debounce, onChange, service);
        w.thread.start();
        return w;
    }

    private void run() {
        try {
            while (true) {
                if (!concernsFile(service.take())) {
                    continue;
                }
                // Quiet period: every further event restarts it.
                WatchKey more;
                while ((more = service.poll(Math.max(1, debounce.toMillis()), TimeUnit.MILLISECONDS)) != null) {
                    concernsFile(more);
                }
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    LOG.error("re-applying {} failed", file, e);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: stop
        }
    }

    /** Drains {@code key}'s events and re-arms it; whether one of them was the file (or an overflow). */
    private boolean concernsFile(WatchKey key) {
        boolean hit = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW
                    || file.getFileName().equals(event.context())) {
                hit = true;
            }
        }
        key.reset();
        return hit;
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.warn("closing the watch service of {}: {}", file, e.toString());
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{} still running after 30 s", THREAD_NAME);
        }
    }
}
