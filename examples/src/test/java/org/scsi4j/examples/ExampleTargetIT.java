package org.scsi4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar, started as a user would: prints its URLs, stops cleanly on SIGTERM, and
 * makes the JVM print no warnings — on the JDK running the build and on JDK 25 (its manifest is
 * {@code Multi-Release}, for the pass-through module's Java 22 layer).
 */
class ExampleTargetIT {
    static final String JDK25 = "/usr/lib/jvm/temurin-25-jdk-amd64";

    @TempDir
    Path dir;

    @Test
    void startsPrintsItsUrlsAndStopsCleanlyOnSigterm() throws Exception {
        runOn(System.getProperty("java.home"));
    }

    @Test
    void runsOnJdk25WithoutFlagsOrWarnings() throws Exception {
        boolean present = Files.isExecutable(Path.of(JDK25, "bin", "java"));
        if (Boolean.getBoolean("scsi4j.interop")) {
            assertThat(present).as("JDK 25 expected at " + JDK25 + " (CI checks the library there)").isTrue();
        }
        Assumptions.assumeTrue(present, "JDK 25 not installed at " + JDK25);
        runOn(JDK25);
    }

    @Test
    void theJarIsMultiReleaseForThePassthroughBackend() throws Exception {
        try (JarFile jar = new JarFile(ForkedTarget.JAR.toFile())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertThat(manifest.getValue("Multi-Release")).isEqualTo("true");
            assertThat(manifest.getValue("Main-Class")).isEqualTo(ExampleTarget.class.getName());
            assertThat(jar.getEntry("org/scsi4j/backstore/passthrough/PassthroughDevices.class")).isNotNull();
            assertThat(jar.getEntry("org/scsi4j/backstore/block/BlockDeviceDisk.class")).isNotNull();
        }
    }

    @Test
    void aUnitThatCannotBeOpenedIsNamedWithoutAStackTrace() throws Exception {
        try (ForkedTarget t = new ForkedTarget(System.getProperty("java.home"), "--listen", "127.0.0.1:0",
                "--block", "/dev/scsi4j-no-such-disk")) {
            assertThat(t.awaitExit()).isEqualTo(1);
            assertThat(t.stderr()).contains("scsi4j-target: cannot start: /dev/scsi4j-no-such-disk: no such block device");
            assertThat(String.join("\n", t.stderr())).doesNotContain("Exception");
        }
    }

    private void runOn(String javaHome) throws Exception {
        try (ForkedTarget t = new ForkedTarget(javaHome, "--listen", "127.0.0.1:0", "--ram", "64M",
                "--null", "1T,block=4096", "--tape", dir.resolve("it.tape").toString(), "--iqn", "iqn.2026-11.org.scsi4j:it")) {
            List<String> urls = t.awaitUrls();
            assertThat(urls).hasSize(3);
            assertThat(urls.get(0)).matches("iscsi://127\\.0\\.0\\.1:\\d+/iqn\\.2026-11\\.org\\.scsi4j:it/0");
            assertThat(urls.get(1)).endsWith("/1");
            assertThat(urls.get(2)).endsWith("/2");
            int exit = t.stop();
            assertThat(exit).as("exit code after SIGTERM; stderr: %s", t.stderr()).isIn(0, 143);
            assertThat(t.jvmWarnings()).as("JVM warnings on %s", javaHome).isEmpty();
            assertThat(String.join("\n", t.stderr())).contains("iSCSI server started").contains("closed")
                    .doesNotContain("Exception");
        }
    }
}
