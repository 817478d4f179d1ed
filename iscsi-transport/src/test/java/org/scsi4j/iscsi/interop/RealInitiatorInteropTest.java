package org.scsi4j.iscsi.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsi4j.backstore.file.RamBlockDevice;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.iscsi.ChapCredentials;
import org.scsi4j.iscsi.ExportedTarget;
import org.scsi4j.iscsi.IscsiServer;
import org.scsi4j.iscsi.testing.HostTools;
import org.scsi4j.iscsi.testing.ServerFixture;

/**
 * The target against real initiators: libiscsi's tools (Debian libiscsi-bin) and qemu-img
 * with its iSCSI block driver (Debian qemu-utils + qemu-block-extra). Only 127.0.0.1, port 0.
 */
@Tag("interop")
class RealInitiatorInteropTest {
    private static final String T512 = "iqn.2026-11.org.scsi4j:interop-512";
    private static final String T4K = "iqn.2026-11.org.scsi4j:interop-4k";
    private static final String TCHAP = "iqn.2026-11.org.scsi4j:interop-chap";
    private static final String CHAP_USER = "qemu";
    private static final String CHAP_SECRET = "interop-secret-16";
    private static final int IMAGE = 64 << 20;

    private static ScsiTarget disk512;
    private static ScsiTarget disk4k;
    private static ScsiTarget diskChap;
    private static IscsiServer server;
    private static IscsiServer chapServer;

    @BeforeAll
    static void start() {
        disk512 = ScsiTarget.builder(T512).logicalUnit(0, LogicalUnitSpec.disk("ram512", new RamBlockDevice(128L << 20, 512))).build();
        disk4k = ScsiTarget.builder(T4K).logicalUnit(0, LogicalUnitSpec.disk("ram4k", new RamBlockDevice(128L << 20, 4096))).build();
        diskChap = ScsiTarget.builder(TCHAP).logicalUnit(0, LogicalUnitSpec.disk("ramchap", new RamBlockDevice(128L << 20, 512))).build();
        server = IscsiServer.builder().portal("127.0.0.1", 0)
                .target(ExportedTarget.builder(T512, disk512).alias("interop 512").build())
                .target(ExportedTarget.builder(T4K, disk4k).portalGroupTag(2).build())
                .build().start();
        chapServer = IscsiServer.builder().portal("127.0.0.1", 0)
                .target(ExportedTarget.builder(TCHAP, diskChap).chap(ChapCredentials.of(CHAP_USER, CHAP_SECRET)).build())
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
        chapServer.close();
        for (ScsiTarget t : new ScsiTarget[] {disk512, disk4k, diskChap}) {
            assertThat(t.openNexusCount()).isZero();
            t.close();
            assertThat(t.outstandingBuffers()).isZero();
        }
        assertThat(ServerFixture.loopThreads()).isEmpty();
    }

    private static String portal(IscsiServer s) {
        return "127.0.0.1:" + s.boundAddress().getPort();
    }

    private static String url(String iqn) {
        return "iscsi://" + portal(server) + "/" + iqn + "/0";
    }

    @Test
    void iscsiLsDiscoversTargetsAndLuns() throws Exception {
        HostTools.require("iscsi-ls", "libiscsi-bin");
        HostTools.Run r = HostTools.run(60, "iscsi-ls", "-s", "iscsi://" + portal(server));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("Target:" + T512 + " Portal:" + portal(server) + ",1")
                .contains("Target:" + T4K + " Portal:" + portal(server) + ",2")
                .contains("Lun:0    Type:DIRECT_ACCESS");
    }

    @Test
    void iscsiInq() throws Exception {
        HostTools.require("iscsi-inq", "libiscsi-bin");
        HostTools.Run r = HostTools.run(60, "iscsi-inq", url(T512));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("Peripheral Device Type:DIRECT_ACCESS").contains("Vendor:");
        HostTools.Run serial = HostTools.run(60, "iscsi-inq", "-e", "1", "-c", "128", url(T512));
        assertThat(serial.exitCode()).as(serial.output()).isZero();
        assertThat(serial.output()).contains("Unit Serial Number:");
    }

    @Test
    void iscsiReadCapacity16At512And4096() throws Exception {
        HostTools.require("iscsi-readcapacity16", "libiscsi-bin");
        HostTools.Run r512 = HostTools.run(60, "iscsi-readcapacity16", url(T512));
        assertThat(r512.exitCode()).as(r512.output()).isZero();
        assertThat(r512.output()).contains("LOGICAL BLOCK LENGTH IN BYTES:512").contains("Total size:134217728");
        HostTools.Run r4k = HostTools.run(60, "iscsi-readcapacity16", url(T4K));
        assertThat(r4k.exitCode()).as(r4k.output()).isZero();
        assertThat(r4k.output()).contains("LOGICAL BLOCK LENGTH IN BYTES:4096").contains("Total size:134217728");
    }

