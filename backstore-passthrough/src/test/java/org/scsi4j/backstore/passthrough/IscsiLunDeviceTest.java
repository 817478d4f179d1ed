package org.scsi4j.backstore.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scsi4j.backstore.passthrough.PassthroughRig.T;
import static org.scsi4j.backstore.passthrough.PassthroughRig.ready;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.iscsi.initiator.IscsiException;
import org.scsi4j.iscsi.initiator.IscsiSession;
import org.scsi4j.iscsi.initiator.ScsiResult;
import org.scsi4j.iscsi.initiator.ScsiTask;
import org.scsi4j.iscsi.initiator.TaskManagementResponse;

/**
 * A scsi4j target exporting a pass-through of another scsi4j target's disk ({@link PassthroughRig}):
 * what the device forwards, what the front core keeps, and what happens when the backend
 * connection breaks.
 */
class IscsiLunDeviceTest {
    private static final String A = "iqn.2026-11.org.scsi4j:client-a";
    private static final String B = "iqn.2026-11.org.scsi4j:client-b";
    private static final String DIRECT = "iqn.2026-11.org.scsi4j:direct";
    private static final byte[] RESERVE6 = {0x16, 0, 0, 0, 0, 0};
    private static final byte[] RELEASE6 = {0x17, 0, 0, 0, 0, 0};
    private static final int ABORT_TASK = 1;
    private static final int LOGICAL_UNIT_RESET = 5;

    @Test
    void commandsDataStatusAndResidualsGoThroughUntouched() throws Exception {
        try (PassthroughRig rig = new PassthroughRig()) {
            assertThat(rig.device.peripheralDeviceType()).as("the backend's disk").isZero();
            IscsiSession a = rig.front(A);
            IscsiSession direct = rig.backend(DIRECT);
            ScsiResult powerOn = a.execute(0, Cdbs.testUnitReady(), null, null, T);
            assertThat(powerOn.senseKey()).as("the front core's unit attention for A: %s", powerOn).isEqualTo(0x06);
            ScsiResult next = a.execute(0, Cdbs.testUnitReady(), null, null, T);
            assertThat(next.isGood()).as("the backend's power-on unit attention was cleared at open: %s", next)
                    .isTrue();
            ready(direct);

            // INQUIRY is the backend's, byte for byte, with the backend's residual
            ByteBuffer viaFront = ByteBuffer.allocate(255);
            ByteBuffer viaBackend = ByteBuffer.allocate(255);
            ScsiResult f = a.execute(0, Cdbs.inquiry(255), null, viaFront, T);
            ScsiResult b = direct.execute(0, Cdbs.inquiry(255), null, viaBackend, T);
            assertThat(f.isGood()).as("%s", f).isTrue();
            assertThat(f.bytesReceived()).isEqualTo(b.bytesReceived()).isLessThan(255);
            assertThat(f.residualUnderflow()).isTrue();
            assertThat(f.residualCount()).isEqualTo(b.residualCount()).isEqualTo(255 - b.bytesReceived());
            assertThat(viaFront.array()).isEqualTo(viaBackend.array());

            byte[] data = new byte[64 * 1024];
            new Random(7).nextBytes(data);
            ScsiResult w = a.execute(0, Cdbs.write10(100, data.length / 512, false), ByteBuffer.wrap(data), null, T);
            assertThat(w.isGood()).as("%s", w).isTrue();
            assertThat(rig.disk.peek(100, data.length / 512)).as("what reached the backend's disk").isEqualTo(data);
            ByteBuffer in = ByteBuffer.allocate(data.length);
            ScsiResult r = a.execute(0, Cdbs.read10(100, data.length / 512), null, in, T);
            assertThat(r.isGood()).as("%s", r).isTrue();
            assertThat(r.bytesReceived()).isEqualTo(data.length);
            assertThat(r.residualUnderflow()).isFalse();
            assertThat(in.array()).isEqualTo(data);

            // a READ CAPACITY(10) into a larger buffer: 8 bytes and the backend's underflow
            ByteBuffer capacity = ByteBuffer.allocate(32);
            ScsiResult c = a.execute(0, new byte[] {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0}, null, capacity, T);
            assertThat(c.isGood()).as("%s", c).isTrue();
            assertThat(c.bytesReceived()).isEqualTo(8);
            assertThat(c.residualCount()).isEqualTo(24);
            assertThat(capacity.getInt(0)).as("last LBA").isEqualTo(PassthroughRig.BLOCKS - 1);
            assertThat(rig.device.commandsInFlight()).isZero();
        }
    }

