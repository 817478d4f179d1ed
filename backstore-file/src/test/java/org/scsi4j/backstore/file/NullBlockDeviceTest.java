package org.scsi4j.backstore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.backstore.file.TestBuffers.allZero;
import static org.scsi4j.backstore.file.TestBuffers.filled;
import static org.scsi4j.backstore.file.TestBuffers.pattern;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.scsi4j.backstore.file.TestBuffers.Recorder;
import org.scsi4j.core.spi.device.IoStatus;

class NullBlockDeviceTest {

    private final Recorder done = new Recorder();

    @Test
    void readsZeroesAndDropsWrites() {
        try (NullBlockDevice dev = new NullBlockDevice(1L << 40, 4096)) {
            assertThat(dev.geometry().blockCount()).isEqualTo((1L << 40) / 4096);

            dev.write(7, 2, pattern(8192, 1), true, done);
            done.expect(IoStatus.GOOD);
            ByteBuffer dst = filled(8192 + 100, 0x33).position(50).limit(50 + 8192);
            dev.read(7, 2, dst, done);
            done.expect(IoStatus.GOOD);

            assertThat(dst.position()).isEqualTo(50);
            assertThat(allZero(dst)).isTrue();
            ByteBuffer whole = dst.duplicate().clear();
            assertThat(whole.get(49)).as("outside position..limit untouched").isEqualTo((byte) 0x33);
            assertThat(whole.get(50 + 8192)).isEqualTo((byte) 0x33);
            assertThat(dev.provisioningExtent(0, 16)).isEqualTo(-16);
        }
    }

    @Test
    void everyOperationIsGood() {
        try (NullBlockDevice dev = new NullBlockDevice(1 << 20, 512)) {
            dev.flush(done);
            done.expect(IoStatus.GOOD);
            dev.unmap(0, 2048, done);
            done.expect(IoStatus.GOOD);
            dev.writeSame(0, 2048, pattern(512, 2), done);
            done.expect(IoStatus.GOOD);
        }
    }
}
