package org.scsi4j.core.internal.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * APTPL under SIGKILL: a child JVM ({@link AptplKillMain}) loops persistent reservation changes
 * with APTPL=1 and is killed at a random moment, ten times, each restart from the same directory.
 * What a target built on that directory reads back must be the last state the child reported
 * complete, or the one it was writing after it; never anything else, never a torn file.
 */
class AptplKillTest {
    private static final int ITERATIONS = 10;
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(20);

    @TempDir
    Path tmp;

    @Test
    void killedAtRandomMomentsTheRestoredStateIsTheLastCompletedOrTheNext() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("state"));
        Path stderr = tmp.resolve("child.err");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long start = System.nanoTime();
        String restored = AptplKillMain.EMPTY;
        int iterations = 0;
        int statesSeen = 0;
        while (iterations < ITERATIONS && (iterations < 3 || System.nanoTime() - start < BUDGET_NANOS)) {
            iterations++;
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    AptplKillMain.class.getName(), dir.toString(), Long.toString(random.nextLong()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
            Process child = pb.start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> readLines(child, lines), "kill-test-reader");
            reader.setDaemon(true);
            reader.start();
            try {
                long readyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (!lines.contains(AptplKillMain.READY)) {
                    assertThat(child.isAlive()).as("child alive; stderr: %s", read(stderr)).isTrue();
                    assertThat(System.nanoTime()).as("child ready within 15 s").isLessThan(readyBy);
                    Thread.sleep(5);
                }
                Thread.sleep(random.nextInt(400));
            } finally {
                // SIGKILL through the handle: Process.destroyForcibly() would also close our end of
                // the pipe and lose the lines the child wrote last.
                child.toHandle().destroyForcibly();
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                reader.join(10_000);
            }
            assertThat(reader.isAlive()).isFalse();

            // The candidates: the last completed state (the clean start if none) and the next one.
            List<String> after = lines.subList(lines.indexOf(AptplKillMain.READY) + 1, lines.size());
            String lastDone = AptplKillMain.EMPTY;
            String next = null;
            for (String line : after) {
                // A line cut by the kill may be partial: DONE only says the NEXT before it completed.
                if (line.startsWith("DONE") && next != null) {
                    assertThat(next).startsWith(line.substring(Math.min(line.length(), 5)));
                    lastDone = next;
                    next = null;
                    statesSeen++;
                } else if (line.startsWith("NEXT ")) {
                    next = line.substring(5);
                }
            }
            List<String> allowed = new ArrayList<>(List.of(lastDone));
            if (next != null) {
                allowed.add(next);
            }
            try (PrTarget t = PrTarget.persistent(dir)) {
                restored = AptplKillMain.observe(t.login("iqn.2026-11.org.scsi4j:observer").session);
            }
            assertThat(restored).as("iteration %d (seed %d), %d lines", iterations, seed, lines.size())
                    .isIn(allowed);
        }
        assertThat(iterations).isGreaterThanOrEqualTo(3);
        assertThat(statesSeen).as("the child got work done").isPositive();
    }

    private static void readLines(Process child, List<String> into) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                into.add(line);
            }
        } catch (IOException e) {
            // the child was killed mid-line: what was read is what counts
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
