package org.scsi4j.examples.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.Cdbs;

/**
 * A target built from a file, driven through the loopback transport: LUN maps per initiator group,
 * and live re-applies that reach a logged-in session without dropping it.
 */
class ConfiguredTargetTest {
    static final String IQN = "iqn.2026-11.org.scsi4j:cfg";
    static final String NODE = "iqn.2026-11.org.example:node1";
    static final String BASE = String.join("\n",
            "portals: [ '127.0.0.1:0' ]",
            "targets:",
            "  - iqn: " + IQN,
            "    devices:",
            "      a: { kind: ram, size: 1M }",
            "      b: { kind: ram, size: 1M }",
            "      c: { kind: ram, size: 1M }",
            "    luns:",
            "      0: c",
            "    groups:",
            "      - name: nodes",
            "        initiators: [ 'iqn.2026-11.org.example:node*' ]",
            "        luns:",
            "          0: a",
            "          1: { device: b, ro: true }",
            "");

    @TempDir
    Path dir;
    private ConfiguredTarget running;
    private LoopbackTransport loopback;

    @AfterEach
    void closeEverything() {
        if (loopback != null) {
            loopback.close();
        }
        if (running != null) {
            ScsiTarget t = running.scsiTarget(IQN);
            running.close();
            assertThat(t.outstandingBuffers()).isZero();
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(th -> th.getName().equals(ConfigWatcher.THREAD_NAME)
                || th.getName().startsWith("scsi4j-tape-"));
    }

    private LoopbackSession start(String yaml, String initiator) throws Exception {
        running = ConfiguredTarget.start(ConfigParser.parse("base.yaml", yaml));
        loopback = LoopbackTransport.start(running.scsiTarget(IQN));
        LoopbackSession s = loopback.login(initiator);
        for (int lun = 0; lun < 4; lun++) {
            s.clearUnitAttentions(lun);
        }
        return s;
    }

    private ApplyResult apply(String yaml) {
        return running.apply(ConfigParser.parse("edited.yaml", yaml));
    }

    static int[] reportLuns(LoopbackSession s) {
        ScsiResponse r = s.execute(ScsiCommand.of(0, Cdbs.reportLuns(256)).dataIn(256));
        assertThat(r.isGood()).as("REPORT LUNS %s", r).isTrue();
        ByteBuffer b = ByteBuffer.wrap(r.data());
        int[] luns = new int[b.getInt(0) / 8];
        for (int i = 0; i < luns.length; i++) {
            luns[i] = ((b.get(8 + 8 * i) & 0x3F) << 8) | (b.get(9 + 8 * i) & 0xFF);
        }
        return luns;
    }

    static ScsiResponse write(LoopbackSession s, int lun) {
        return s.execute(ScsiCommand.of(lun, Cdbs.write10(0, 1, false)).dataOut(new byte[512]));
    }

    static ScsiResponse tur(LoopbackSession s, int lun) {
        return s.execute(ScsiCommand.of(lun, Cdbs.testUnitReady()));
    }

    @Test
    void eachGroupSeesItsOwnMap() throws Exception {
        LoopbackSession node = start(BASE, NODE);
        assertThat(running.urls()).singleElement().asString().matches("iscsi://127\\.0\\.0\\.1:\\d+/" + IQN + "/0");
        assertThat(reportLuns(node)).containsExactly(0, 1);
        assertThat(write(node, 0).isGood()).isTrue();
        ScsiResponse ro = write(node, 1);
        assertThat(ro.senseKey()).as("DATA PROTECT").isEqualTo(7);
        assertThat(ro.asc()).isEqualTo(0x27);

        LoopbackSession other = loopback.login("iqn.2026-11.org.example:stranger");
        other.clearUnitAttentions(0);
        assertThat(reportLuns(other)).as("the default group maps c alone").containsExactly(0);
        byte[] serial = {0x12, 1, (byte) 0x80, 0, (byte) 255, 0};
        assertThat(other.execute(ScsiCommand.of(0, serial).dataIn(255)).data())
                .isNotEqualTo(node.execute(ScsiCommand.of(0, serial).dataIn(255)).data());
        other.close();
        node.close();
    }

    @Test
    void reApplyChangesTheLoggedInSessionLive() throws Exception {
        LoopbackSession node = start(BASE, NODE);
        ScsiTarget target = running.scsiTarget(IQN);
        assertThat(target.openNexusCount()).isEqualTo(1);

        // A new device at LUN 2 of the group.
        String added = BASE.replace("      c: { kind: ram, size: 1M }",
                "      c: { kind: ram, size: 1M }\n      d: { kind: ram, size: 2M }")
                .replace("          1: { device: b, ro: true }", "          1: { device: b, ro: true }\n          2: d");
        ApplyResult r = apply(added);
        assertThat(r.failed()).isEmpty();
        assertThat(r.needsRestart()).isEmpty();
        assertThat(r.applied()).containsExactly("target " + IQN + ": device d (ram) added",
                "target " + IQN + ": LUN 2 of group nodes is d");
        ScsiResponse ua = tur(node, 0);
        assertThat(ua.senseKey()).as("UNIT ATTENTION").isEqualTo(6);
        assertThat(ua.asc()).isEqualTo(0x3F);
        assertThat(ua.ascq()).as("REPORTED LUNS DATA HAS CHANGED").isEqualTo(0x0E);
        assertThat(reportLuns(node)).containsExactly(0, 1, 2);
        node.clearUnitAttentions(1);
        node.clearUnitAttentions(2);
        assertThat(write(node, 2).isGood()).isTrue();

        // LUN 0 becomes read-only, LUN 1 read-write.
        String readOnly = added.replace("          0: a", "          0: { device: a, ro: yes }")
                .replace("          1: { device: b, ro: true }", "          1: b");
        r = apply(readOnly);
        assertThat(r.applied()).containsExactly("target " + IQN + ": LUN 0 of group nodes is a (read-only)",
                "target " + IQN + ": LUN 1 of group nodes is b");
        node.clearUnitAttentions(0);
        node.clearUnitAttentions(1);
        ScsiResponse denied = write(node, 0);
        assertThat(denied.senseKey()).as("DATA PROTECT").isEqualTo(7);
        assertThat(denied.asc()).as("WRITE PROTECTED").isEqualTo(0x27);
        assertThat(write(node, 1).isGood()).as("no longer read-only").isTrue();

        // LUN 1 and its device go away.
        String removed = readOnly.replace("      b: { kind: ram, size: 1M }\n", "").replace("          1: b\n", "");
        r = apply(removed);
        assertThat(r.applied()).containsExactly("target " + IQN + ": LUN 1 of group nodes unmapped",
                "target " + IQN + ": device b removed");
        ScsiResponse gone = tur(node, 1);
        assertThat(gone.asc()).as("LOGICAL UNIT NOT SUPPORTED").isEqualTo(0x25);
        node.clearUnitAttentions(0);
        node.clearUnitAttentions(2);
        assertThat(reportLuns(node)).containsExactly(0, 2);

        assertThat(target.openNexusCount()).as("the session was never dropped").isEqualTo(1);
        assertThat(node.outstandingTasks()).isZero();
        assertThat(running.config()).isEqualTo(ConfigParser.parse("x", removed));
        assertThat(apply(removed).isEmpty()).as("the same file again changes nothing").isTrue();
        node.close();
    }

    @Test
    void whatNeedsARestartIsReportedAndLeftAsItWas() throws Exception {
        start(BASE, NODE);
        TargetConfig before = running.config();
        String edited = BASE.replace("'127.0.0.1:0'", "'127.0.0.1:3999'")
                .replace("    devices:", "    chap: { user: alice, secret: alice-secret-1 }\n    devices:")
                .replace("          0: a", "          0: c")
                + "  - iqn: iqn.2026-11.org.scsi4j:new\n    devices: { r: { kind: ram, size: 1M } }\n";
        ApplyResult r = apply(edited);
        assertThat(r.needsRestart()).containsExactly(
                "portals [127.0.0.1:0] -> [127.0.0.1:3999]: requires restart",
                "target " + IQN + ": CHAP changed: requires restart",
                "target iqn.2026-11.org.scsi4j:new added to the file: requires restart (not served yet)");
        assertThat(r.applied()).as("the live part still applies").containsExactly("target " + IQN + ": LUN 0 of group nodes is c");
        assertThat(running.config().portals()).isEqualTo(before.portals());
        assertThat(running.config().targets()).hasSize(1);
        assertThat(running.config().target(IQN).chap()).isNull();
        assertThat(running.config().target(IQN).group("nodes").luns().get(0).device()).isEqualTo("c");
        assertThat(apply(edited).needsRestart()).as("still pending on the next re-apply").hasSize(3);
    }

    @Test
    void aDeviceThatCannotOpenChangesNothingOfItsTarget() throws Exception {
        LoopbackSession node = start(BASE, NODE);
        TargetConfig before = running.config();
        String edited = BASE.replace("      c: { kind: ram, size: 1M }",
                "      c: { kind: ram, size: 1M }\n      f: { kind: file, path: '" + dir.resolve("missing/f.img") + "' }")
                .replace("          1: { device: b, ro: true }", "          1: f");
        ApplyResult r = apply(edited);
        assertThat(r.applied()).isEmpty();
        assertThat(r.failed()).singleElement().asString().startsWith("target " + IQN + ": device f cannot be opened")
                .endsWith("none of this target's changes applied");
        assertThat(running.config()).isEqualTo(before);
        assertThat(write(node, 1).senseKey()).as("LUN 1 is still b, read-only").isEqualTo(7);
        node.close();
    }

    @Test
    void devicesAreReplacedMediaSwappedAndGroupsReordered() throws Exception {
        Path iso = Files.write(dir.resolve("disc.iso"), new byte[8192]);
        String base = BASE.replace("      c: { kind: ram, size: 1M }", "      c: { kind: ram, size: 1M }\n      cd: { kind: iso }")
                + "      - name: first-node\n        initiators: [ '" + NODE + "' ]\n        luns: { 5: cd }\n";
        LoopbackSession node = start(base, NODE);
        assertThat(reportLuns(node)).as("node1 matches 'nodes' first").containsExactly(0, 1);

        String edited = base.replace("a: { kind: ram, size: 1M }", "a: { kind: ram, size: 2M }")
                .replace("cd: { kind: iso }", "cd: { kind: iso, path: '" + iso + "' }");
        ApplyResult r = apply(edited);
        assertThat(r.failed()).isEmpty();
        assertThat(r.applied()).containsExactly(
                "target " + IQN + ": LUN 0 of group nodes unmapped",
                "target " + IQN + ": device a removed, to be re-opened with its new settings",
                "target " + IQN + ": device a (ram) added",
                "target " + IQN + ": device cd: " + iso + " inserted",
                "target " + IQN + ": LUN 0 of group nodes is a");
        node.clearUnitAttentions(0);
        ScsiResponse capacity = node.execute(ScsiCommand.of(0, Cdbs.readCapacity16(32)).dataIn(32));
        assertThat(ByteBuffer.wrap(capacity.data()).getLong(0) + 1).as("blocks of the re-opened device").isEqualTo(4096);

        // first-node moves before nodes: node1 now sees first-node's map
        String reordered = reorder(edited);
        r = apply(reordered);
        assertThat(r.applied()).containsExactly(
                "target " + IQN + ": group nodes removed, to be re-declared in its new place",
                "target " + IQN + ": group nodes declared: iqn.2026-11.org.example:node*",
                "target " + IQN + ": LUN 0 of group nodes is a",
                "target " + IQN + ": LUN 1 of group nodes is b (read-only)");
        for (int lun = 0; lun < 6; lun++) {
            node.clearUnitAttentions(lun);
        }
        assertThat(reportLuns(node)).containsExactly(5);
        assertThat(running.config().target(IQN).groups()).extracting(TargetConfig.Group::name)
                .containsExactly("first-node", "nodes");
        node.close();
    }

    /** The same groups, first-node first. */
    private static String reorder(String yaml) {
        int nodes = yaml.indexOf("      - name: nodes");
        int first = yaml.indexOf("      - name: first-node");
        return yaml.substring(0, nodes) + yaml.substring(first) + yaml.substring(nodes, first);
    }

    @Test
    void theEffectiveConfigurationIsWrittenAndKeptCurrent() throws Exception {
        start(BASE, NODE);
        Path out = dir.resolve("effective.yaml");
        running.writeEffectiveConfig(out);
        assertThat(ConfigParser.parse(out)).isEqualTo(running.config());
        apply(BASE.replace("          0: a", "          0: { device: a, ro: true }").replace("'127.0.0.1:0'", "'127.0.0.1:1'"));
        TargetConfig written = ConfigParser.parse(out);
        assertThat(written).isEqualTo(running.config());
        assertThat(written.portals()).as("the running portal, not the one waiting for a restart").containsExactly("127.0.0.1:0");
        assertThat(written.target(IQN).group("nodes").luns().get(0).readOnly()).isTrue();
    }

    @Test
    void anEditedFileIsReAppliedByTheWatcher() throws Exception {
        Path file = dir.resolve("target.yaml");
        Files.writeString(file, BASE);
        LoopbackSession node = start(Files.readString(file), NODE);
        LinkedBlockingQueue<ApplyResult> results = new LinkedBlockingQueue<>();
        running.watch(file, Duration.ofMillis(50), results::add);
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals(ConfigWatcher.THREAD_NAME) && t.isDaemon());

        Files.writeString(file, BASE.replace("- name: nodes", "- name: nodes\n        # comment\n").replace("0: c\n", "0: c\n      # x\n"));
        Files.writeString(file, "targets: [ broken");
        Path tmp = dir.resolve("target.yaml.new");
        Files.writeString(tmp, BASE.replace("          1: { device: b, ro: true }\n", ""));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        ApplyResult r = results.poll(20, TimeUnit.SECONDS);
        while (r != null && r.applied().isEmpty()) {
            r = results.poll(20, TimeUnit.SECONDS);
        }
        assertThat(r).as("re-applied within 20 s").isNotNull();
        assertThat(r.applied()).containsExactly("target " + IQN + ": LUN 1 of group nodes unmapped");
        assertThat(tur(node, 1).asc()).isEqualTo(0x25);

        Files.writeString(file, "targets: [ broken");
        r = results.poll(20, TimeUnit.SECONDS);
        while (r != null && r.failed().isEmpty()) {
            r = results.poll(20, TimeUnit.SECONDS);
        }
        assertThat(r).isNotNull();
        assertThat(r.failed()).singleElement().asString().startsWith(file + ":").contains("not valid YAML");
        assertThat(running.config().target(IQN).group("nodes").luns()).containsOnlyKeys(0);
        node.close();
    }

