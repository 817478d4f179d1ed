package org.scsi4j.examples.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scsi4j.examples.TargetOptions;
import org.scsi4j.examples.config.ConfigDiff.AddDevice;
import org.scsi4j.examples.config.ConfigDiff.DefineGroup;
import org.scsi4j.examples.config.ConfigDiff.MapLun;
import org.scsi4j.examples.config.ConfigDiff.RemoveGroup;
import org.scsi4j.examples.config.ConfigDiff.UnmapLun;

/** The diff alone (no target), and the command line around the file. */
class ConfigDiffTest {
    static final String IQN = "iqn.2026-11.org.scsi4j:t";

    private static TargetConfig parse(String yaml) {
        return ConfigParser.parse("t.yaml", yaml);
    }

    @Test
    void anIdenticalFileIsNoChange() throws Exception {
        TargetConfig c = ConfigParser.parse(Path.of("scsi4j-target.example.yaml"));
        ConfigDiff d = ConfigDiff.between(c, ConfigParser.parse(Path.of("scsi4j-target.example.yaml")));
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.effective()).isEqualTo(c);
    }

    @Test
    void serverWideAndTargetLevelChangesNeedARestart() {
        TargetConfig old = parse(ConfigParserTest.MINIMAL + "  - iqn: iqn.2026-11.org.scsi4j:gone\n");
        TargetConfig edited = parse("discovery: { chap: { user: d, secret: discovery-secret } }\n"
                + "persistence-directory: /var/lib/x\n"
                + ConfigParserTest.MINIMAL.replace("    devices:", "    alias: renamed\n    devices:"));
        ConfigDiff d = ConfigDiff.between(old, edited);
        assertThat(d.needsRestart()).containsExactly(
                "discovery CHAP changed: requires restart",
                "persistence-directory null -> /var/lib/x: requires restart",
                "target " + IQN + ": alias changed: requires restart",
                "target iqn.2026-11.org.scsi4j:gone removed from the file: requires restart (still served)");
        assertThat(d.steps().get(IQN)).isEmpty();
        assertThat(d.effective()).as("nothing of it runs before a restart").isEqualTo(old);
    }

    @Test
    void stepsRunInAnOrderTheLiveApiAccepts() {
        TargetConfig old = parse(ConfigParserTest.MINIMAL + "    groups:\n"
                + "      - { name: g1, initiators: [ x ], luns: { 0: a } }\n"
                + "      - { name: g2, initiators: [ y ], luns: { 1: a } }\n");
        TargetConfig edited = parse(ConfigParserTest.MINIMAL.replace("1M", "2M").replace("0: a", "0: { device: a, ro: on }")
                + "    groups:\n"
                + "      - { name: g0, initiators: [ w ] }\n"
                + "      - { name: g1, initiators: [ x, z ], luns: { 0: a } }\n");
        List<ConfigDiff.Step> steps = ConfigDiff.between(old, edited).steps().get(IQN);
        assertThat(steps).extracting(ConfigDiff.Step::describe).containsExactly(
                "LUN 0 of the default group unmapped",
                "group g1 removed, to be re-declared in its new place",
                "group g2 removed",
                "device a removed, to be re-opened with its new settings",
                "device a (ram) added",
                "group g0 declared: w",
                "group g1 declared: x, z",
                "LUN 0 of the default group is a (read-only)",
                "LUN 0 of group g1 is a");
        assertThat(steps.get(0)).isEqualTo(new UnmapLun("default", 0));
        assertThat(steps.get(1)).isEqualTo(new RemoveGroup("g1", true));
        assertThat(steps.get(4)).isInstanceOf(AddDevice.class);
        assertThat(steps.get(6)).isEqualTo(new DefineGroup("g1", List.of("x", "z")));
        assertThat(steps.get(7)).isEqualTo(new MapLun("default", 0, "a", true));
    }

    @Test
    void configCannotBeMixedWithTargetFlags() {
        TargetOptions o = TargetOptions.parse("--config", "t.yaml", "--write-config", "out.yaml");
        assertThat(o.config()).isEqualTo(Path.of("t.yaml"));
        assertThat(o.writeConfig()).isEqualTo(Path.of("out.yaml"));
        assertThat(TargetOptions.parse("--ram", "1G", "--write-config", "o.yaml").config()).isNull();
        assertThatThrownBy(() -> TargetOptions.parse("--config", "t.yaml", "--ram", "1G", "--listen", "h:1"))
                .hasMessage("--config cannot be combined with --ram, --listen (the file declares the target; edit it instead)");
        assertThat(TargetOptions.USAGE).contains("--config FILE").contains("--write-config FILE");
    }
}
