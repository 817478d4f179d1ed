package org.scsi4j.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.spi.device.BlockingBlockDevice;
import org.scsi4j.core.spi.device.DeviceGeometry;
import org.scsi4j.core.spi.device.DeviceIoException;
import org.scsi4j.core.spi.device.DeviceOperation;
import org.scsi4j.core.spi.device.IoStatus;

class BlockingDeviceAdapterTest {

    /** A blocking device whose reads fail the way the test says, and that records its thread. */
    static final class FailingDevice implements BlockingBlockDevice {
        volatile Exception readFailure;
        volatile String lastThread;
        volatile boolean closed;

        @Override
        public DeviceGeometry geometry() {
            return DeviceGeometry.of(512, 100);
        }

        @Override
        public boolean supports(DeviceOperation op) {
            return op != DeviceOperation.UNMAP && op != DeviceOperation.WRITE_SAME && op != DeviceOperation.COMPARE_AND_WRITE;
        }

        @Override
        public void read(long lba, int blocks, ByteBuffer dst) throws IOException {
            lastThread = Thread.currentThread().getName();
            Exception e = readFailure;
            if (e instanceof IOException) {
                throw (IOException) e;
            }
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
        }

        @Override
        public void write(long lba, int blocks, ByteBuffer src, boolean fua) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static IoStatus read(BlockingDeviceAdapter a) throws Exception {
        CompletableFuture<IoStatus> f = new CompletableFuture<>();
        a.read(0, 1, ByteBuffer.allocate(512), (s, info) -> f.complete(s));
        return f.get(5, TimeUnit.SECONDS);
    }

    @Test
    void mapsExceptionsToStatusesAndRunsOnNamedWorkersThatStopOnClose() throws Exception {
        FailingDevice dev = new FailingDevice();
        BlockingDeviceAdapter a = new BlockingDeviceAdapter("unit7", dev);
        assertThat(read(a)).isEqualTo(IoStatus.GOOD);
        assertThat(dev.lastThread).startsWith("scsi4j-unit7-io-");
        dev.readFailure = new IOException("bad sector");
        assertThat(read(a)).isEqualTo(IoStatus.READ_ERROR);
        dev.readFailure = new DeviceIoException(IoStatus.MEDIUM_NOT_PRESENT, 0, "tray open");
        assertThat(read(a)).isEqualTo(IoStatus.MEDIUM_NOT_PRESENT);
        dev.readFailure = new IllegalStateException("bug");
        assertThat(read(a)).isEqualTo(IoStatus.DEVICE_FAILURE);
        a.close();
        assertThat(dev.closed).isTrue();
        assertThat(a.liveWorkers()).isZero();
    }
}
