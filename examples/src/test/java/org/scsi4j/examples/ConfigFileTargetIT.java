package org.scsi4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsi4j.examples.config.ConfigParser;
import org.scsi4j.examples.config.TargetConfig;

/** The jar with {@code --config} and {@code --write-config}, started as a user would. */
class ConfigFileTargetIT {
    static final String IQN = "iqn.2026-11.org.scsi4j:configured";
    static final String CONFIG = String.join("\n",
            "portals: [ '127.0.0.1:0' ]",
            "targets:",
            "  - iqn: " + IQN,
            "    devices:",
            "      r1: { kind: ram, size: 64M }",
            "      r2: { kind: null, size: 1G, block: 4096 }",
            "    luns:",
            "      0: r1",
            "");

    @TempDir
    Path dir;

    @Test
    void servesTheFileWritesItBackAndReAppliesEdits() throws Exception {
        Path config = Files.writeString(dir.resolve("target.yaml"), CONFIG);
        Path effective = dir.resolve("effective.yaml");
        try (ForkedTarget t = new ForkedTarget(System.getProperty("java.home"), "--config", config.toString(),
                "--write-config", effective.toString())) {
            List<String> urls = t.awaitUrls();
            assertThat(urls).singleElement().asString().matches("iscsi://127\\.0\\.0\\.1:\\d+/" + IQN + "/0");
            assertThat(ConfigParser.parse(effective)).isEqualTo(ConfigParser.parse(config));

            Files.writeString(config, CONFIG + "      1: { device: r2, ro: true }\n");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            TargetConfig now = ConfigParser.parse(effective);
            while (now.targets().get(0).luns().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                now = ConfigParser.parse(effective);
            }
            assertThat(now).as("re-applied live and written back").isEqualTo(ConfigParser.parse(config));
            assertThat(String.join("\n", t.stderr())).contains("LUN 1 of the default group is r2 (read-only)");

            int exit = t.stop();
            assertThat(exit).as("stderr: %s", t.stderr()).isIn(0, 143);
            assertThat(t.jvmWarnings()).isEmpty();
            assertThat(String.join("\n", t.stderr())).doesNotContain("Exception");
        }
    }

    @Test
    void theFlagsAreWrittenAsAConfigurationFile() throws Exception {
        Path effective = dir.resolve("from-flags.yaml");
        try (ForkedTarget t = new ForkedTarget(System.getProperty("java.home"), "--listen", "127.0.0.1:0",
                "--ram", "64M", "--iqn", IQN, "--write-config", effective.toString())) {
            assertThat(t.awaitUrls()).hasSize(1);
            TargetConfig c = ConfigParser.parse(effective);
            assertThat(c.target(IQN).devices()).containsOnlyKeys("ram0");
            assertThat(c.portals()).containsExactly("127.0.0.1:0");
            t.stop();
        }
    }
}
