package org.scsi4j.examples.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsi4j.examples.DiskOption;
import org.scsi4j.examples.TargetOptions;
import org.scsi4j.examples.config.TargetConfig.Chap;
import org.scsi4j.examples.config.TargetConfig.Device;
import org.scsi4j.examples.config.TargetConfig.Group;
import org.scsi4j.examples.config.TargetConfig.Kind;
import org.scsi4j.examples.config.TargetConfig.Lun;
import org.scsi4j.examples.config.TargetConfig.Target;

/** Write-back: what is written parses to an equal model. */
class ConfigWriterTest {
    @TempDir
    Path dir;

    /** A model using every setting, with values YAML would otherwise read as something else. */
    static TargetConfig everything() {
        Map<String, Device> devices = new LinkedHashMap<>();
        devices.put("boot", new Device("boot", Kind.FILE, "/srv/disks/boot: #1.img", 20L << 30, 4096, true, true));
        devices.put("0123", new Device("0123", Kind.RAM, null, 3 * 512, 512, false, false));
        devices.put("yes", new Device("yes", Kind.NULL, null, 1L << 40, 4096, false, false));
        devices.put("cd", new Device("cd", Kind.ISO, "/srv/iso/debian 12.iso", 0, 2048, false, false));
        devices.put("empty", new Device("empty", Kind.ISO, null, 0, 2048, false, false));
        Map<Integer, Lun> luns = Map.of(0, new Lun("boot", false), 7, new Lun("cd", true));
        Group g1 = new Group("nodes", List.of("iqn.2026-11.org.example:node*", "IQN.2026-11.ORG.EXAMPLE:ADMIN"),
                Map.of(0, new Lun("0123", false), 300, new Lun("yes", true)));
        Group g2 = new Group("nobody", List.of("iqn.2026-11.org.example:x?"), Map.of());
        Target t1 = new Target("iqn.2026-11.org.scsi4j:one", "first target", new Chap("alice", "yes: '#not a comment"),
                new Chap("one", "null-but-long-enough"), devices, luns, List.of(g1, g2));
        Target t2 = new Target("iqn.2026-11.org.scsi4j:two", null, null, null,
                Map.of("r", new Device("r", Kind.RAM, null, 1L << 20, 512, false, false)), Map.of(), List.of());
        return new TargetConfig(List.of("0.0.0.0:3260", "[::1]:3261"), new Chap("disc", "discovery-secret"),
                new Chap("tgt", "mutual-discovery-secret"), "/var/lib/scsi4j", List.of(t1, t2));
    }

    @Test
    void everySettingSurvivesTheRoundTrip() throws Exception {
        TargetConfig c = everything();
        String yaml = ConfigWriter.toYaml(c);
        assertThat(ConfigParser.parse("written.yaml", yaml)).isEqualTo(c);
        assertThat(yaml).startsWith("# scsi4j example target: effective configuration")
                .contains("size: 20G").contains("size: 1536").contains("size: 1T")
                .contains("0: boot").doesNotContain("!!");

        Path file = dir.resolve("written.yaml");
        ConfigWriter.write(c, file);
        assertThat(ConfigParser.parse(file)).isEqualTo(c);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        ConfigWriter.write(ConfigParser.parse(Path.of("scsi4j-target.example.yaml")), file);
        assertThat(ConfigParser.parse(file)).isEqualTo(ConfigParser.parse(Path.of("scsi4j-target.example.yaml")));
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").containsExactly(file);
        }
    }

    @Test
    void theFlagsBecomeAFileThatStartsTheSameUnits() {
        TargetOptions o = TargetOptions.parse("--listen", "127.0.0.1:0", "--iqn", "iqn.2026-11.org.scsi4j:flags",
                "--file", "/srv/x.img,size=64M,block=4096,ro,direct", "--ram", "1G,ro", "--null", "2T",
                "--iso", "none", "--chap", "user:secretsecret", "--mutual-chap", "tgt:othersecret12");
        TargetConfig c = ConfigLauncher.fromOptions(o, o.disks());
        Target t = c.targets().get(0);
        assertThat(c.portals()).containsExactly("127.0.0.1:0");
        assertThat(t.iqn()).isEqualTo("iqn.2026-11.org.scsi4j:flags");
        assertThat(t.chap()).isEqualTo(new Chap("user", "secretsecret"));
        assertThat(t.mutualChap()).isEqualTo(new Chap("tgt", "othersecret12"));
        assertThat(t.devices()).containsOnlyKeys("x.img", "ram1", "null2", "cd3");
        assertThat(t.devices().get("x.img")).isEqualTo(
                new Device("x.img", Kind.FILE, "/srv/x.img", 64L << 20, 4096, true, true));
        assertThat(t.luns()).containsExactly(Map.entry(0, new Lun("x.img", true)), Map.entry(1, new Lun("ram1", true)),
                Map.entry(2, new Lun("null2", false)), Map.entry(3, new Lun("cd3", true)));
        assertThat(ConfigParser.parse("flags.yaml", ConfigWriter.toYaml(c))).isEqualTo(c);

        TargetConfig dflt = ConfigLauncher.fromOptions(TargetOptions.parse(), List.of(new DiskOption(
                DiskOption.Kind.FILE, "/tmp/scsi4j-example-1/lun0.img", 1L << 30, 512, false, false)));
        assertThat(dflt.portals()).containsExactly(TargetOptions.DEFAULT_LISTEN);
        assertThat(dflt.targets().get(0).devices()).containsOnlyKeys("lun0.img");
    }

    @Test
    void blockPassthroughAndTapeDevicesSurviveTheRoundTripAndComeFromTheFlags() {
        TargetOptions o = TargetOptions.parse("--block", "/dev/loop7,ro", "--block", "/dev/sdc,buffered",
                "--passthrough", "iscsi://127.0.0.1:3261/iqn.2026-11.org.example:tgt/1", "--tape", "/srv/t1.tape",
                "--tape", "/srv/t2.tape,size=2G,ro");
        TargetConfig c = ConfigLauncher.fromOptions(o, o.disks());
        Target t = c.targets().get(0);
        assertThat(t.devices().values()).containsExactly(
                new Device("loop7", Kind.BLOCK, "/dev/loop7", 0, 0, true, true),
                new Device("sdc", Kind.BLOCK, "/dev/sdc", 0, 0, false, false),
                new Device("passthrough2", Kind.PASSTHROUGH, "iscsi://127.0.0.1:3261/iqn.2026-11.org.example:tgt/1",
                        0, 0, false, false),
                new Device("t1.tape", Kind.TAPE, "/srv/t1.tape", 0, 0, false, false),
                new Device("t2.tape", Kind.TAPE, "/srv/t2.tape", 2L << 30, 0, true, false));
        assertThat(t.luns()).containsExactly(Map.entry(0, new Lun("loop7", true)), Map.entry(1, new Lun("sdc", false)),
                Map.entry(2, new Lun("passthrough2", false)), Map.entry(3, new Lun("t1.tape", false)),
                Map.entry(4, new Lun("t2.tape", false)));
        String yaml = ConfigWriter.toYaml(c);
        assertThat(yaml).contains("kind: block").contains("direct: false").contains("kind: passthrough")
                .contains("kind: tape").contains("size: 2G").doesNotContain("block: 0");
        assertThat(ConfigParser.parse("flags.yaml", yaml)).isEqualTo(c);
    }
}
