package org.scsi4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tape drive example as libiscsi sees it (profile {@code interop}; Debian package
 * libiscsi-bin): the jar started with {@code --tape} next to a RAM disk.
 */
@Tag("interop")
class TapeInteropIT {
    @TempDir
    Path dir;

    @Test
    void libiscsiSeesASequentialAccessDeviceNextToTheDisk() throws Exception {
        Path cartridge = dir.resolve("backup.tape");
        try (ForkedTarget t = new ForkedTarget(System.getProperty("java.home"), "--listen", "127.0.0.1:0",
                "--ram", "64M", "--tape", cartridge.toString())) {
            List<String> urls = t.awaitUrls();
            assertThat(urls).hasSize(2);
            String portal = urls.get(0).substring(0, urls.get(0).indexOf("/iqn."));

            String ls = ExampleTargetInteropIT.run("iscsi-ls", "-s", portal);
            assertThat(ls).contains("Target:iqn.2026-11.org.scsi4j:example")
                    .containsPattern("Lun:0\\s+Type:DIRECT_ACCESS").containsPattern("Lun:1\\s+Type:SEQUENTIAL_ACCESS");

            String inq = ExampleTargetInteropIT.run("iscsi-inq", urls.get(1));
            assertThat(inq).contains("Peripheral Device Type:SEQUENTIAL_ACCESS").contains("Removable:1")
                    .contains("Product:VIRTUAL TAPE");

            assertThat(t.stop()).isIn(0, 143);
            assertThat(t.jvmWarnings()).isEmpty();
            assertThat(cartridge).as("created when missing").exists();
        }
    }
}
