package org.scsi4j.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.iscsi.internal.pdu.Opcode;
import org.scsi4j.iscsi.testing.LoginOptions;
import org.scsi4j.iscsi.testing.Pdu;
import org.scsi4j.iscsi.testing.Pdus;
import org.scsi4j.iscsi.testing.ScsiResult;
import org.scsi4j.iscsi.testing.ServerFixture;
import org.scsi4j.iscsi.testing.TestInitiator;

/** READ/WRITE through a RAM disk: immediate, unsolicited and solicited data, Data-In, residuals. */
class DataPathTest {
    private static final String IQN = ServerFixture.IQN;

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Logs in and clears the power-on unit attention. */
    static TestInitiator ready(ServerFixture f, LoginOptions o) throws Exception {
        TestInitiator i = f.login(o);
        i.command(0, Cdbs.testUnitReady(), null, 0);
        return i;
    }

    @Test
    void writeThenReadWithImmediateData() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = ready(f, null);
            byte[] data = random(4096, 1);
            ScsiResult w = i.command(0, Cdbs.write10(8, 8, false), data, data.length);
            assertThat(w.status()).isZero();
            assertThat(w.count(Opcode.R2T)).isZero();
            ScsiResult r = i.command(0, Cdbs.read10(8, 8), null, data.length);
            assertThat(r.status()).isZero();
            assertThat(r.data()).isEqualTo(data);
            assertThat(r.count(Opcode.DATA_IN)).isEqualTo(1);
            assertThat(r.count(Opcode.SCSI_RESPONSE)).as("phase collapse").isZero();
        }
    }

    @Test
    void unsolicitedDataOutThenR2t() throws Exception {
        try (ServerFixture f = ServerFixture.start(s -> s.maxRecvDataSegmentLength(8192))) {
            TestInitiator i = ready(f, LoginOptions.normal(IQN).key("ImmediateData", "No").key("InitialR2T", "No"));
            byte[] data = random(128 * 1024, 2);
            ScsiResult w = i.command(0, Cdbs.write10(100, 256, false), data, data.length);
            assertThat(w.status()).isZero();
            List<Pdu> r2ts = w.pdus().stream().filter(p -> p.opcode() == Opcode.R2T).toList();
            assertThat(r2ts).hasSize(1);
            assertThat(r2ts.get(0).intAt(40)).as("R2T buffer offset after FirstBurstLength").isEqualTo(65536);
            assertThat(r2ts.get(0).intAt(44)).isEqualTo(65536);
            assertThat(i.command(0, Cdbs.read10(100, 256), null, data.length).data()).isEqualTo(data);
        }
    }

    @Test
    void immediatePlusUnsolicitedData() throws Exception {
        try (ServerFixture f = ServerFixture.start(s -> s.maxRecvDataSegmentLength(16384))) {
            TestInitiator i = ready(f, LoginOptions.normal(IQN));
            byte[] data = random(48 * 1024, 3);
            ScsiResult w = i.command(0, Cdbs.write10(0, 96, false), data, data.length);
            assertThat(w.status()).isZero();
            assertThat(w.count(Opcode.R2T)).isZero();
            assertThat(i.command(0, Cdbs.read10(0, 96), null, data.length).data()).isEqualTo(data);
        }
    }

    @Test
    void largeWriteIsSolicitedWithR2tsOfMaxBurstLength() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = ready(f, LoginOptions.normal(IQN).key("ImmediateData", "No").key("InitialR2T", "Yes"));
            byte[] data = random(1 << 20, 4);
            ScsiResult w = i.command(0, Cdbs.write10(2048, 2048, false), data, data.length);
            assertThat(w.status()).isZero();
            List<Pdu> r2ts = w.pdus().stream().filter(p -> p.opcode() == Opcode.R2T).toList();
            assertThat(r2ts).hasSize(4);
            for (int k = 0; k < 4; k++) {
                assertThat(r2ts.get(k).intAt(36)).as("R2TSN").isEqualTo(k);
                assertThat(r2ts.get(k).intAt(40)).as("buffer offset").isEqualTo(k * 262144);
                assertThat(r2ts.get(k).intAt(44)).as("desired length").isEqualTo(262144);
            }
            assertThat(i.command(0, Cdbs.read10(2048, 2048), null, data.length).data()).isEqualTo(data);
        }
    }

    @Test
    void severalOutstandingR2ts() throws Exception {
        try (ServerFixture f = ServerFixture.start(s -> s.maxOutstandingR2T(4).maxBurstLength(65536).firstBurstLength(65536))) {
            TestInitiator i = ready(f, LoginOptions.normal(IQN).key("MaxOutstandingR2T", "4")
                    .key("ImmediateData", "No").key("InitialR2T", "Yes"));
            byte[] data = random(512 * 1024, 5);
            ScsiResult w = i.command(0, Cdbs.write10(0, 1024, false), data, data.length);
            assertThat(w.status()).isZero();
            assertThat(w.count(Opcode.R2T)).isEqualTo(8);
            assertThat(i.command(0, Cdbs.read10(0, 1024), null, data.length).data()).isEqualTo(data);
        }
    }

    @Test
    void dataInIsSplitAtTheInitiatorsSegmentLengthWithSequencesOfMaxBurstLength() throws Exception {
        try (ServerFixture f = ServerFixture.start(s -> s.maxBurstLength(16384).firstBurstLength(8192))) {
            TestInitiator i = ready(f, LoginOptions.normal(IQN).key("MaxRecvDataSegmentLength", "4096")
                    .key("MaxBurstLength", "16384"));
            byte[] data = random(65536, 6);
            assertThat(i.command(0, Cdbs.write10(0, 128, false), data, data.length).status()).isZero();
            ScsiResult r = i.command(0, Cdbs.read10(0, 128), null, data.length);
            assertThat(r.data()).isEqualTo(data);
            List<Pdu> dataIn = r.pdus().stream().filter(p -> p.opcode() == Opcode.DATA_IN).toList();
            assertThat(dataIn).hasSize(16);
            for (int k = 0; k < 16; k++) {
                Pdu p = dataIn.get(k);
                assertThat(p.dataSegmentLength()).isEqualTo(4096);
                assertThat(p.intAt(36)).as("DataSN").isEqualTo(k);
                assertThat(p.intAt(40)).as("Buffer Offset").isEqualTo(k * 4096);
                assertThat(p.isFinal()).as("F at the end of each 16 KiB burst").isEqualTo(k % 4 == 3);
                assertThat(p.flags() & 0x01).as("S only on the last").isEqualTo(k == 15 ? 1 : 0);
            }
        }
    }

    @Test
    void readResidualUnderflowAndOverflow() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = ready(f, null);
            ScsiResult under = i.command(0, Cdbs.read10(0, 1), null, 1024);
            assertThat(under.status()).isZero();
            assertThat(under.underflow()).isTrue();
            assertThat(under.residual()).isEqualTo(512);
            assertThat(under.dataInBytes()).isEqualTo(512);
            ScsiResult over = i.command(0, Cdbs.read10(0, 2), null, 512);
            assertThat(over.overflow()).isTrue();
            assertThat(over.residual()).isEqualTo(512);
            assertThat(over.dataInBytes()).isEqualTo(512);
        }
    }

    @Test
    void writeResidualUnderflow() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = ready(f, null);
            byte[] data = random(1024, 7);
            ScsiResult w = i.command(0, Cdbs.write10(0, 1, false), data, 1024);
            assertThat(w.status()).isZero();
            assertThat(w.underflow()).isTrue();
            assertThat(w.residual()).isEqualTo(512);
            assertThat(i.command(0, Cdbs.read10(0, 1), null, 512).data()).isEqualTo(java.util.Arrays.copyOf(data, 512));
        }
    }

    @Test
    void checkConditionCarriesSenseInAScsiResponse() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = f.login();
            ScsiResult ua = i.command(0, Cdbs.testUnitReady(), null, 0);
            assertThat(ua.status()).isEqualTo(2);
            assertThat(ua.senseKey()).isEqualTo(6);
            ScsiResult r = i.command(0, Cdbs.read10((64L << 20) / 512, 1), null, 512);
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.senseKey()).isEqualTo(5);
            assertThat(r.count(Opcode.DATA_IN)).isZero();
            assertThat(r.underflow()).isTrue();
            assertThat(r.residual()).isEqualTo(512);
        }
    }

    @Test
    void headerAndDataDigests() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = ready(f, LoginOptions.normal(IQN).key("HeaderDigest", "CRC32C").key("DataDigest", "CRC32C"));
            byte[] data = random(300 * 1024 + 3 * 512, 8);
            int blocks = data.length / 512;
            assertThat(i.command(0, Cdbs.write10(40, blocks, false), data, data.length).status()).isZero();
            assertThat(i.command(0, Cdbs.read10(40, blocks), null, data.length).data()).isEqualTo(data);
            Pdu nop = nop(i, new byte[] {1, 2, 3});
            assertThat(nop.data()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void unalignedDataInIsPaddedAndDigested() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = ready(f, LoginOptions.normal(IQN).key("HeaderDigest", "CRC32C").key("DataDigest", "CRC32C"));
            ScsiResult r = i.command(0, Cdbs.inquiry(37), null, 37);
            assertThat(r.status()).isZero();
            assertThat(r.dataInBytes()).isEqualTo(37);
            assertThat(r.data()[0] & 0x1F).as("direct access block device").isZero();
            ScsiResult s = i.command(0, Cdbs.inquiry(255), null, 255);
            assertThat(java.util.Arrays.copyOf(s.data(), 37)).isEqualTo(r.data());
        }
    }

    static Pdu nop(TestInitiator i, byte[] data) throws Exception {
        int itt = i.nextItt();
        i.send(Pdus.nopOut(itt, -1, i.cmdSn(), i.expStatSn(), true, data));
        Pdu p = i.receive();
        assertThat(p.opcode()).isEqualTo(Opcode.NOP_IN);
        assertThat(p.itt()).isEqualTo(itt);
        return p;
    }

    @Test
    void longCdbTravelsInTheExtendedCdbAhs() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = ready(f, null);
            byte[] cdb = new byte[32];
            cdb[0] = 0x7F; // variable-length CDB; the core decides what it means
            cdb[7] = 24;
            ScsiResult r = i.command(0, cdb, null, 0);
            assertThat(r.status()).as("answered, not rejected").isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void pipelinedCommandsAreAllAnswered() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = ready(f, null);
            byte[] data = random(64 * 4096, 9);
            assertThat(i.command(0, Cdbs.write10(0, 512, false), data, data.length).status()).isZero();
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            Map<Integer, Integer> lbaByItt = new HashMap<>();
            for (int k = 0; k < 32; k++) {
                int itt = i.nextItt();
                lbaByItt.put(itt, k * 8);
                burst.writeBytes(i.frame(Pdus.scsiCommand(itt, 0, Cdbs.read10(k * 8, 8), true, false, 4096,
                        i.takeCmdSn(), i.expStatSn(), true, null), false, false));
            }
            i.sendBytes(burst.toByteArray());
            List<Integer> seen = new ArrayList<>();
            int lastStatSn = -1;
            while (seen.size() < 32) {
                Pdu p = i.receive();
                assertThat(p.opcode()).isEqualTo(Opcode.DATA_IN);
                int lba = lbaByItt.get(p.itt());
                assertThat(p.data()).isEqualTo(java.util.Arrays.copyOfRange(data, lba * 512, lba * 512 + 4096));
                if (lastStatSn != -1) {
                    assertThat(p.statSn()).isEqualTo(lastStatSn + 1);
                }
                lastStatSn = p.statSn();
                seen.add(p.itt());
            }
            assertThat(seen).doesNotHaveDuplicates();
        }
    }
}
