package org.scsi4j.backstore.passthrough.sg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fake SCSI generic device: what {@link SgDevice}'s workers see through {@link SgIo}, with no
 * kernel. By default it is a small tape drive (INQUIRY, TEST UNIT READY, WRITE(6) stores a record,
 * READ(6) returns it, a short record with ILI sense); a test can replace the {@link Responder}.
 * Vendor opcode {@link #HOLD} is held until {@link #release()} or until its channel closes.
 */
final class FakeSg {
    static final byte HOLD = (byte) 0xC0;
    static final byte TAG = (byte) 0xC1;     // vendor opcode answered GOOD; byte 1 tells commands apart

    /** One command as the fake saw it. */
    static final class Call {
        final byte[] cdb;
        final int direction;
        final int dxferLen;
        final byte[] dataOut;
        final int timeoutMillis;
        final String thread;
        final boolean direct;

        Call(byte[] cdb, int direction, int dxferLen, byte[] dataOut, int timeoutMillis, boolean direct) {
            this.cdb = cdb;
            this.direction = direction;
            this.dxferLen = dxferLen;
            this.dataOut = dataOut;
            this.timeoutMillis = timeoutMillis;
            this.thread = Thread.currentThread().getName();
            this.direct = direct;
        }

        int opcode() {
            return cdb[0] & 0xFF;
        }
    }

    /** The device's behaviour: write data-in and sense from position 0 of the buffers, return the outcome. */
    @FunctionalInterface
    interface Responder {
        SgResult answer(Call call, ByteBuffer data, ByteBuffer sense) throws IOException;
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final List<Channel> channels = new CopyOnWriteArrayList<>();
    final BlockingQueue<Call> held = new LinkedBlockingQueue<>();
    volatile Responder responder = this::tape;
    volatile byte[] record = new byte[0];
    private int releases;            // guarded by this

    SgIo.Opener opener() {
        return () -> {
            Channel c = new Channel();
            channels.add(c);
            return c;
        };
    }

    /** Lets one held command go on. */
    synchronized void release() {
        releases++;
        notifyAll();
    }

    /** Waits (10 s at most, a guard against a hang) for the next command to be held. */
    Call awaitHeld() throws InterruptedException {
        Call c = held.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no command was held");
        }
        return c;
    }

    long seen(int opcode) {
        return calls.stream().filter(c -> c.opcode() == opcode).count();
    }

    boolean allChannelsClosed() {
        return channels.stream().allMatch(c -> c.closed);
    }

    final class Channel implements SgIo {
        volatile boolean closed;

        @Override
        public SgResult execute(ByteBuffer cdb, int direction, ByteBuffer data, ByteBuffer sense, int timeoutMillis)
                throws IOException {
            if (closed) {
                throw new ClosedChannelException();
            }
            byte[] c = new byte[cdb.remaining()];
            cdb.get(cdb.position(), c);
            int length = direction == DXFER_NONE ? 0 : data.remaining();
            byte[] out = null;
            if (direction == DXFER_TO_DEV) {
                out = new byte[length];
                data.get(data.position(), out);
            }
            boolean direct = cdb.isDirect() && sense.isDirect() && (direction == DXFER_NONE || data.isDirect());
            Call call = new Call(c, direction, length, out, timeoutMillis, direct);
            calls.add(call);
            if (c[0] == HOLD) {
                held.add(call);
                synchronized (FakeSg.this) {
                    while (releases == 0 && !closed) {
                        try {
                            FakeSg.this.wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IOException("interrupted");
                        }
                    }
                    if (closed) {
                        throw new AsynchronousCloseException();
                    }
                    releases--;
                }
                return SgResult.good(length);
            }
            return responder.answer(call, data.duplicate(), sense.duplicate());
        }

        @Override
        public void close() {
            synchronized (FakeSg.this) {
                closed = true;
                FakeSg.this.notifyAll();
            }
        }
    }

    // ------------------------------------------------------------------ the default device

    static final byte[] INQUIRY_DATA = inquiryData();

    private static byte[] inquiryData() {
        byte[] d = new byte[36];
        d[0] = 0x01;                 // sequential access
        d[1] = (byte) 0x80;          // RMB
        d[2] = 0x06;                 // SPC-4
        d[3] = 0x02;
        d[4] = 31;
        byte[] id = "SCSI4J  FAKE TAPE       0001".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, d, 8, id.length);
        return d;
    }

    /** The sense of a short read: NO SENSE with ILI, 22 bytes, byte 21 a marker beyond the usual 18. */
    static byte[] shortReadSense(int residue) {
        byte[] s = new byte[22];
        s[0] = (byte) 0xF0;          // valid, current, fixed
        s[2] = 0x20;                 // ILI
        s[3] = (byte) (residue >>> 24);
        s[4] = (byte) (residue >>> 16);
        s[5] = (byte) (residue >>> 8);
        s[6] = (byte) residue;
        s[7] = 14;
        s[21] = 0x5A;
        return s;
    }

    private SgResult tape(Call call, ByteBuffer data, ByteBuffer sense) {
        switch (call.opcode()) {
            case 0x12: {
                int n = Math.min(call.dxferLen, INQUIRY_DATA.length);
                data.put(data.position(), INQUIRY_DATA, 0, n);
                return SgResult.good(call.dxferLen - n);
            }
            case 0x00:
            case TAG & 0xFF:
                return SgResult.good(0);
            case 0x0A:
                record = call.dataOut;
                return SgResult.good(0);
            case 0x08: {
                byte[] r = record;
                int n = Math.min(call.dxferLen, r.length);
                data.put(data.position(), r, 0, n);
                if (n < call.dxferLen) {
                    byte[] s = shortReadSense(call.dxferLen - n);
                    sense.put(sense.position(), s);
                    return new SgResult(0x02, s.length, 0, SgFailure.DRIVER_SENSE, call.dxferLen - n, 1);
                }
                return SgResult.good(0);
            }
            default: {
                byte[] s = new byte[18];
                s[0] = 0x70;
                s[2] = 0x05;
                s[7] = 10;
                s[12] = 0x20;
                sense.put(sense.position(), s);
                return new SgResult(0x02, s.length, 0, SgFailure.DRIVER_SENSE, call.dxferLen, 0);
            }
        }
    }
}
