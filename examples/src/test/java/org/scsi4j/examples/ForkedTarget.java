package org.scsi4j.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The example target jar started in its own JVM, as a user starts it, with stdout and stderr in
 * files (pipes lose their last lines when the JDK closes a dead process's streams under a reader):
 * waits for the {@code iscsi://} URLs and stops it the way Ctrl-C does (SIGTERM).
 */
final class ForkedTarget implements AutoCloseable {
    static final Path JAR = Path.of("target", "scsi4j-target.jar");

    private final Process process;
    private final Path out;
    private final Path err;

    ForkedTarget(String javaHome, String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run 'mvn package' first");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(javaHome, "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(JAR.toString());
        Collections.addAll(cmd, args);
        out = Files.createTempFile("forked-target", ".out");
        err = Files.createTempFile("forked-target", ".err");
        process = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    List<String> stdout() {
        return read(out);
    }

    List<String> stderr() {
        return read(err);
    }

    private static List<String> read(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the line saying the target serves, and returns the URLs printed before it. */
    List<String> awaitUrls() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<String> lines = stdout();
            if (lines.contains("serving; Ctrl-C to stop")) {
                List<String> urls = new ArrayList<>();
                for (String l : lines) {
                    if (l.startsWith("iscsi://")) {
                        urls.add(l);
                    }
                }
                return urls;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("target exited with " + process.exitValue() + ": " + stderr());
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("target did not start within 30 s: " + stdout() + stderr());
    }

    /** Waits for the target to exit by itself (it refused to start); returns the exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("target still running after 30 s: " + stdout() + stderr());
        }
        return process.exitValue();
    }

    /** SIGTERM, as Ctrl-C; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("target did not stop within 20 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** Lines a JVM prints as warnings ("WARNING: ..."), which the library must never cause. */
    List<String> jvmWarnings() {
        List<String> w = new ArrayList<>();
        for (String l : stderr()) {
            if (l.startsWith("WARNING:")) {
                w.add(l);
            }
        }
        return w;
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
    }
}
