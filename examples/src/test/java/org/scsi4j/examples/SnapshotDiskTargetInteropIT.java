package org.scsi4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator example over iSCSI with QEMU's driver (Debian qemu-utils, qemu-block-extra): an
 * image written through iSCSI, a snapshot, an overwrite, a revert — and the first image reads
 * back byte for byte.
 */
@Tag("interop")
class SnapshotDiskTargetInteropIT {
    @TempDir
    Path dir;

    static void qemuImg(String... args) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/qemu-img"))) {
            throw new AssertionError("qemu-img is missing: apt-get install qemu-utils qemu-block-extra");
        }
        String[] cmd = new String[args.length + 1];
        cmd[0] = "qemu-img";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("qemu-img %s: %s", String.join(" ", args), out).isZero();
    }

    @Test
    void snapshotsSurviveAnOverwriteThroughIscsi() throws Exception {
        byte[] first = new byte[4 << 20];
        byte[] second = new byte[4 << 20];
        new Random(1).nextBytes(first);
        new Random(2).nextBytes(second);
        Path a = Files.write(dir.resolve("a.img"), first);
        Path b = Files.write(dir.resolve("b.img"), second);
        Path back = dir.resolve("back.img");
        try (SnapshotDiskTarget t = new SnapshotDiskTarget("127.0.0.1", 0, 64L << 20)) {
            qemuImg("convert", "-n", "-f", "raw", "-O", "raw", a.toString(), t.url());
            t.disk().snapshot("before");
            qemuImg("convert", "-n", "-f", "raw", "-O", "raw", b.toString(), t.url());
            t.disk().revert("before");
            qemuImg("convert", "-f", "raw", "-O", "raw", t.url(), back.toString());
        }
        byte[] read = Files.readAllBytes(back);
        assertThat(java.util.Arrays.copyOf(read, first.length)).isEqualTo(first);
    }
}
