package org.scsi4j.examples.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scsi4j.examples.config.TargetConfig.Device;
import org.scsi4j.examples.config.TargetConfig.Kind;
import org.scsi4j.examples.config.TargetConfig.Lun;
import org.scsi4j.examples.config.TargetConfig.Target;

class ConfigParserTest {
    static final String MINIMAL = String.join("\n",
            "targets:",
            "  - iqn: iqn.2026-11.org.scsi4j:t",
            "    devices:",
            "      a: { kind: ram, size: 1M }",
            "    luns:",
            "      0: a",
            "");

    private static ConfigException error(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse("t.yaml", yaml));
    }

    @Test
    void theDocumentedExampleParses() throws Exception {
        TargetConfig c = ConfigParser.parse(Path.of("scsi4j-target.example.yaml"));
        assertThat(c.portals()).containsExactly("127.0.0.1:3260");
        Target t = c.target("iqn.2026-11.org.scsi4j:example");
        assertThat(t.alias()).isEqualTo("example");
        assertThat(t.devices()).containsOnlyKeys("boot", "shared", "scratch", "media");
        assertThat(t.devices().get("boot")).isEqualTo(
                new Device("boot", Kind.FILE, "/var/lib/scsi4j/boot.img", 20L << 30, 512, false, false));
        assertThat(t.devices().get("media")).isEqualTo(new Device("media", Kind.ISO, null, 0, 2048, false, false));
        assertThat(t.luns()).containsExactly(java.util.Map.entry(0, new Lun("media", false)));
        assertThat(t.groups()).extracting(TargetConfig.Group::name).containsExactly("cluster", "backup");
        assertThat(t.group("cluster").initiators()).containsExactly("iqn.2026-11.org.example:node*");
        assertThat(t.group("cluster").luns().get(2)).isEqualTo(new Lun("media", true));
        assertThat(t.group("backup").luns().get(0)).isEqualTo(new Lun("shared", true));
    }

    @Test
    void defaultsAndShortForms() {
        TargetConfig c = ConfigParser.parse("t.yaml", MINIMAL);
        assertThat(c.portals()).containsExactly("127.0.0.1:3260");
        assertThat(c.discoveryChap()).isNull();
        Target t = c.targets().get(0);
        assertThat(t.devices().get("a")).isEqualTo(new Device("a", Kind.RAM, null, 1 << 20, 512, false, false));
        assertThat(t.luns()).containsExactly(java.util.Map.entry(0, new Lun("a", false)));
        assertThat(t.groups()).isEmpty();

        TargetConfig full = ConfigParser.parse("t.yaml", String.join("\n",
                "portals: ['0.0.0.0:3260', '[::1]:3261']",
                "discovery: { chap: { user: d, secret: discovery-secret }, mutual-chap: { user: t, secret: target-secret-1 } }",
                "persistence-directory: /var/lib/scsi4j",
                "targets:",
                "- iqn: iqn.2026-11.org.scsi4j:t",
                "  chap: { user: alice, secret: alice-secret-1 }",
                "  devices:",
                "    f: { kind: file, path: /srv/f.img, size: 8M, block: 4096, ro: yes, direct: on }",
                "    n: { kind: null, size: 1T }",
                "  luns: { 3: { device: f, ro: true } }",
                "  groups:",
                "  - name: g",
                "    initiators: iqn.2026-11.org.example:one",
                ""));
        assertThat(full.portals()).containsExactly("0.0.0.0:3260", "[::1]:3261");
        assertThat(full.discoveryMutualChap().user()).isEqualTo("t");
        assertThat(full.persistenceDirectory()).isEqualTo("/var/lib/scsi4j");
        Target ft = full.targets().get(0);
        assertThat(ft.chap().toString()).doesNotContain("alice-secret");
        assertThat(ft.devices().get("f")).isEqualTo(new Device("f", Kind.FILE, "/srv/f.img", 8 << 20, 4096, true, true));
        assertThat(ft.luns().get(3)).isEqualTo(new Lun("f", true));
        assertThat(ft.group("g").initiators()).containsExactly("iqn.2026-11.org.example:one");
        assertThat(ft.group("g").luns()).isEmpty();
    }

    @Test
    void errorsNameFileLineAndSetting() {
        ConfigException typo = error(MINIMAL.replace("size: 1M", "sise: 1M"));
        assertThat(typo.file()).isEqualTo("t.yaml");
        assertThat(typo.line()).isEqualTo(4);
        assertThat(typo.setting()).isEqualTo("targets[0].devices.a.sise");
        assertThat(typo).hasMessageStartingWith("t.yaml:4: targets[0].devices.a.sise: unknown setting 'sise'");

        assertThat(error(MINIMAL.replace("1M", "lots"))).hasMessageStartingWith("t.yaml:4: targets[0].devices.a.size: not a size");
        assertThat(error(MINIMAL.replace("0: a", "0: b")))
                .hasMessage("t.yaml:6: targets[0].luns.0: no device named 'b' in this target (devices: a)");
        assertThat(error(MINIMAL.replace("iqn.2026-11.org.scsi4j:t", "my-target")))
                .hasMessageStartingWith("t.yaml:2: targets[0].iqn: 'my-target' is not an iSCSI name");
        assertThat(error(MINIMAL.replace("0: a", "99999: a"))).hasMessageContaining("targets[0].luns.99999: LUN must be 0..16383");
        assertThat(error(MINIMAL.replace("0: a", "zero: a"))).hasMessageContaining("'zero' is not a LUN number");
        assertThat(error(MINIMAL.replace("1M", "1M, block: 1024"))).hasMessageContaining("devices.a.block: must be 512 or 4096");
        assertThat(error(MINIMAL.replace("1M", "1000, block: 512"))).hasMessageContaining("not a multiple of the block size");
        assertThat(error(MINIMAL.replace("ram, size: 1M", "ram"))).hasMessageContaining("devices.a.size: a ram device needs a size");
        assertThat(error(MINIMAL.replace("1M", "1M, ro: true"))).hasMessageContaining("make the LUN read-only instead");
        assertThat(error(MINIMAL.replace("kind: ram", "kind: disk")))
                .hasMessageContaining("must be file, ram, null, iso, block, passthrough or tape, was 'disk'");
        assertThat(error(MINIMAL.replace("ram, size: 1M", "file"))).hasMessageContaining("a file device needs a path");
        assertThat(error(MINIMAL.replace("ram, size: 1M", "iso, size: 1M"))).hasMessageContaining("does not apply to a iso device");
        assertThat(error(MINIMAL.replace("0: a", "0: { device: a, ro: maybe }"))).hasMessageContaining("luns.0.ro: must be true or false");
        assertThat(error(MINIMAL.replace("0: a", "0: a\n      0: a"))).hasMessageContaining("t.yaml:7:");
        assertThat(error("portals: [ nohost ]\n" + MINIMAL)).hasMessageContaining("t.yaml:1: portals[0]: a portal is HOST:PORT");
        assertThat(error("portals: [ 'h:1', 'h:1' ]\n" + MINIMAL)).hasMessageContaining("listed twice");
        assertThat(error("")).hasMessageContaining("the file is empty");
        assertThat(error("portals: [ 'h:1' ]\n")).hasMessageContaining("targets: missing");
        assertThat(error("targets: [ {iqn: 'iqn.2026-11.a:b'} ]\nfoo: 1\n")).hasMessage(
                "t.yaml:2: foo: unknown setting 'foo' (known here: discovery, persistence-directory, portals, targets)");
        assertThat(error(MINIMAL + MINIMAL.substring("targets:\n".length()))).hasMessageContaining("declared twice");
    }

    @Test
    void blockPassthroughAndTapeDevices() {
        TargetConfig c = ConfigParser.parse("t.yaml", String.join("\n",
                "targets:",
                "  - iqn: iqn.2026-11.org.scsi4j:t",
                "    devices:",
                "      sdb: { kind: block, path: /dev/sdb }",
                "      loop: { kind: block, path: /dev/loop0, ro: true, direct: false }",
                "      changer: { kind: passthrough, path: 'sg:/dev/sg4' }",
                "      remote: { kind: passthrough, path: 'iscsi://10.0.0.5/iqn.2026-11.org.example:tapes/1' }",
                "      backup: { kind: tape, path: /srv/backup.tape }",
                "      archive: { kind: tape, path: /srv/archive.tape, size: 40G, ro: true }",
                "    luns: { 0: sdb, 1: { device: loop, ro: true }, 2: changer, 3: remote, 4: backup, 5: archive }",
                ""));
        Target t = c.targets().get(0);
        assertThat(t.devices().values()).containsExactly(
                new Device("sdb", Kind.BLOCK, "/dev/sdb", 0, 0, false, true),
                new Device("loop", Kind.BLOCK, "/dev/loop0", 0, 0, true, false),
                new Device("changer", Kind.PASSTHROUGH, "sg:/dev/sg4", 0, 0, false, false),
                new Device("remote", Kind.PASSTHROUGH, "iscsi://10.0.0.5/iqn.2026-11.org.example:tapes/1", 0, 0, false, false),
                new Device("backup", Kind.TAPE, "/srv/backup.tape", 0, 0, false, false),
                new Device("archive", Kind.TAPE, "/srv/archive.tape", 40L << 30, 0, true, false));
        assertThat(t.luns().get(1)).isEqualTo(new Lun("loop", true));
    }

    @Test
    void blockPassthroughAndTapeMistakesNameTheirSetting() {
        assertThat(error(MINIMAL.replace("ram, size: 1M", "block"))).hasMessageContaining(
                "targets[0].devices.a.path: a block device needs a path, its node (e.g. /dev/sdb)");
        assertThat(error(MINIMAL.replace("ram, size: 1M", "block, path: /dev/sdb, size: 1G")))
                .hasMessageContaining("devices.a.size: does not apply to a block device");
        assertThat(error(MINIMAL.replace("ram, size: 1M", "passthrough, path: /dev/sg0")))
                .hasMessageContaining("t.yaml:4: targets[0].devices.a.path: --passthrough takes sg:/dev/sgN or iscsi://");
        assertThat(error(MINIMAL.replace("ram, size: 1M", "passthrough, path: 'sg:/dev/sg0', ro: true")))
                .hasMessageContaining("devices.a.ro: does not apply to a passthrough device");
        assertThat(error(MINIMAL.replace("ram, size: 1M", "tape"))).hasMessageContaining("a tape device needs a path");
        assertThat(error(MINIMAL.replace("ram, size: 1M", "tape, path: t.img, block: 512")))
                .hasMessageContaining("devices.a.block: does not apply to a tape device");
        assertThat(error(MINIMAL.replace("ram, size: 1M", "tape, path: t.img, size: 4K")))
                .hasMessageContaining("devices.a.size: a tape cartridge holds at least 64K");
        assertThat(error(MINIMAL.replace("ram, size: 1M", "tape, path: t.img").replace("0: a", "0: { device: a, ro: true }")))
                .hasMessageContaining("t.yaml:6: targets[0].luns.0.ro: a tape device cannot be mapped read-only")
                .hasMessageContaining("ro: true on the device");
        assertThat(error(MINIMAL.replace("ram, size: 1M", "passthrough, path: 'sg:/dev/sg1'").replace("0: a", "0: { device: a, ro: true }")))
                .hasMessageContaining("a passthrough device cannot be mapped read-only");
    }

    @Test
    void chapAndGroupsAreChecked() {
        String withChap = MINIMAL.replace("    devices:", "    chap: { user: alice, secret: %s }\n    devices:");
        assertThat(error(String.format(withChap, "short"))).hasMessageContaining("t.yaml:3: targets[0].chap: CHAP secret of alice is 5 bytes");
        assertThat(error(MINIMAL.replace("    devices:", "    mutual-chap: { user: t, secret: target-secret-1 }\n    devices:")))
                .hasMessageContaining("mutual CHAP needs one-way 'chap' credentials too");
        assertThat(error(String.format(withChap, "same-secret-123").replace("    devices:",
                "    mutual-chap: { user: t, secret: same-secret-123 }\n    devices:")))
                .hasMessageContaining("must differ");
        assertThat(error(String.format(withChap, "secret-1234567").replace("user: alice, ", "")))
                .hasMessageContaining("targets[0].chap.user: missing");

        String group = MINIMAL + "    groups:\n      - name: %s\n        initiators: [ %s ]\n";
        assertThat(error(String.format(group, "default", "x"))).hasMessageContaining("groups[0].name: must be non-blank and not 'default'");
        assertThat(error(String.format(group, "g", ""))).hasMessageContaining("groups[0].initiators: must not be empty");
        assertThat(error(String.format(group, "g", "x") + "        luns: { 0: nothing }\n"))
                .hasMessageContaining("groups[0].luns.0: no device named 'nothing'");
        assertThat(error(String.format(group, "g", "x") + "      - name: g\n        initiators: [ y ]\n"))
                .hasMessageContaining("t.yaml:10: targets[0].groups[1].name: group g is declared twice");
    }

    @Test
    void yamlSyntaxErrorsHaveTheirLine() {
        ConfigException e = error("targets:\n  - iqn: iqn.2026-11.a:b\n    devices: { a: [\n");
        assertThat(e).hasMessageStartingWith("t.yaml:").hasMessageContaining("not valid YAML");
        assertThat(e.line()).isPositive();
        assertThat(error("targets: *nowhere\n")).hasMessageContaining("not valid YAML");
        assertThat(error("- a\n- b\n")).hasMessageContaining("(top level): must be a map of settings");
        assertThat(error("targets:\n  - iqn: iqn.2026-11.a:b\n    devices: [a, b]\n")).hasMessageContaining(
                "t.yaml:3: targets[0].devices: must be a map");
        assertThat(error("targets: !!java.io.File [ x ]\n")).isNotNull();
    }

    @Test
    void scalarsAreTakenAsWritten() {
        TargetConfig c = ConfigParser.parse("t.yaml", MINIMAL.replace("a: { kind: ram, size: 1M }",
                "'0123': { kind: ram, size: 1048576 }").replace("0: a", "0: '0123'"));
        assertThat(c.targets().get(0).devices()).containsOnlyKeys("0123");
        assertThat(c.targets().get(0).luns().get(0).device()).isEqualTo("0123");
        assertThat(List.of(c.targets().get(0).devices().get("0123").sizeBytes())).containsExactly(1L << 20);
    }
}
