package org.scsi4j.iscsi.interop;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs external initiator tools for the interop tests. */
final class Tools {
    private Tools() {
    }

    /** Result of a tool run. */
    record Run(int exitCode, String output) {
    }

    /** Fails the test, naming the Debian package, when {@code tool} is not on the PATH. */
    static void require(String tool, String debianPackage) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(tool + " is not installed: install the Debian package " + debianPackage
                    + " (apt-get install " + debianPackage + ")");
        }
    }

    static Run run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        byte[] out;
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            out = p.getInputStream().readAllBytes();
            fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s:\n"
                    + new String(out, StandardCharsets.UTF_8));
        }
        out = p.getInputStream().readAllBytes();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
