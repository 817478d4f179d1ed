package org.scsi4j.iscsi.initiator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.iscsi.Digest;
import org.scsi4j.iscsi.testing.ServerFixture;

/** READ and WRITE through every Data-Out path, sense data and residuals. */
class InitiatorDataPathTest {
    private static final String IQN = ServerFixture.IQN;

    @AfterEach
    void noThreadsLeft() throws Exception {
        Fixture.assertNoInitiatorThreads();
    }

    private static void roundTrip(IscsiSession s, long lba, int bytes, long seed) throws Exception {
        byte[] data = Fixture.random(bytes, seed);
        ScsiResult w = Fixture.write(s, lba, data);
        assertThat(w.isGood()).as("%s", w).isTrue();
        assertThat(w.bytesSent()).isEqualTo(bytes);
        assertThat(Fixture.read(s, lba, bytes)).isEqualTo(data);
    }

    @Test
    void smallAndLargeWithImmediateAndUnsolicitedData() throws Exception {
        try (ServerFixture f = ServerFixture.start();
             IscsiSession s = Fixture.initiator().build().login(f.address(), IQN)) {
            Fixture.ready(s);
            assertThat(s.parameters().immediateData()).isTrue();
            assertThat(s.parameters().initialR2T()).isFalse();
            roundTrip(s, 0, 512, 1);
            roundTrip(s, 8, 4096, 2);
            roundTrip(s, 100, 64 * 1024, 3);
            roundTrip(s, 1000, 4 << 20, 4); // beyond FirstBurstLength and MaxBurstLength: R2Ts
            assertThat(s.counters().immediateBytes()).isEqualTo(512 + 4096 + 64 * 1024 + 65536);
            assertThat(s.counters().r2ts()).as("(4 MiB - 64 KiB) in R2Ts of 256 KiB").isEqualTo(16);
        }
    }

    @Test
    void everyByteSolicitedByR2t() throws Exception {
        try (ServerFixture f = ServerFixture.start(b -> b.maxBurstLength(65536).firstBurstLength(8192));
             IscsiSession s = Fixture.initiator().immediateData(false).initialR2T(true).build()
                     .login(f.address(), IQN)) {
            Fixture.ready(s);
            roundTrip(s, 0, 512, 5);
            roundTrip(s, 64, 1 << 20, 6);
            assertThat(s.counters().unsolicitedBytes()).as("nothing unsolicited").isZero();
            assertThat(s.counters().r2ts()).isEqualTo(1 + 16);
        }
    }

    @Test
    void severalOutstandingR2ts() throws Exception {
        try (ServerFixture f = ServerFixture.start(b -> b.maxOutstandingR2T(4).maxBurstLength(16384).firstBurstLength(8192));
             IscsiSession s = Fixture.initiator().maxOutstandingR2T(8).initialR2T(true).build()
                     .login(f.address(), IQN)) {
            assertThat(s.parameters().maxOutstandingR2T()).isEqualTo(4);
            Fixture.ready(s);
            roundTrip(s, 0, 512 * 1024, 7);
            assertThat(s.counters().r2ts()).as("R2Ts of 16 KiB for 512 KiB").isEqualTo(32);
        }
    }

    @Test
    void smallSegmentsBothWays() throws Exception {
        try (ServerFixture f = ServerFixture.start(b -> b.maxRecvDataSegmentLength(512).firstBurstLength(4096)
                .maxBurstLength(8192));
             IscsiSession s = Fixture.initiator().maxRecvDataSegmentLength(512).build().login(f.address(), IQN)) {
            assertThat(s.parameters().targetMaxRecvDataSegmentLength()).isEqualTo(512);
            Fixture.ready(s);
            roundTrip(s, 0, 512, 8);
            roundTrip(s, 16, 300 * 1024, 9);
            assertThat(s.counters().dataInPdus()).as("Data-In of 512 bytes").isGreaterThanOrEqualTo(1 + 600);
            assertThat(s.counters().unsolicitedBytes()).as("unsolicited Data-Out up to FirstBurstLength")
                    .isEqualTo(4096 - 512);
        }
    }

    @Test
    void digestsOnTheDataPath() throws Exception {
        try (ServerFixture f = ServerFixture.start();
             IscsiSession s = Fixture.initiator().headerDigests(Digest.CRC32C).dataDigests(Digest.CRC32C).build()
                     .login(f.address(), IQN)) {
            assertThat(s.parameters().headerDigest()).isTrue();
            assertThat(s.parameters().dataDigest()).isTrue();
            Fixture.ready(s);
            roundTrip(s, 0, 1000 * 512, 10);
        }
    }

