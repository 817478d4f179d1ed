package org.scsi4j.backstore.vcdrom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.backstore.vcdrom.CdTarget.assertGood;
import static org.scsi4j.backstore.vcdrom.CdTarget.in;
import static org.scsi4j.backstore.vcdrom.CdTarget.read10;
import static org.scsi4j.backstore.vcdrom.CdTarget.readCapacity10;
import static org.scsi4j.backstore.vcdrom.CdTarget.u32;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.ScsiResponse;

/**
 * A real ISO 9660 image made by genisoimage, xorriso or mkisofs (skipped when none is installed):
 * its primary volume descriptor ("CD001" at byte 32769, LBA 16) read through the loopback READ(10).
 */
class RealIsoTest {
    @TempDir
    Path dir;

    private static String tool() {
        for (String name : List.of("genisoimage", "mkisofs", "xorriso")) {
            String path = System.getenv("PATH");
            if (path == null) {
                return null;
            }
            for (String p : path.split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(p, name))) {
                    return name;
                }
            }
        }
        return null;
    }

    private Path makeIso(String tool) throws IOException, InterruptedException {
        Path content = Files.createDirectory(dir.resolve("content"));
        Files.writeString(content.resolve("HELLO.TXT"), "hello from scsi4j\n");
        Path iso = dir.resolve("test.iso");
        List<String> cmd = tool.equals("xorriso")
                ? List.of("xorriso", "-as", "mkisofs", "-quiet", "-V", "SCSI4J", "-o", iso.toString(), content.toString())
                : List.of(tool, "-quiet", "-V", "SCSI4J", "-o", iso.toString(), content.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("tool.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", tool).isTrue();
        assertThat(p.exitValue()).as("%s: %s", tool, Files.readString(dir.resolve("tool.log"))).isZero();
        return iso;
    }

    @Test
    void primaryVolumeDescriptorThroughRead10() throws Exception {
        String tool = tool();
        Assumptions.assumeTrue(tool != null, "no genisoimage, mkisofs or xorriso on PATH");
        Path iso = makeIso(tool);
        try (CdTarget t = new CdTarget(VirtualCdrom.of("cd0", iso))) {
            LoopbackSession s = t.login("iqn.2026-11.org.scsi4j:a");
            ScsiResponse cap = in(s, readCapacity10(), 8);
            assertGood(cap);
            assertThat((u32(cap.data(), 0) + 1) * 2048).isEqualTo(Files.size(iso));
            ScsiResponse pvd = in(s, read10(16, 1), 2048);
            assertGood(pvd);
            byte[] d = pvd.data();
            assertThat(d[0]).as("volume descriptor type: primary").isEqualTo((byte) 1);
            assertThat(new String(d, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("CD001");
            assertThat(new String(d, 40, 32, StandardCharsets.US_ASCII).trim()).as("volume identifier").isEqualTo("SCSI4J");
            assertThat(in(s, CdTarget.getConfiguration(), 8).data()[7]).as("a small image is a CD-ROM").isEqualTo((byte) 0x08);
        }
    }
}