    @Test
    void theBackendsSenseComesBackUnchanged() throws Exception {
        try (PassthroughRig rig = new PassthroughRig()) {
            IscsiSession a = rig.front(A);
            IscsiSession direct = rig.backend(DIRECT);
            ready(a);
            ready(direct);
            byte[] outOfRange = Cdbs.read10(PassthroughRig.BLOCKS + 10, 1);
            ScsiResult f = a.execute(0, outOfRange, null, ByteBuffer.allocate(512), T);
            ScsiResult b = direct.execute(0, outOfRange, null, ByteBuffer.allocate(512), T);
            assertThat(f.status()).isEqualTo(ScsiResult.CHECK_CONDITION);
            assertThat(f.senseKey()).as("ILLEGAL REQUEST").isEqualTo(0x05);
            assertThat(f.additionalSenseCode()).as("LBA OUT OF RANGE").isEqualTo(0x21);
            assertThat(f.sense()).isEqualTo(b.sense());
            assertThat(f.bytesReceived()).isZero();
        }
    }

    @Test
    void residualOverflowAndAReadFlaggedAsAWriteComeBackAsTheBackendAnswersThem() throws Exception {
        try (PassthroughRig rig = new PassthroughRig()) {
            IscsiSession a = rig.front(A);
            IscsiSession direct = rig.backend(DIRECT);
            ready(a);
            ready(direct);
            // two blocks asked for, room for one: one block arrives, one block of overflow
            ScsiResult f = a.execute(0, Cdbs.read10(0, 2), null, ByteBuffer.allocate(512), T);
            ScsiResult b = direct.execute(0, Cdbs.read10(0, 2), null, ByteBuffer.allocate(512), T);
            assertThat(f.isGood()).isTrue();
            assertThat(f.bytesReceived()).isEqualTo(512);
            assertThat(f.residualOverflow()).as("overflow, as the backend says").isEqualTo(b.residualOverflow()).isTrue();
            assertThat(f.residualCount()).isEqualTo(b.residualCount()).isEqualTo(512);
            // libiscsi's Read10Invalid: a READ(10) with the iSCSI write flag and a block of data-out
            ScsiResult w = a.execute(0, Cdbs.read10(0, 1), ByteBuffer.allocate(512), null, T);
            assertThat(w.isGood()).isTrue();
            assertThat(w.bytesReceived()).as("no Data-In without the R bit").isZero();
            assertThat(a.execute(0, Cdbs.testUnitReady(), null, null, T).isGood())
                    .as("the backend connection survived it").isTrue();
        }
    }

    @Test
    void theFrontTargetKeepsReservationsAndTheBackendNeverSeesThem() throws Exception {
        try (PassthroughRig rig = new PassthroughRig()) {
            IscsiSession a = rig.front(A);
            IscsiSession b = rig.front(B);
            IscsiSession direct = rig.backend(DIRECT);
            ready(a);
            ready(b);
            ready(direct);

            assertThat(a.execute(0, RESERVE6, null, null, T).isGood()).isTrue();
            assertThat(b.execute(0, Cdbs.testUnitReady(), null, null, T).status())
                    .isEqualTo(ScsiResult.RESERVATION_CONFLICT);
            assertThat(b.execute(0, Cdbs.read10(0, 1), null, ByteBuffer.allocate(512), T).status())
                    .isEqualTo(ScsiResult.RESERVATION_CONFLICT);
            assertThat(b.execute(0, Cdbs.write10(0, 1, false), ByteBuffer.allocate(512), null, T).status())
                    .isEqualTo(ScsiResult.RESERVATION_CONFLICT);
            assertThat(b.execute(0, Cdbs.inquiry(36), null, ByteBuffer.allocate(36), T).isGood())
                    .as("INQUIRY is allowed under a reservation").isTrue();
            assertThat(a.execute(0, Cdbs.read10(0, 1), null, ByteBuffer.allocate(512), T).isGood()).isTrue();

            assertThat(rig.relay.commands(0x16)).as("RESERVE(6) forwarded").isZero();
            assertThat(rig.relay.commands(0x28)).as("only A's READ(10) reached the backend").isEqualTo(1);
            assertThat(direct.execute(0, Cdbs.testUnitReady(), null, null, T).isGood())
                    .as("the backend itself is not reserved").isTrue();

            assertThat(a.execute(0, RELEASE6, null, null, T).isGood()).isTrue();
            assertThat(b.execute(0, Cdbs.read10(0, 1), null, ByteBuffer.allocate(512), T).isGood()).isTrue();
            assertThat(rig.relay.commands(0x17)).as("RELEASE(6) forwarded").isZero();
        }
    }

