package org.scsi4j.backstore.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.Cdbs;

/** A file that fails underneath the disk gives MEDIUM ERROR, never an exception to the transport. */
class LoopbackFileErrorTest {
    @TempDir
    Path dir;

    @Test
    void readsOfATruncatedFileAnswerUnrecoveredReadErrorAndTheTargetKeepsServing() throws Exception {
        Path file = dir.resolve("shrinking.img");
        FileBlockDevice device = FileBlockDevice.open(FileDeviceOptions.builder(file)
                .size(1024 * 512).blockSize(512).create(true).build());
        try (ScsiTarget target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:err")
                .logicalUnit(0, LogicalUnitSpec.disk("shrinking", device)).build()) {
            LoopbackTransport lt = LoopbackTransport.start(target);
            LoopbackSession s = lt.login("iqn.2026-11.org.scsi4j:i");
            s.clearUnitAttentions(0);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(100 * 512);
            }
            ScsiResponse past = s.execute(ScsiCommand.of(0, Cdbs.read10(500, 4)).dataIn(2048));
            assertThat(past.status()).isEqualTo(2);
            assertThat(past.senseKey()).as("MEDIUM ERROR").isEqualTo(3);
            assertThat(past.asc()).as("UNRECOVERED READ ERROR").isEqualTo(0x11);
            ScsiResponse inside = s.execute(ScsiCommand.of(0, Cdbs.read10(0, 4)).dataIn(2048));
            assertThat(inside.isGood()).isTrue();
            s.close();
            lt.close();
            assertThat(target.outstandingBuffers()).isZero();
        }
    }
}
