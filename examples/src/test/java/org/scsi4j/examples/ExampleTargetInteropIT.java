package org.scsi4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's connection instructions, run with the real libiscsi tools against the jar
 * (profile {@code interop}; needs Debian package libiscsi-bin).
 */
@Tag("interop")
class ExampleTargetInteropIT {

    static String run(String... cmd) throws IOException, InterruptedException {
        for (String tool : new String[] {cmd[0]}) {
            if (!new java.io.File("/usr/bin/" + tool).canExecute()) {
                throw new AssertionError(tool + " is missing: apt-get install libiscsi-bin");
            }
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s:%n%s", String.join(" ", cmd), out).isZero();
        return out;
    }

    @Test
    void discoveryInquiryAndCapacityWorkAsTheReadmeSays() throws Exception {
        try (ForkedTarget t = new ForkedTarget(System.getProperty("java.home"), "--listen", "127.0.0.1:0",
                "--ram", "64M", "--ram", "32M,block=4096")) {
            List<String> urls = t.awaitUrls();
            String portal = urls.get(0).substring(0, urls.get(0).indexOf("/iqn."));
            String ls = run("iscsi-ls", "-s", portal);
            assertThat(ls).contains("Target:iqn.2026-11.org.scsi4j:example").contains("Lun:0").contains("Lun:1");
            String inq = run("iscsi-inq", urls.get(0));
            assertThat(inq).contains("Vendor:SCSI4J").contains("Peripheral Device Type:DIRECT_ACCESS");
            String cap = run("iscsi-readcapacity16", urls.get(1));
            assertThat(cap).contains("LOGICAL BLOCK LENGTH IN BYTES:4096").contains("Total size:33554432");
            assertThat(t.stop()).isIn(0, 143);
            assertThat(t.jvmWarnings()).isEmpty();
        }
    }
}
