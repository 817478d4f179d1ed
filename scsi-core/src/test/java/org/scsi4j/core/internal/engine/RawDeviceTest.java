package org.scsi4j.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.device.ScsiDevice;
import org.scsi4j.core.spi.device.ScsiDeviceCommand;
import org.scsi4j.core.spi.transport.TmfFunction;
import org.scsi4j.core.spi.transport.TmfResponse;
import org.scsi4j.core.testing.Cdbs;

/**
 * A raw-CDB unit: commands reach the device untouched, status, sense and data come back
 * untouched, and the core keeps reservations, unit attentions, REPORT LUNS and task management.
 */
class RawDeviceTest {
    private static final byte READ_6 = 0x08;
    private static final byte WRITE_6 = 0x0A;
    private static final byte REWIND = 0x01;
    private static final byte HOLD = (byte) 0xC0;     // vendor opcode: the fake holds it until released
    private static final byte MEDIUM_CHANGED = (byte) 0xC1;   // vendor opcode: the fake answers a medium-change UA
    private static final byte OVERFLOW = (byte) 0xC2;         // vendor opcode: fills the buffer and reports 100 bytes more

    /** A small fake tape: it echoes writes back on read, holds HOLD commands, declines INQUIRY and the rest. */
    static final class FakeDevice implements ScsiDevice {
        final List<byte[]> seen = new CopyOnWriteArrayList<>();
        final LinkedBlockingQueue<ScsiDeviceCommand> held = new LinkedBlockingQueue<>();
        final AtomicInteger aborts = new AtomicInteger();
        final AtomicInteger resets = new AtomicInteger();
        volatile boolean closed;
        volatile byte[] lastWrite = new byte[0];

        @Override
        public int peripheralDeviceType() {
            return 0x01;
        }

        @Override
        public boolean removableMedium() {
            return true;
        }

        @Override
        public boolean execute(ScsiDeviceCommand c) {
            ByteBuffer cdb = c.cdb();
            byte[] bytes = new byte[cdb.remaining()];
            cdb.get(cdb.position(), bytes);
            switch (bytes[0]) {
                case WRITE_6: {
                    seen.add(bytes);
                    ByteBuffer out = c.dataOut();
                    byte[] data = new byte[out.remaining()];
                    out.get(out.position(), data);
                    lastWrite = data;
                    c.completeGood(data.length);
                    return true;
                }
                case READ_6: {
                    seen.add(bytes);
                    byte[] data = lastWrite;
                    ByteBuffer in = c.dataIn();
                    int n = Math.min(in.remaining(), data.length);
                    in.put(0, data, 0, n);
                    if (n < c.expectedLength()) {
                        // a short record: CHECK CONDITION, NO SENSE with ILI, and the data that was read
                        byte[] sense = new byte[22];
                        sense[0] = (byte) 0xF0;
                        sense[2] = 0x20;
                        sense[7] = 14;
                        sense[21] = 0x5A;       // a byte past the 18 fixed ones: must survive untouched
                        c.complete(0x02, ByteBuffer.wrap(sense), n);
                    } else {
                        c.completeGood(n);
                    }
                    return true;
                }
                case REWIND:
                    seen.add(bytes);
                    new Thread(() -> c.completeGood(0), "fake-rewind").start();
                    return true;
                case HOLD:
                    seen.add(bytes);
                    held.add(c);
                    return true;
                case OVERFLOW: {
                    seen.add(bytes);
                    c.complete(0x00, null, c.expectedLength(), 100);
                    return true;
                }
                case MEDIUM_CHANGED: {
                    seen.add(bytes);
                    byte[] sense = new byte[18];
                    sense[0] = 0x70;
                    sense[2] = 0x06;
                    sense[7] = 10;
                    sense[12] = 0x28;
                    c.complete(0x02, ByteBuffer.wrap(sense), 0);
                    return true;
                }
                default:
                    return false;
            }
        }

        @Override
        public void abort(ScsiDeviceCommand command) {
            aborts.incrementAndGet();
        }

        @Override
        public void reset() {
            resets.incrementAndGet();
        }

        @Override
        public void close() {
            closed = true;
        }

        long opcodesSeen(int opcode) {
            return seen.stream().filter(b -> (b[0] & 0xFF) == opcode).count();
        }
    }

    private FakeDevice device;
    private ScsiTarget target;
    private LoopbackTransport transport;
    private LoopbackSession a;
    private LoopbackSession b;

    @BeforeEach
    void start() {
        device = new FakeDevice();
        target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:raw")
                .logicalUnit(0, LogicalUnitSpec.rawDevice("tape", device)).build();
        transport = LoopbackTransport.start(target);
        a = transport.login("iqn.2026-11.org.scsi4j:a");
        b = transport.login("iqn.2026-11.org.scsi4j:b");
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        transport.close();
        target.close();
        assertThat(device.closed).as("the target closes its devices").isTrue();
    }