    /**
     * libiscsi's conformance tests of the iSCSI layer (iscsi-test-cu, libiscsi-bin): CmdSN window,
     * DataSN, task management, read residuals. (Write residuals are SCSI semantics of the core.)
     */
    @Test
    void libiscsiTransportConformance() throws Exception {
        HostTools.require("iscsi-test-cu", "libiscsi-bin");
        for (String test : new String[] {"iSCSI.iSCSIcmdsn", "iSCSI.iSCSIdatasn", "iSCSI.iSCSITMF",
                "iSCSI.iSCSIResiduals.Read10Invalid", "iSCSI.iSCSIResiduals.Read10Residuals",
                "iSCSI.iSCSIResiduals.Read12Residuals", "iSCSI.iSCSIResiduals.Read16Residuals"}) {
            HostTools.Run r = HostTools.run(120, "iscsi-test-cu", "--test=" + test, "--dataloss", url(T512));
            assertThat(r.exitCode()).as(test + ":\n" + r.output()).isZero();
            assertThat(r.output()).as(test).containsPattern("tests\\s+\\d+\\s+\\d+\\s+\\d+\\s+0\\s");
        }
    }

    private static Path randomImage(Path dir, long seed) throws Exception {
        byte[] data = new byte[IMAGE];
        new Random(seed).nextBytes(data);
        Path p = dir.resolve("in-" + seed + ".img");
        Files.write(p, data);
        return p;
    }

    private static void assertSamePrefix(Path in, Path out) throws Exception {
        byte[] a = Files.readAllBytes(in);
        byte[] b = Files.readAllBytes(out);
        assertThat(b.length).isEqualTo(128 << 20);
        assertThat(Arrays.mismatch(a, Arrays.copyOf(b, a.length))).as("first differing byte").isEqualTo(-1);
    }

    @Test
    void qemuImgConvertInAndOut(@TempDir Path dir) throws Exception {
        HostTools.require("qemu-img", "qemu-utils");
        Path in = randomImage(dir, 1);
        HostTools.Run w = HostTools.run(300, "qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", in.toString(), url(T512));
        assertThat(w.exitCode()).as("qemu-img (the iSCSI driver is in qemu-block-extra): " + w.output()).isZero();
        Path out = dir.resolve("out.img");
        HostTools.Run r = HostTools.run(300, "qemu-img", "convert", "-f", "raw", "-O", "raw", url(T512), out.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertSamePrefix(in, out);
    }

    @Test
    void qemuImgConvertWithChap(@TempDir Path dir) throws Exception {
        HostTools.require("qemu-img", "qemu-utils");
        String chapUrl = "iscsi://" + CHAP_USER + "%" + CHAP_SECRET + "@" + portal(chapServer) + "/" + TCHAP + "/0";
        Path in = randomImage(dir, 2);
        HostTools.Run w = HostTools.run(300, "qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", in.toString(), chapUrl);
        assertThat(w.exitCode()).as(w.output()).isZero();
        Path out = dir.resolve("out.img");
        HostTools.Run r = HostTools.run(300, "qemu-img", "convert", "-f", "raw", "-O", "raw", chapUrl, out.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertSamePrefix(in, out);
        String wrong = "iscsi://" + CHAP_USER + "%not-the-secret-x@" + portal(chapServer) + "/" + TCHAP + "/0";
        HostTools.Run bad = HostTools.run(60, "qemu-img", "info", wrong);
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.output()).contains("Authentication failure");
    }

    @Test
    void qemuImgConvertWithHeaderDigest(@TempDir Path dir) throws Exception {
        HostTools.require("qemu-img", "qemu-utils");
        String opts = "driver=iscsi,transport=tcp,portal=" + portal(server) + ",target=" + T512
                + ",lun=0,header-digest=crc32c";
        Path in = randomImage(dir, 3);
        HostTools.Run w = HostTools.run(300, "qemu-img", "convert", "-n", "-f", "raw", "--target-image-opts", in.toString(), opts);
        assertThat(w.exitCode()).as(w.output()).isZero();
        Path out = dir.resolve("out.img");
        HostTools.Run r = HostTools.run(300, "qemu-img", "convert", "--image-opts", "-O", "raw", opts, out.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertSamePrefix(in, out);
    }
}
