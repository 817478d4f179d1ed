package org.scsi4j.iscsi.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The host's programs as interop tests use them: run one to its end, bounded, and the rule that a
 * missing tool fails the test naming the Debian package that brings it (interop runs must not
 * pass by skipping what they could not run).
 */
public final class HostTools {
    private HostTools() {
    }

    /** How a program ended: its exit code and its output and errors, merged. */
    public record Run(int exitCode, String output) {
    }

    /** Fails the test, naming the Debian package, when {@code tool} is not on the PATH. */
    public static void require(String tool, String debianPackage) throws IOException, InterruptedException {
        if (run(10, "sh", "-c", "command -v " + tool).exitCode() != 0) {
            missing(tool, debianPackage);
        }
    }

    /** Fails the test, naming the Debian package, when {@code program} is not an executable file. */
    public static void requireExecutable(Path program, String debianPackage) {
        if (!Files.isExecutable(program)) {
            missing(program.toString(), debianPackage);
        }
    }

    private static void missing(String what, String debianPackage) {
        fail(what + " is not installed: install the Debian package " + debianPackage + " (apt-get install "
                + debianPackage + ")");
    }

    /** Runs a command to its end; a command still running after {@code timeoutSeconds} fails the test. */
    public static Run run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