    private static byte[] write6(int length) {
        return new byte[] {WRITE_6, 0x00, (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, 0};
    }

    private static byte[] read6(int length) {
        return new byte[] {READ_6, 0x00, (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, 0};
    }

    private static byte[] reserve6() {
        return new byte[] {0x16, 0, 0, 0, 0, 0};
    }

    private static byte[] release6() {
        return new byte[] {0x17, 0, 0, 0, 0, 0};
    }

    @Test
    void firstCommandGetsTheCoresPowerOnUnitAttentionWithoutReachingTheDevice() {
        ScsiResponse r = a.execute(ScsiCommand.of(0, new byte[] {REWIND, 0, 0, 0, 0, 0}));
        assertThat(r.status()).isEqualTo(0x02);
        assertThat(r.senseKey()).isEqualTo(0x06);
        assertThat(r.asc()).isEqualTo(0x29);
        assertThat(device.opcodesSeen(REWIND)).isZero();
        assertThat(a.execute(ScsiCommand.of(0, new byte[] {REWIND, 0, 0, 0, 0, 0})).isGood()).isTrue();
        assertThat(device.opcodesSeen(REWIND)).isEqualTo(1);
    }

    @Test
    void declinedInquiryIsAnsweredByTheCoreWithTheDevicesType() {
        ScsiResponse r = a.execute(ScsiCommand.of(0, Cdbs.inquiry(96)).dataIn(96));
        assertThat(r.isGood()).isTrue();
        assertThat(r.data()[0] & 0x1F).as("sequential access").isEqualTo(0x01);
        assertThat(r.data()[1] & 0x80).as("RMB").isEqualTo(0x80);
    }

    @Test
    void declinedUnknownOpcodeIsInvalidCommandOperationCode() {
        a.clearUnitAttentions(0);
        ScsiResponse r = a.execute(ScsiCommand.of(0, new byte[] {0x19, 0, 0, 0, 0, 0}));
        assertThat(r.senseKey()).isEqualTo(0x05);
        assertThat(r.asc()).isEqualTo(0x20);
    }

    @Test
    void dataBothWaysAndSenseWithDataComeBackUntouched() {
        a.clearUnitAttentions(0);
        byte[] record = new byte[100];
        for (int i = 0; i < record.length; i++) {
            record[i] = (byte) (i * 7);
        }
        assertThat(a.execute(ScsiCommand.of(0, write6(100)).dataOut(record)).isGood()).isTrue();
        assertThat(device.seen.get(0)).as("the CDB exactly as sent").containsExactly(write6(100));

        ScsiResponse full = a.execute(ScsiCommand.of(0, read6(100)).dataIn(100));
        assertThat(full.isGood()).isTrue();
        assertThat(full.data()).containsExactly(record);

        ScsiResponse longer = a.execute(ScsiCommand.of(0, read6(200)).dataIn(200));
        assertThat(longer.status()).isEqualTo(0x02);
        assertThat(longer.data()).as("data with CHECK CONDITION").containsExactly(record);
        assertThat(longer.underflow()).isTrue();
        assertThat(longer.residual()).isEqualTo(100);
        assertThat(longer.sense()).hasSize(22);
        assertThat(longer.sense()[2]).as("ILI untouched").isEqualTo((byte) 0x20);
        assertThat(longer.sense()[21]).isEqualTo((byte) 0x5A);
    }

    @Test
    void reservationIsKeptByTheCoreAndOtherInitiatorsNeverReachTheDevice() {
        a.clearUnitAttentions(0);
        b.clearUnitAttentions(0);
        assertThat(a.execute(ScsiCommand.of(0, reserve6())).isGood()).isTrue();
        assertThat(device.opcodesSeen(0x16)).as("RESERVE is the core's").isZero();

        assertThat(b.execute(ScsiCommand.of(0, new byte[] {REWIND, 0, 0, 0, 0, 0})).status()).isEqualTo(0x18);
        assertThat(b.execute(ScsiCommand.of(0, write6(4)).dataOut(new byte[4])).status()).isEqualTo(0x18);
        assertThat(b.execute(ScsiCommand.of(0, read6(4)).dataIn(4)).status()).isEqualTo(0x18);
        assertThat(b.execute(ScsiCommand.of(0, Cdbs.inquiry(36)).dataIn(36)).isGood()).as("INQUIRY passes").isTrue();
        assertThat(device.opcodesSeen(REWIND) + device.opcodesSeen(WRITE_6) + device.opcodesSeen(READ_6)).isZero();

        assertThat(a.execute(ScsiCommand.of(0, new byte[] {REWIND, 0, 0, 0, 0, 0})).isGood()).isTrue();
        assertThat(a.execute(ScsiCommand.of(0, release6())).isGood()).isTrue();
        assertThat(b.execute(ScsiCommand.of(0, new byte[] {REWIND, 0, 0, 0, 0, 0})).isGood()).isTrue();
        assertThat(device.opcodesSeen(REWIND)).isEqualTo(2);
    }

    @Test
    void reportLunsIsTheCoresAndNeverForwarded() {
        a.clearUnitAttentions(0);
        ScsiResponse r = a.execute(ScsiCommand.of(0, Cdbs.reportLuns(64)).dataIn(64));
        assertThat(r.isGood()).isTrue();
        assertThat(device.seen).isEmpty();
    }

    @Test
    void abortTaskIsForwardedAndAnsweredOnlyAfterTheDeviceCompleted() throws Exception {
        a.clearUnitAttentions(0);
        long tag = a.peekNextTag();
        CompletableFuture<ScsiResponse> held = a.submit(ScsiCommand.of(0, new byte[] {HOLD, 0, 0, 0, 0, 0}));
        ScsiDeviceCommand c = device.held.poll(5, TimeUnit.SECONDS);
        assertThat(c).isNotNull();
        CompletableFuture<TmfResponse> abort = a.submitTaskManagement(TmfFunction.ABORT_TASK, 0, tag);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (device.aborts.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(device.aborts.get()).isEqualTo(1);
        assertThat(c.isAborted()).isTrue();
        assertThat(abort).as("waits for the device").isNotDone();
        c.completeGood(0);
        assertThat(abort.get(5, TimeUnit.SECONDS)).isEqualTo(TmfResponse.FUNCTION_COMPLETE);
        assertThat(held.get(5, TimeUnit.SECONDS).status()).as("aborted, its result discarded").isEqualTo(0x40);
        assertThat(target.outstandingBuffers()).isZero();
    }

    @Test
    void logicalUnitResetResetsTheDeviceAndClearsTheReservation() throws Exception {
        a.clearUnitAttentions(0);
        b.clearUnitAttentions(0);
        assertThat(a.execute(ScsiCommand.of(0, reserve6())).isGood()).isTrue();
        assertThat(b.taskManagement(TmfFunction.LOGICAL_UNIT_RESET, 0, 0)).isEqualTo(TmfResponse.FUNCTION_COMPLETE);
        assertThat(device.resets.get()).isEqualTo(1);
        b.clearUnitAttentions(0);
        assertThat(b.execute(ScsiCommand.of(0, new byte[] {REWIND, 0, 0, 0, 0, 0})).isGood()).isTrue();
    }

    @Test
    void requestSenseReportsThePendingUnitAttentionFromTheCore() {
        ScsiResponse r = a.execute(ScsiCommand.of(0, new byte[] {0x03, 0, 0, 0, 32, 0}).dataIn(32));
        assertThat(r.isGood()).isTrue();
        assertThat(r.data()[2] & 0x0F).isEqualTo(0x06);
        assertThat(r.data()[12]).isEqualTo((byte) 0x29);
        ScsiResponse none = a.execute(ScsiCommand.of(0, new byte[] {0x03, 0, 0, 0, 32, 0}).dataIn(32));
        assertThat(none.isGood()).isTrue();
        assertThat(none.data()[2] & 0x0F).as("then the device declines and the core says NO SENSE").isZero();
    }

    @Test
    void closingTheNexusAbortsWhatTheDeviceHolds() throws Exception {
        a.clearUnitAttentions(0);
        a.submit(ScsiCommand.of(0, new byte[] {HOLD, 0, 0, 0, 0, 0}));
        ScsiDeviceCommand c = device.held.poll(5, TimeUnit.SECONDS);
        assertThat(c).isNotNull();
        a.close();
        assertThat(device.aborts.get()).isEqualTo(1);
        c.completeGood(0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (target.outstandingBuffers() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(target.outstandingBuffers()).isZero();
    }

    @Test
    void aUnitAttentionFromTheDeviceReachesEveryOtherNexusOnce() {
        a.clearUnitAttentions(0);
        b.clearUnitAttentions(0);
        ScsiResponse own = a.execute(ScsiCommand.of(0, new byte[] {MEDIUM_CHANGED, 0, 0, 0, 0, 0}));
        assertThat(own.senseKey()).isEqualTo(0x06);
        assertThat(own.asc()).isEqualTo(0x28);
        ScsiResponse other = b.execute(ScsiCommand.of(0, new byte[] {REWIND, 0, 0, 0, 0, 0}));
        assertThat(other.senseKey()).as("the core tells the other initiator").isEqualTo(0x06);
        assertThat(other.asc()).isEqualTo(0x28);
        assertThat(b.execute(ScsiCommand.of(0, new byte[] {REWIND, 0, 0, 0, 0, 0})).isGood()).isTrue();
        assertThat(a.execute(ScsiCommand.of(0, new byte[] {REWIND, 0, 0, 0, 0, 0})).isGood())
                .as("the reporting nexus got it from the device, not twice").isTrue();
    }

    @Test
    void aDevicesResidualOverflowReachesTheInitiator() {
        a.clearUnitAttentions(0);
        ScsiResponse r = a.execute(ScsiCommand.of(0, new byte[] {OVERFLOW, 0, 0, 0, 0, 0}).dataIn(20));
        assertThat(r.isGood()).isTrue();
        assertThat(r.data()).hasSize(20);
        assertThat(r.overflow()).isTrue();
        assertThat(r.underflow()).isFalse();
        assertThat(r.residual()).isEqualTo(100);
    }

    @Test
    void aRawUnitCannotBeMappedReadOnly() {
        assertThatThrownBy(() -> target.addLogicalUnit(1, LogicalUnitSpec.rawDevice("other", new FakeDevice()), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read-only");
    }
}
