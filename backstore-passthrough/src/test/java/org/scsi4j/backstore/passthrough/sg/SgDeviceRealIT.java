package org.scsi4j.backstore.passthrough.sg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;

/**
 * A real SCSI generic device exported through a target: runs only where one exists and this user
 * may read and write it ({@code -Dscsi4j.sg.device=/dev/sgN} picks one, else the first usable
 * {@code /dev/sg*}). It sends INQUIRY and TEST UNIT READY only, which change nothing on a device.
 */
@EnabledIf("usableSgDevicePresent")
class SgDeviceRealIT {

    static boolean usableSgDevicePresent() {
        return device() != null;
    }

    private static Path device() {
        String chosen = System.getProperty("scsi4j.sg.device");
        if (chosen != null && !chosen.isBlank()) {
            return Path.of(chosen);
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> dev = Files.newDirectoryStream(Path.of("/dev"), "sg[0-9]*")) {
            dev.forEach(found::add);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return found.stream().sorted().filter(p -> Files.isReadable(p) && Files.isWritable(p)).findFirst().orElse(null);
    }

    @Test
    void aRealDeviceAnswersThroughTheTarget() throws Exception {
        Path path = device();
        if (Runtime.version().feature() < 22) {
            assertThatThrownBy(() -> SgDevice.open(path))
                    .isInstanceOf(SgUnsupportedException.class).hasMessageContaining("Java 22");
            return;
        }
        SgDevice device = SgDevice.open(path);
        try (ScsiTarget target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:real-sg")
                .logicalUnit(0, LogicalUnitSpec.rawDevice("real", device)).build()) {
            LoopbackTransport transport = LoopbackTransport.start(target);
            LoopbackSession s = transport.login("iqn.2026-11.org.scsi4j:i");
            s.clearUnitAttentions(0);
            ScsiResponse inquiry = s.execute(ScsiCommand.of(0, new byte[] {0x12, 0, 0, 0, 96, 0}).dataIn(96));
            assertThat(inquiry.isGood()).as(inquiry.toString()).isTrue();
            assertThat(inquiry.data()[0] & 0x1F).isEqualTo(device.peripheralDeviceType());
            ScsiResponse tur = s.execute(ScsiCommand.of(0, new byte[6]));
            assertThat(tur.status()).as("GOOD, or CHECK CONDITION from a device without a medium: " + tur)
                    .isIn(0x00, 0x02);
            s.close();
            transport.close();
        }
        assertThat(device.threadsAlive()).isFalse();
    }
}
