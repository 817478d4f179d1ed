package org.scsi4j.backstore.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * tmpfs refused O_DIRECT until Linux 6.6; there, opening with 'direct' must fail plainly. On newer
 * kernels tmpfs accepts it and the test is skipped (the message itself is covered by BackingFileTest).
 */
class TmpfsDirectTest {

    @Test
    void tmpfsRefusalSaysSoPlainly() throws IOException {
        Path shm = Path.of("/dev/shm");
        Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no writable /dev/shm");
        Path file = shm.resolve("scsi4j-direct-" + ProcessHandle.current().pid() + ".img");
        try {
            FileDeviceOptions options = FileDeviceOptions.builder(file)
                    .create(true).size(1 << 20).blockSize(4096).direct(true).build();
            try (FileBlockDevice device = FileBlockDevice.open(options)) {
                String why = "tmpfs on this kernel (" + System.getProperty("os.version")
                        + ") accepts O_DIRECT, so there is no refusal to check: " + device;
                System.out.println(why);
                Assumptions.abort(why);
            } catch (IOException e) {
                assertThat(e).hasMessageContaining("file system of " + file)
                        .hasMessageContaining("does not support O_DIRECT")
                        .hasMessageContaining("without 'direct'");
                assertThat(file).as("the file created for the attempt is removed").doesNotExist();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