    @Test
    void abortTaskIsForwardedToTheBackend() throws Exception {
        ExecutorService helper = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-abort"));
        try (PassthroughRig rig = new PassthroughRig()) {
            IscsiSession a = rig.front(A);
            ready(a);
            rig.disk.hold();
            ScsiTask read = a.submit(0, Cdbs.read10(0, 8), null, ByteBuffer.allocate(4096), T);
            PassthroughRig.await("the READ to reach the backend's disk", () -> rig.disk.heldCount() == 1);

            Future<TaskManagementResponse> abort = helper.submit(() -> read.abort(T));
            PassthroughRig.await("ABORT TASK at the backend", () -> rig.relay.taskManagementRequests(ABORT_TASK) == 1);
            rig.disk.release(); // the backend finishes its abort once the disk lets the read go
            assertThat(abort.get(20, TimeUnit.SECONDS)).isEqualTo(TaskManagementResponse.FUNCTION_COMPLETE);
            assertThatThrownBy(() -> read.await(T)).isInstanceOfSatisfying(IscsiException.class,
                    e -> assertThat(e.reason()).isEqualTo(IscsiException.Reason.ABORTED));
            PassthroughRig.await("the device to forget the command", () -> rig.device.commandsInFlight() == 0);
            assertThat(a.execute(0, Cdbs.testUnitReady(), null, null, T).isGood()).isTrue();
        } finally {
            helper.shutdownNow();
            assertThat(helper.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void logicalUnitResetIsForwardedAndTheBackendsUnitAttentionStaysBehind() throws Exception {
        try (PassthroughRig rig = new PassthroughRig()) {
            IscsiSession a = rig.front(A);
            IscsiSession b = rig.front(B);
            ready(a);
            ready(b);
            assertThat(a.logicalUnitReset(0, T)).isEqualTo(TaskManagementResponse.FUNCTION_COMPLETE);
            PassthroughRig.await("the reset to be forwarded", () -> rig.device.resetsForwarded() == 1);
            assertThat(rig.relay.taskManagementRequests(LOGICAL_UNIT_RESET)).isEqualTo(1);

            // B sees the front core's reset unit attention once, then nothing from the backend
            ScsiResult first = b.execute(0, Cdbs.testUnitReady(), null, null, T);
            assertThat(first.status()).isEqualTo(ScsiResult.CHECK_CONDITION);
            assertThat(first.senseKey()).as("UNIT ATTENTION: %s", first).isEqualTo(0x06);
            assertThat(first.additionalSenseCode()).isEqualTo(0x29);
            ScsiResult second = b.execute(0, Cdbs.testUnitReady(), null, null, T);
            assertThat(second.isGood()).as("%s", second).isTrue();
        }
    }

    @Test
    void aLostBackendConnectionEndsCommandsInFlightAndTheDeviceLogsInAgain() throws Exception {
        try (PassthroughRig rig = new PassthroughRig()) {
            IscsiSession a = rig.front(A);
            ready(a);
            rig.disk.hold();
            byte[] block = new byte[512];
            ScsiTask write = a.submit(0, Cdbs.write10(5, 1, false), ByteBuffer.wrap(block), null, T);
            PassthroughRig.await("the WRITE to reach the backend's disk", () -> rig.disk.heldCount() == 1);

            rig.relay.refuse(true);
            rig.relay.cut();
            ScsiResult lost = write.await(T);
            assertThat(lost.status()).isEqualTo(ScsiResult.CHECK_CONDITION);
            assertThat(lost.senseKey()).as("ABORTED COMMAND: %s", lost).isEqualTo(0x0B);
            assertThat(lost.additionalSenseCode()).as("LOGICAL UNIT COMMUNICATION FAILURE").isEqualTo(0x08);
            assertThat(lost.additionalSenseCodeQualifier()).isEqualTo(0x00);

            // the backend is unreachable: what never reaches it is BUSY, at once
            ScsiResult busy = a.execute(0, Cdbs.testUnitReady(), null, null, T);
            assertThat(busy.status()).as("%s", busy).isEqualTo(ScsiResult.BUSY);
            assertThat(rig.device.isConnected()).isFalse();

            rig.disk.release();
            rig.relay.refuse(false);
            PassthroughRig.await("the device to log in again", rig.device::isConnected);
            assertThat(rig.device.reconnectCount()).isEqualTo(1);
            // the new backend nexus's power-on unit attention was cleared before any command went on
            ScsiResult tur = a.execute(0, Cdbs.testUnitReady(), null, null, T);
            assertThat(tur.isGood()).as("%s", tur).isTrue();
            byte[] data = new byte[512];
            new Random(3).nextBytes(data);
            assertThat(a.execute(0, Cdbs.write10(6, 1, false), ByteBuffer.wrap(data), null, T).isGood()).isTrue();
            assertThat(rig.disk.peek(6, 1)).isEqualTo(data);
        }
    }

    @Test
    void aBackendGoneSilentIsNoticedByKeepAliveAndCommandsDoNotHang() throws Exception {
        try (PassthroughRig rig = new PassthroughRig(d -> d.keepAlive(Duration.ofMillis(200), Duration.ofMillis(300)))) {
            IscsiSession a = rig.front(A);
            ready(a);
            rig.relay.freeze(true);
            ScsiResult lost = a.execute(0, Cdbs.testUnitReady(), null, null, T);
            assertThat(lost.status()).isEqualTo(ScsiResult.CHECK_CONDITION);
            assertThat(lost.senseKey()).as("ABORTED COMMAND: %s", lost).isEqualTo(0x0B);
            assertThat(lost.additionalSenseCode()).as("LOGICAL UNIT COMMUNICATION FAILURE").isEqualTo(0x08);

            rig.relay.freeze(false);
            PassthroughRig.await("the device to log in again", () -> rig.device.reconnectCount() == 1
                    && rig.device.isConnected());
            assertThat(a.execute(0, Cdbs.testUnitReady(), null, null, T).isGood()).isTrue();
        }
    }

    @Test
    void moreCommandsThanTheQueueDepthAreTaskSetFull() throws Exception {
        try (PassthroughRig rig = new PassthroughRig(d -> d.queueDepth(1))) {
            IscsiSession a = rig.front(A);
            ready(a);
            rig.disk.hold();
            ScsiTask first = a.submit(0, Cdbs.read10(0, 1), null, ByteBuffer.allocate(512), T);
            PassthroughRig.await("the first READ to reach the backend's disk", () -> rig.disk.heldCount() == 1);
            ScsiResult second = a.execute(0, Cdbs.read10(1, 1), null, ByteBuffer.allocate(512), T);
            assertThat(second.status()).isEqualTo(ScsiResult.TASK_SET_FULL);
            rig.disk.release();
            assertThat(first.await(T).isGood()).isTrue();
        }
    }

    @Test
    void severalInitiatorsAtOnceEachGetTheirOwnData() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(3, r -> new Thread(r, "test-client"));
        try (PassthroughRig rig = new PassthroughRig()) {
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                IscsiSession s = rig.front("iqn.2026-11.org.scsi4j:client-" + c);
                int base = c * 512;
                long seed = c;
                runs.add(clients.submit(() -> {
                    ready(s);
                    Random random = new Random(seed);
                    for (int i = 0; i < 100; i++) {
                        int blocks = 1 + random.nextInt(16);
                        long lba = base + random.nextInt(512 - blocks);
                        byte[] data = new byte[blocks * 512];
                        random.nextBytes(data);
                        ScsiTask write = s.submit(0, Cdbs.write10(lba, blocks, false), ByteBuffer.wrap(data), null, T);
                        assertThat(write.await(T).isGood()).isTrue();
                        ByteBuffer in = ByteBuffer.allocate(data.length);
                        assertThat(s.execute(0, Cdbs.read10(lba, blocks), null, in, T).isGood()).isTrue();
                        assertThat(in.array()).isEqualTo(data);
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
            assertThat(rig.device.commandsInFlight()).isZero();
        } finally {
            clients.shutdownNow();
            assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void openingFailsClearly() throws Exception {
        try (PassthroughRig rig = new PassthroughRig()) {
            assertThatThrownBy(() -> IscsiLunDevice.builder(rig.backendServer.boundAddress(),
                    PassthroughRig.BACKEND_IQN, 5).initiatorName(DIRECT).open())
                    .isInstanceOf(IOException.class).hasMessageContaining("no logical unit 5");
            assertThatThrownBy(() -> IscsiLunDevice.builder(rig.backendServer.boundAddress(),
                    "iqn.2026-11.org.scsi4j:nobody", 0).initiatorName(DIRECT).open())
                    .isInstanceOf(IOException.class).hasMessageContaining("cannot log in to iscsi://");
            assertThatThrownBy(() -> IscsiLunDevice.builder(rig.backendServer.boundAddress(),
                    PassthroughRig.BACKEND_IQN, 0).open())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initiatorName");
        }
    }
}
