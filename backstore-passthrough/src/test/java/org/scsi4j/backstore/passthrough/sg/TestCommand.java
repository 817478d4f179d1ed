package org.scsi4j.backstore.passthrough.sg;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.scsi4j.core.spi.device.ScsiDeviceCommand;

/** A {@link ScsiDeviceCommand} as the core would offer it, recording its one completion. */
final class TestCommand implements ScsiDeviceCommand {

    /** How the command completed. */
    static final class Completion {
        final int status;
        final byte[] sense;
        final int transferred;
        final String thread;

        Completion(int status, byte[] sense, int transferred) {
            this.status = status;
            this.sense = sense;
            this.transferred = transferred;
            this.thread = Thread.currentThread().getName();
        }

        int senseKey() {
            return sense.length > 2 ? sense[2] & 0x0F : -1;
        }

        int asc() {
            return sense.length > 12 ? sense[12] & 0xFF : -1;
        }

        int ascq() {
            return sense.length > 13 ? sense[13] & 0xFF : -1;
        }
    }

    private final ByteBuffer cdb;
    private final boolean out;
    private final boolean in;
    private final int expectedLength;
    private final ByteBuffer data;
    private final CompletableFuture<Completion> done = new CompletableFuture<>();
    volatile boolean aborted;
    /** When set, {@link #cdb()} throws it: a broken command object. */
    volatile RuntimeException brokenCdb;

    private TestCommand(byte[] cdb, boolean out, boolean in, int expectedLength, ByteBuffer data) {
        this.cdb = ByteBuffer.wrap(cdb.clone()).asReadOnlyBuffer();
        this.out = out;
        this.in = in;
        this.expectedLength = expectedLength;
        this.data = data;
    }

    static TestCommand none(byte... cdb) {
        return new TestCommand(cdb, false, false, 0, ByteBuffer.allocate(0));
    }

    static TestCommand dataOut(byte[] cdb, byte[] bytes, boolean direct) {
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(bytes.length) : ByteBuffer.allocate(bytes.length);
        b.put(bytes).flip();
        return new TestCommand(cdb, true, false, bytes.length, b);
    }

    static TestCommand dataIn(byte[] cdb, int length, boolean direct) {
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(length) : ByteBuffer.allocate(length);
        return new TestCommand(cdb, false, true, length, b);
    }

    /** A bidirectional command, which the sg v3 interface cannot carry. */
    static TestCommand bidirectional(byte[] cdb, int length) {
        return new TestCommand(cdb, true, true, length, ByteBuffer.allocate(length));
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
        return expectedLength;
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
        if (!done.complete(new Completion(status, s, transferred))) {
            throw new IllegalStateException("completed twice");
        }
    }

    boolean isDone() {
        return done.isDone();
    }

    /** The completion (waits 10 s at most, a guard against a hang). */
    Completion await() throws InterruptedException, ExecutionException {
        try {
            return done.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the command did not complete", e);
        }
    }

    /** The first {@code n} bytes of the data-in buffer. */
    byte[] dataInBytes(int n) {
        byte[] b = new byte[n];
        data.get(0, b);
        return b;
    }
}
