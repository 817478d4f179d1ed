package org.scsi4j.core.testing;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.scsi4j.core.spi.device.ScsiDeviceCommand;

/**
 * A command as the core offers it to a raw device, without a core: the CDB, the data-out or room
 * for the data-in (heap or direct, as a device may treat them differently), and the one
 * completion, which {@link #await()} waits for. A test can mark it aborted, or make its CDB
 * throw, to see what a device does with a command gone bad.
 */
public final class FakeDeviceCommand implements ScsiDeviceCommand {

    /** What the device completed the command with, and on which thread. */
    public record Result(int status, byte[] sense, int transferred, byte[] data, String thread) {
        public boolean good() {
            return status == 0;
        }

        /** @return the sense key, or -1 when the sense is too short to hold one */
        public int senseKey() {
            return sense.length > 2 ? sense[2] & 0x0F : -1;
        }

        public int asc() {
            return sense.length > 12 ? sense[12] & 0xFF : -1;
        }

        public int ascq() {
            return sense.length > 13 ? sense[13] & 0xFF : -1;
        }

        /** ASC and ASCQ as one number, e.g. 0x0001 for FILEMARK DETECTED. */
        public int ascAndQualifier() {
            return (sense[12] & 0xFF) << 8 | sense[13] & 0xFF;
        }

        public boolean filemark() {
            return (sense[2] & 0x80) != 0;
        }

        public boolean eom() {
            return (sense[2] & 0x40) != 0;
        }

        public boolean ili() {
            return (sense[2] & 0x20) != 0;
        }

        public boolean valid() {
            return (sense[0] & 0x80) != 0;
        }

        /** The INFORMATION field of fixed-format sense. */
        public int information() {
            return ByteBuffer.wrap(sense).getInt(3);
        }
    }

    private final ByteBuffer cdb;
    private final boolean out;
    private final boolean in;
    private final ByteBuffer data;
    private final CompletableFuture<Result> done = new CompletableFuture<>();
    private volatile boolean aborted;
    private volatile RuntimeException brokenCdb;

    private FakeDeviceCommand(byte[] cdb, boolean out, boolean in, ByteBuffer data) {
        this.cdb = ByteBuffer.wrap(cdb.clone()).asReadOnlyBuffer();
        this.out = out;
        this.in = in;
        this.data = data;
    }

    public static FakeDeviceCommand noData(byte... cdb) {
        return new FakeDeviceCommand(cdb, false, false, ByteBuffer.allocate(0));
    }

    public static FakeDeviceCommand dataOut(byte[] cdb, byte[] bytes) {
        return dataOut(cdb, bytes, false);
    }

    public static FakeDeviceCommand dataOut(byte[] cdb, byte[] bytes, boolean direct) {
        ByteBuffer b = allocate(bytes.length, direct);
        b.put(bytes).flip();
        return new FakeDeviceCommand(cdb, true, false, b);
    }

    public static FakeDeviceCommand dataIn(byte[] cdb, int length) {
        return dataIn(cdb, length, false);
    }

    public static FakeDeviceCommand dataIn(byte[] cdb, int length, boolean direct) {
        return new FakeDeviceCommand(cdb, false, true, allocate(length, direct));
    }

    /** A bidirectional command: one buffer of {@code length} serves as data-out and data-in. */
    public static FakeDeviceCommand bidirectional(byte[] cdb, int length) {
        return new FakeDeviceCommand(cdb, true, true, ByteBuffer.allocate(length));
    }

    private static ByteBuffer allocate(int length, boolean direct) {
        return direct ? ByteBuffer.allocateDirect(length) : ByteBuffer.allocate(length);
    }

    /** From now on {@link #isAborted()} says so, as when the core aborts a queued command. */
    public void markAborted() {
        aborted = true;
    }

    /** From now on {@link #cdb()} throws {@code failure}: a broken command object. */
    public void breakCdb(RuntimeException failure) {
        brokenCdb = failure;
    }

    @Override
    public ByteBuffer cdb() {
        RuntimeException broken = brokenCdb;
        if (broken != null) {
            throw broken;
        }
        return cdb.duplicate().clear();
    }

    @Override
    public boolean isDataOut() {
        return out;
    }

    @Override
    public boolean isDataIn() {
        return in;
    }

    @Override
    public int expectedLength() {
        return data.capacity();
    }

    @Override
    public ByteBuffer dataOut() {
        return out ? data.duplicate().clear() : ByteBuffer.allocate(0);
    }

    @Override
    public ByteBuffer dataIn() {
        return in ? data.duplicate().clear() : ByteBuffer.allocate(0);
    }

    @Override
    public String initiatorPort() {
        return "iqn.2026-11.org.scsi4j:test,i,0x1";
    }

    @Override
    public boolean isAborted() {
        return aborted;
    }

    @Override
    public void complete(int status, ByteBuffer sense, int transferred, int overflow) {
        if (overflow != 0) {
            throw new AssertionError("this device never reports a residual overflow, got " + overflow);
        }
        byte[] s = new byte[sense == null ? 0 : sense.remaining()];
        if (sense != null) {
            sense.get(sense.position(), s);
        }
        // the data-in as sent: the first transferred bytes (zeros past the buffer, should a device claim more)
        byte[] sent = new byte[in ? Math.min(Math.max(transferred, 0), data.capacity()) : 0];
        data.get(0, sent);
        byte[] received = Arrays.copyOf(sent, in ? transferred : 0);
        if (!done.complete(new Result(status, s, transferred, received, Thread.currentThread().getName()))) {
            throw new IllegalStateException("completed twice");
        }
    }

    public boolean isDone() {
        return done.isDone();
    }

    /** The completion (waits 30 s at most, a guard against a hang). */
    public Result await() throws InterruptedException, ExecutionException {
        try {
            return done.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the command did not complete", e);
        }
    }

    /** The first {@code n} bytes of the data-in buffer, whatever the completion said. */
    public byte[] dataInBytes(int n) {
        byte[] b = new byte[n];
        data.get(0, b);
        return b;
    }
}
