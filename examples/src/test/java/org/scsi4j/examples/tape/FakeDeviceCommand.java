package org.scsi4j.examples.tape;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.scsi4j.core.spi.device.ScsiDeviceCommand;

/**
 * A command as the core offers it to a raw device, without a core: the CDB, the data-out or room
 * for the data-in, and the one completion, which {@link #result()} waits for.
 */
final class FakeDeviceCommand implements ScsiDeviceCommand {
    /** What the device completed the command with. */
    record Result(int status, byte[] sense, byte[] data, String thread) {
        boolean good() {
            return status == 0;
        }

        int senseKey() {
            return sense[2] & 0x0F;
        }

        boolean filemark() {
            return (sense[2] & 0x80) != 0;
        }

        boolean eom() {
            return (sense[2] & 0x40) != 0;
        }

        boolean ili() {
            return (sense[2] & 0x20) != 0;
        }

        boolean valid() {
            return (sense[0] & 0x80) != 0;
        }

        int information() {
            return ByteBuffer.wrap(sense).getInt(3);
        }

        /** ASC and ASCQ as one number, e.g. 0x0001 for FILEMARK DETECTED. */
        int ascAndQualifier() {
            return (sense[12] & 0xFF) << 8 | sense[13] & 0xFF;
        }
    }

    private final ByteBuffer cdb;
    private final ByteBuffer dataOut;
    private final ByteBuffer dataIn;
    private final CompletableFuture<Result> done = new CompletableFuture<>();

    private FakeDeviceCommand(byte[] cdb, byte[] dataOut, int dataIn) {
        this.cdb = ByteBuffer.wrap(cdb).asReadOnlyBuffer();
        this.dataOut = ByteBuffer.wrap(dataOut);
        this.dataIn = ByteBuffer.allocate(dataIn);
    }

    static FakeDeviceCommand dataIn(byte[] cdb, int length) {
        return new FakeDeviceCommand(cdb, new byte[0], length);
    }

    static FakeDeviceCommand dataOut(byte[] cdb, byte[] data) {
        return new FakeDeviceCommand(cdb, data, 0);
    }

    static FakeDeviceCommand noData(byte[] cdb) {
        return new FakeDeviceCommand(cdb, new byte[0], 0);
    }

    Result result() throws Exception {
        return done.get(30, TimeUnit.SECONDS);
    }

    @Override
    public ByteBuffer cdb() {
        return cdb.duplicate().clear();
    }

    @Override
    public boolean isDataOut() {
        return dataOut.capacity() > 0;
    }

    @Override
    public boolean isDataIn() {
        return dataIn.capacity() > 0;
    }

    @Override
    public int expectedLength() {
        return Math.max(dataOut.capacity(), dataIn.capacity());
    }

    @Override
    public ByteBuffer dataOut() {
        return dataOut.duplicate().clear();
    }

    @Override
    public ByteBuffer dataIn() {
        return dataIn.duplicate().clear();
    }

    @Override
    public String initiatorPort() {
        return "iqn.2026-11.org.scsi4j:test,i,0x1";
    }

    @Override
    public boolean isAborted() {
        return false;
    }

    @Override
    public void complete(int status, ByteBuffer sense, int transferred, int overflow) {
        if (overflow != 0) {
            throw new AssertionError("this device never reports a residual overflow, got " + overflow);
        }
        byte[] s = new byte[sense == null ? 0 : sense.remaining()];
        if (sense != null) {
            sense.duplicate().get(s);
        }
        byte[] data = Arrays.copyOf(dataIn.array(), isDataIn() ? transferred : 0);
        if (!done.complete(new Result(status, s, data, Thread.currentThread().getName()))) {
            throw new IllegalStateException("completed twice");
        }
    }
}