    @Test
    void checkConditionReturnsSense() throws Exception {
        try (ServerFixture f = ServerFixture.start();
             IscsiSession s = Fixture.initiator().build().login(f.address(), IQN)) {
            ScsiResult ua = s.execute(0, Cdbs.testUnitReady(), null, null, Fixture.T);
            assertThat(ua.status()).as("power-on unit attention").isEqualTo(ScsiResult.CHECK_CONDITION);
            assertThat(ua.senseKey()).isEqualTo(0x6);
            assertThat(ua.additionalSenseCode()).isEqualTo(0x29);
            long blocks = (64L << 20) / 512;
            ScsiResult r = s.execute(0, Cdbs.read16(blocks, 1), null, ByteBuffer.allocate(512), Fixture.T);
            assertThat(r.status()).isEqualTo(ScsiResult.CHECK_CONDITION);
            assertThat(r.senseKey()).as("ILLEGAL REQUEST").isEqualTo(0x5);
            assertThat(r.additionalSenseCode()).as("LBA OUT OF RANGE").isEqualTo(0x21);
            assertThat(r.senseLength()).isGreaterThanOrEqualTo(14);
            assertThat(r.bytesReceived()).isZero();
            byte[] bad = {(byte) 0xFF, 0, 0, 0, 0, 0};
            assertThat(s.execute(0, bad, null, null, Fixture.T).senseKey()).isEqualTo(0x5);
            assertThat(s.execute(0, Cdbs.testUnitReady(), null, null, Fixture.T).isGood()).isTrue();
        }
    }

    @Test
    void residualsAndBufferPositions() throws Exception {
        try (ServerFixture f = ServerFixture.start();
             IscsiSession s = Fixture.initiator().build().login(f.address(), IQN)) {
            Fixture.ready(s);
            ByteBuffer in = ByteBuffer.allocate(300);
            in.position(10);
            ScsiResult r = s.execute(0, Cdbs.inquiry(36), null, in, Fixture.T);
            assertThat(r.isGood()).isTrue();
            assertThat(r.bytesReceived()).isEqualTo(36);
            assertThat(r.residualUnderflow()).isTrue();
            assertThat(r.residualCount()).isEqualTo(290 - 36);
            assertThat(in.position()).isEqualTo(10);
            assertThat(in.get(10 + 4)).as("INQUIRY additional length lands at the position").isNotZero();

            ByteBuffer direct = ByteBuffer.allocateDirect(8192);
            byte[] data = Fixture.random(4096, 11);
            ByteBuffer out = ByteBuffer.allocateDirect(6000);
            out.position(1000);
            out.put(data);
            out.position(1000).limit(1000 + 4096);
            assertThat(s.execute(0, Cdbs.write10(5, 8, false), out, null, Fixture.T).isGood()).isTrue();
            assertThat(out.position()).isEqualTo(1000);
            direct.position(4096);
            assertThat(s.execute(0, Cdbs.read10(5, 8), null, direct, Fixture.T).isGood()).isTrue();
            byte[] back = new byte[4096];
            direct.get(4096, back);
            assertThat(back).isEqualTo(data);
        }
    }

    @Test
    void longCdbGoesInAnExtendedCdbAhs() throws Exception {
        try (ServerFixture f = ServerFixture.start();
             IscsiSession s = Fixture.initiator().build().login(f.address(), IQN)) {
            Fixture.ready(s);
            byte[] cdb = new byte[32];
            cdb[0] = 0x7F; // variable-length CDB; the target's answer is all that matters here
            cdb[7] = 24;
            ScsiResult r = s.execute(0, cdb, null, ByteBuffer.allocate(512), Fixture.T);
            assertThat(r.status()).isIn(ScsiResult.GOOD, ScsiResult.CHECK_CONDITION);
            assertThat(s.execute(0, Cdbs.testUnitReady(), null, null, Fixture.T).isGood()).isTrue();
        }
    }

    @Test
    void reusedResultAllocatesNothingPerCommand() throws Exception {
        try (ServerFixture f = ServerFixture.start();
             IscsiSession s = Fixture.initiator().build().login(f.address(), IQN)) {
            Fixture.ready(s);
            ScsiResult result = new ScsiResult();
            ByteBuffer in = ByteBuffer.allocateDirect(4096);
            byte[] cdb = Cdbs.read10(0, 8);
            for (int i = 0; i < 2000; i++) {
                assertThat(s.execute(0, cdb, null, in, Fixture.T, result)).isSameAs(result);
            }
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)
                    java.lang.management.ManagementFactory.getThreadMXBean();
            long loopThread = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("scsi4j-initiator-")).findFirst().orElseThrow().getId();
            long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
            long loopBefore = mx.getThreadAllocatedBytes(loopThread);
            for (int i = 0; i < 1000; i++) {
                s.execute(0, cdb, null, in, Fixture.T, result);
            }
            long perCommand = (mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / 1000;
            long loopPerCommand = (mx.getThreadAllocatedBytes(loopThread) - loopBefore) / 1000;
            assertThat(loopPerCommand).as("bytes allocated per command by the I/O thread").isLessThan(16);
            assertThat(perCommand).as("bytes allocated per command by the calling thread").isLessThan(16);
        }
    }
}
