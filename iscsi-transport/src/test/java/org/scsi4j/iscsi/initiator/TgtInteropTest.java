package org.scsi4j.iscsi.initiator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.iscsi.ChapCredentials;
import org.scsi4j.iscsi.Digest;
import org.scsi4j.iscsi.testing.TgtDaemon;

/**
 * The initiator against another implementation: tgt's tgtd (Debian package tgt), a disk at LUN 1
 * and a tape drive (SSC) at LUN 2, plus a second tgtd that requires mutual CHAP. Only
 * 127.0.0.1; both daemons are stopped afterwards.
 */
@Tag("interop")
class TgtInteropTest {
    private static final String IQN = "iqn.2026-11.org.scsi4j:tgt-peer";
    private static final String CHAP_IQN = "iqn.2026-11.org.scsi4j:tgt-peer-chap";
    private static final int DISK = 1;
    private static final int TAPE = 2;
    private static final long DISK_BYTES = 64L << 20;
    private static final ChapCredentials USER = ChapCredentials.of("scsi4j-user", "user-secret-0123");
    private static final ChapCredentials TARGET = ChapCredentials.of("scsi4j-target", "target-secret-01");

    private static TgtDaemon tgt;
    private static TgtDaemon chapTgt;

    @BeforeAll
    static void start() throws Exception {
        tgt = TgtDaemon.start(IQN, TgtDaemon.Disk.RAM, (int) (DISK_BYTES >> 20));
        tgt.addTape(TAPE);
        for (String key : new String[] {"HeaderDigest", "DataDigest"}) { // tgt allows None only by default
            tgt.tgtadm("--mode", "target", "--op", "update", "--tid", "1", "--name", key, "--value", "CRC32C,None");
        }
        chapTgt = TgtDaemon.start(CHAP_IQN, TgtDaemon.Disk.RAM, 16);
        chapTgt.tgtadm("--mode", "account", "--op", "new", "--user", USER.name(), "--password",
                new String(USER.secret(), java.nio.charset.StandardCharsets.UTF_8));
        chapTgt.tgtadm("--mode", "account", "--op", "bind", "--tid", "1", "--user", USER.name());
        chapTgt.tgtadm("--mode", "account", "--op", "new", "--user", TARGET.name(), "--password",
                new String(TARGET.secret(), java.nio.charset.StandardCharsets.UTF_8));
        chapTgt.tgtadm("--mode", "account", "--op", "bind", "--tid", "1", "--user", TARGET.name(), "--outgoing");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (tgt != null) {
                tgt.close();
            }
        } finally {
            if (chapTgt != null) {
                chapTgt.close();
            }
        }
        Fixture.assertNoInitiatorThreads();
    }

    private static ScsiResult until(IscsiSession s, int lun, byte[] cdb) throws Exception {
        ScsiResult r = null;
        for (int i = 0; i < 5; i++) {
            r = s.execute(lun, cdb, null, null, Fixture.T);
            if (r.isGood()) {
                return r;
            }
        }
        return r;
    }

    @Test
    void discovery() throws Exception {
        List<DiscoveredTarget> targets = Fixture.initiator().build().discover(tgt.address());
        assertThat(targets).extracting(DiscoveredTarget::name).containsExactly(IQN);
        assertThat(targets.get(0).portals()).extracting(TargetPortal::port).contains(tgt.port());
    }

    @Test
    void inquiryReadCapacityAndRoundTrips() throws Exception {
        try (IscsiSession s = Fixture.initiator().build().login(tgt.address(), IQN)) {
            assertThat(until(s, DISK, Cdbs.testUnitReady()).isGood()).isTrue();
            ByteBuffer inquiry = ByteBuffer.allocate(96);
            assertThat(s.execute(DISK, Cdbs.inquiry(96), null, inquiry, Fixture.T).isGood()).isTrue();
            assertThat(inquiry.get(0) & 0x1F).as("disk").isZero();
            assertThat(new String(inquiry.array(), 8, 8, java.nio.charset.StandardCharsets.US_ASCII).trim())
                    .isNotEmpty();

            ByteBuffer capacity = ByteBuffer.allocate(32);
            ScsiResult rc = s.execute(DISK, Cdbs.readCapacity16(32), null, capacity, Fixture.T);
            assertThat(rc.isGood()).as("%s", rc).isTrue();
            assertThat((capacity.getLong(0) + 1) * capacity.getInt(8)).isEqualTo(DISK_BYTES);
            assertThat(capacity.getInt(8)).isEqualTo(512);
            byte[] rc10 = new byte[10];
            rc10[0] = 0x25;
            ByteBuffer cap10 = ByteBuffer.allocate(8);
            assertThat(s.execute(DISK, rc10, null, cap10, Fixture.T).isGood()).isTrue();
            assertThat(cap10.getInt(0) + 1L).isEqualTo(DISK_BYTES / 512);

            for (int bytes : new int[] {512, 8192, 65536, 300 * 1024, 2 << 20}) {
                byte[] data = Fixture.random(bytes, bytes);
                long lba = bytes / 512 * 3L;
                ScsiResult w = s.execute(DISK, Cdbs.write10(lba, bytes / 512, false), ByteBuffer.wrap(data), null,
                        Fixture.T);
                assertThat(w.isGood()).as("write %d: %s", bytes, w).isTrue();
                ByteBuffer in = ByteBuffer.allocate(bytes);
                assertThat(s.execute(DISK, Cdbs.read10(lba, bytes / 512), null, in, Fixture.T).isGood()).isTrue();
                assertThat(in.array()).as("read back %d bytes", bytes).isEqualTo(data);
            }
            assertThat(s.counters().r2ts()).as("tgt solicits what is beyond FirstBurstLength").isPositive();

            ScsiResult beyond = s.execute(DISK, Cdbs.read16(DISK_BYTES / 512, 1), null, ByteBuffer.allocate(512),
                    Fixture.T);
            assertThat(beyond.status()).isEqualTo(ScsiResult.CHECK_CONDITION);
            assertThat(beyond.senseKey()).isEqualTo(0x5);
            assertThat(s.logicalUnitReset(DISK, Fixture.T)).isEqualTo(TaskManagementResponse.FUNCTION_COMPLETE);
        }
    }

    @Test
    void digestsSolicitedDataAndManyThreads() throws Exception {
        try (IscsiSession s = Fixture.initiator().headerDigests(Digest.CRC32C).dataDigests(Digest.CRC32C)
                .immediateData(false).initialR2T(true).queueDepth(32).build().login(tgt.address(), IQN)) {
            assertThat(s.parameters().headerDigest()).isTrue();
            assertThat(s.parameters().dataDigest()).isTrue();
            until(s, DISK, Cdbs.testUnitReady());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int k = 0; k < 8; k++) {
                    int id = k;
                    futures.add(pool.submit(() -> {
                        for (int r = 0; r < 30; r++) {
                            int blocks = 8 << (r % 6);
                            long lba = 20000L + id * 4096L;
                            byte[] data = Fixture.random(blocks * 512, id * 100L + r);
                            assertThat(s.execute(DISK, Cdbs.write10(lba, blocks, false), ByteBuffer.wrap(data), null,
                                    Fixture.T).isGood()).isTrue();
                            ByteBuffer in = ByteBuffer.allocate(data.length);
                            assertThat(s.execute(DISK, Cdbs.read10(lba, blocks), null, in, Fixture.T).isGood()).isTrue();
                            assertThat(in.array()).isEqualTo(data);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(s.counters().immediateBytes()).isZero();
        }
    }

    /**
     * SSC through the initiator. tgt 1.0.85's READ POSITION is a stub (GOOD, byte 0 = 20, no BOP
     * bit or block number: bs_ssc.c), so positions are checked by reading back instead.
     */
    @Test
    void tapeRewindWriteFilemarksReadPosition() throws Exception {
        try (IscsiSession s = Fixture.initiator().build().login(tgt.address(), IQN)) {
            ByteBuffer inquiry = ByteBuffer.allocate(36);
            assertThat(s.execute(TAPE, Cdbs.inquiry(36), null, inquiry, Fixture.T).isGood()).isTrue();
            assertThat(inquiry.get(0) & 0x1F).as("sequential-access device").isEqualTo(0x01);
            assertThat(until(s, TAPE, Cdbs.testUnitReady()).isGood()).isTrue();

            byte[] rewind = {0x01, 0, 0, 0, 0, 0};
            assertThat(s.execute(TAPE, rewind, null, null, Fixture.T).isGood()).isTrue();
            byte[] readPosition = new byte[10];
            readPosition[0] = 0x34; // short form
            ByteBuffer position = ByteBuffer.allocate(20);
            ScsiResult rp = s.execute(TAPE, readPosition, null, position, Fixture.T);
            assertThat(rp.isGood()).as("READ POSITION: %s", rp).isTrue();
            assertThat(rp.bytesReceived()).isEqualTo(20);

            byte[] first = Fixture.random(4096, 42);
            byte[] second = Fixture.random(1000, 43);
            assertThat(s.execute(TAPE, write6(first.length), ByteBuffer.wrap(first), null, Fixture.T).isGood()).isTrue();
            byte[] writeFilemarks = {0x10, 0, 0, 0, 1, 0};
            assertThat(s.execute(TAPE, writeFilemarks, null, null, Fixture.T).isGood()).isTrue();
            assertThat(s.execute(TAPE, write6(second.length), ByteBuffer.wrap(second), null, Fixture.T).isGood())
                    .isTrue();
            assertThat(s.execute(TAPE, writeFilemarks, null, null, Fixture.T).isGood()).isTrue();

            assertThat(s.execute(TAPE, rewind, null, null, Fixture.T).isGood()).isTrue();
            ByteBuffer in = ByteBuffer.allocate(4096);
            assertThat(s.execute(TAPE, read6(4096), null, in, Fixture.T).isGood()).isTrue();
            assertThat(in.array()).isEqualTo(first);
            ScsiResult atMark = s.execute(TAPE, read6(4096), null, ByteBuffer.allocate(4096), Fixture.T);
            assertThat(atMark.status()).as("a filemark, not data").isEqualTo(ScsiResult.CHECK_CONDITION);
            assertThat(atMark.senseKey()).as("%s", atMark).isEqualTo(0x0);
            assertThat(atMark.additionalSenseCode()).isEqualTo(0x00);
            assertThat(atMark.additionalSenseCodeQualifier()).as("FILEMARK DETECTED").isEqualTo(0x01);
            // the READ that met the filemark left the position after it (SSC-4 §4.2.7)
            ByteBuffer in2 = ByteBuffer.allocate(1000);
            assertThat(s.execute(TAPE, read6(1000), null, in2, Fixture.T).isGood()).isTrue();
            assertThat(in2.array()).isEqualTo(second);

            assertThat(s.execute(TAPE, rewind, null, null, Fixture.T).isGood()).isTrue();
            byte[] spaceTwoFilemarks = {0x11, 0x01, 0, 0, 2, 0};
            assertThat(s.execute(TAPE, spaceTwoFilemarks, null, null, Fixture.T).isGood()).isTrue();
            ScsiResult blank = s.execute(TAPE, read6(512), null, ByteBuffer.allocate(512), Fixture.T);
            assertThat(blank.senseKey()).as("BLANK CHECK at end of data: %s", blank).isEqualTo(0x8);
        }
    }

    /** WRITE(6) of one variable-length block. */
    private static byte[] write6(int bytes) {
        return new byte[] {0x0A, 0, (byte) (bytes >> 16), (byte) (bytes >> 8), (byte) bytes, 0};
    }

    /** READ(6) of one variable-length block. */
    private static byte[] read6(int bytes) {
        return new byte[] {0x08, 0, (byte) (bytes >> 16), (byte) (bytes >> 8), (byte) bytes, 0};
    }

    @Test
    void mutualChapWithTgt() throws Exception {
        try (IscsiSession s = Fixture.initiator().chap(USER).mutualChap(TARGET).build()
                .login(chapTgt.address(), CHAP_IQN)) {
            assertThat(until(s, DISK, Cdbs.testUnitReady()).isGood()).isTrue();
            byte[] data = Fixture.random(64 * 1024, 7);
            assertThat(s.execute(DISK, Cdbs.write10(0, 128, false), ByteBuffer.wrap(data), null, Fixture.T).isGood())
                    .isTrue();
            ByteBuffer in = ByteBuffer.allocate(data.length);
            assertThat(s.execute(DISK, Cdbs.read10(0, 128), null, in, Fixture.T).isGood()).isTrue();
            assertThat(in.array()).isEqualTo(data);
        }
        assertThatThrownBy(() -> Fixture.initiator().chap(ChapCredentials.of(USER.name(), "wrong-secret-0123"))
                .build().login(chapTgt.address(), CHAP_IQN))
                .isInstanceOfSatisfying(LoginException.class, e -> assertThat(e.statusClass()).isEqualTo(2));
        assertThatThrownBy(() -> Fixture.initiator().build().login(chapTgt.address(), CHAP_IQN))
                .isInstanceOf(LoginException.class);
        try (IscsiSession oneWay = Fixture.initiator().chap(USER).build().login(chapTgt.address(), CHAP_IQN)) {
            assertThat(oneWay.ping(Duration.ofSeconds(5))).isPositive();
        }
    }
}