    static String withTapes(Path dir, String moreDevices, String luns) {
        return String.join("\n",
                "portals: [ '127.0.0.1:0' ]",
                "targets:",
                "  - iqn: " + IQN,
                "    devices:",
                "      disk: { kind: ram, size: 1M }",
                "      tape: { kind: tape, path: '" + dir.resolve("first.tape") + "' }",
                moreDevices,
                "    luns: " + luns,
                "");
    }

    @Test
    void tapeDevicesAreServedAndAddedLive() throws Exception {
        LoopbackSession s = start(withTapes(dir, "", "{ 0: disk, 1: tape }"), NODE);
        ScsiResponse inquiry = s.execute(ScsiCommand.of(1, Cdbs.inquiry(36)).dataIn(36));
        assertThat(inquiry.data()[0] & 0x1F).as("sequential access").isEqualTo(0x01);
        byte[] record = new byte[100];
        assertThat(s.execute(ScsiCommand.of(1, new byte[] {0x0A, 0, 0, 0, 100, 0}).dataOut(record)).isGood()).isTrue();

        Path second = dir.resolve("second.tape");
        ApplyResult r = apply(withTapes(dir, "      second: { kind: tape, path: '" + second + "', size: 1M }",
                "{ 0: disk, 1: tape, 2: second }"));
        assertThat(r.failed()).isEmpty();
        assertThat(reportLuns(s)).containsExactly(0, 1, 2);
        assertThat(s.execute(ScsiCommand.of(2, Cdbs.inquiry(36)).dataIn(36)).data()[0] & 0x1F).isEqualTo(0x01);
        assertThat(second).exists();
        assertThat(running.config().target(IQN).devices().get("second").sizeBytes()).isEqualTo(1L << 20);
    }
}
