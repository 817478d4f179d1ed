package org.scsi4j.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.iscsi.internal.pdu.Opcode;
import org.scsi4j.iscsi.testing.LoginOptions;
import org.scsi4j.iscsi.testing.Pdu;
import org.scsi4j.iscsi.testing.Pdus;
import org.scsi4j.iscsi.testing.ScsiResult;
import org.scsi4j.iscsi.testing.ServerFixture;
import org.scsi4j.iscsi.testing.TestInitiator;

/** Malformed and hostile input: each is answered as RFC 7143 says and nothing leaks. */
class BadInputTest {
    private static final String IQN = ServerFixture.IQN;

    private static Pdu expectReject(TestInitiator i, int reason) throws Exception {
        Pdu r = i.receive();
        assertThat(r.opcode()).as("Reject").isEqualTo(Opcode.REJECT);
        assertThat(r.byteAt(2)).as("reason").isEqualTo(reason);
        assertThat(r.itt()).isEqualTo(-1);
        assertThat(r.dataSegmentLength()).as("the rejected BHS").isEqualTo(48);
        return r;
    }

    private static void stillServes(ServerFixture f) throws Exception {
        TestInitiator i = f.login(LoginOptions.normal(IQN).isid(0x999));
        assertThat(i.command(0, Cdbs.testUnitReady(), null, 0).status()).isIn(0, 2);
    }

    @Test
    void truncatedBhsThenClose() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = f.connect();
            i.sendBytes(new byte[20]);
            i.close();
            ServerFixture.await("connection gone", () -> f.server().connectionCount() == 0);
            stillServes(f);
        }
    }

    @Test
    void unknownOpcodeIsRejectedWithItsHeader() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = f.login();
            Pdus.Out odd = Pdus.raw(0x1c, 0x1234);
            i.send(odd);
            Pdu r = expectReject(i, 0x05);
            assertThat(Arrays.copyOf(r.data(), 48)).isEqualTo(odd.bhs);
            i.send(Pdus.raw(0x3f, 0x1235));
            expectReject(i, 0x05);
            assertThat(i.command(0, Cdbs.testUnitReady(), null, 0).status()).isIn(0, 2);
        }
    }

    @Test
    void ahsLengthPastThePdu() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = f.login();
            Pdus.Out cmd = Pdus.scsiCommand(i.nextItt(), 0, Cdbs.testUnitReady(), false, false, 0, i.takeCmdSn(),
                    i.expStatSn(), true, null);
            byte[] ahs = new byte[8];
            ByteBuffer.wrap(ahs).putShort(0, (short) 100).put(2, (byte) 1);
            cmd.ahs(ahs);
            i.send(cmd);
            expectReject(i, 0x09);
            assertThat(i.command(0, Cdbs.testUnitReady(), null, 0).status()).isIn(0, 2);
        }
    }

    @Test
    void dataSegmentAboveOurMaxRecvDataSegmentLengthDropsTheConnection() throws Exception {
        try (ServerFixture f = ServerFixture.start(s -> s.maxRecvDataSegmentLength(8192))) {
            TestInitiator i = f.login();
            i.send(Pdus.nopOut(i.nextItt(), -1, i.cmdSn(), i.expStatSn(), true, new byte[9000]));
            assertThat(i.closedByPeer(5000)).isTrue();
            stillServes(f);
        }
    }

    @Test
    void wrongHeaderDigestDropsTheConnection() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = f.login(LoginOptions.normal(IQN).key("HeaderDigest", "CRC32C"));
            byte[] frame = i.frame(Pdus.nopOut(i.nextItt(), -1, i.cmdSn(), i.expStatSn(), true, null), true, false);
            frame[49] ^= 0x40;
            i.sendBytes(frame);
            assertThat(i.closedByPeer(5000)).isTrue();
            stillServes(f);
        }
    }

    @Test
    void wrongDataDigestOnImmediateDataIsRejectedAndNotExecuted() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = DataPathTest.ready(f, LoginOptions.normal(IQN).key("DataDigest", "CRC32C"));
            byte[] data = DataPathTest.random(512, 11);
            int cmdSn = i.cmdSn();
            byte[] frame = i.frame(Pdus.scsiCommand(i.nextItt(), 0, Cdbs.write10(5, 1, false), false, true, 512, cmdSn,
                    i.expStatSn(), true, data), false, true);
            frame[frame.length - 1] ^= 1;
            i.sendBytes(frame);
            expectReject(i, 0x02);
            // not executed and CmdSN not consumed: the retry with the same CmdSN runs
            ScsiResult read = i.command(0, Cdbs.read10(5, 1), null, 512);
            assertThat(read.status()).isZero();
            assertThat(read.data()).isEqualTo(new byte[512]);
        }
    }

    @Test
    void wrongDataDigestOnDataOutEndsTheTask() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = DataPathTest.ready(f, LoginOptions.normal(IQN).key("DataDigest", "CRC32C")
                    .key("ImmediateData", "No").key("InitialR2T", "No"));
            int itt = i.nextItt();
            i.send(Pdus.scsiCommand(itt, 0, Cdbs.write10(0, 1, false), false, true, 512, i.takeCmdSn(), i.expStatSn(),
                    false, null));
            byte[] frame = i.frame(Pdus.dataOut(itt, 0, -1, 0, 0, true, i.expStatSn(), new byte[512]), false, true);
            frame[frame.length - 2] ^= 1;
            i.sendBytes(frame);
            expectReject(i, 0x02);
            ScsiResult r = i.awaitResult(itt, 0, null, 0);
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.senseKey()).isEqualTo(0x0B);
            assertThat(r.ascq()).as("protocol service CRC error").isEqualTo(0x4705);
        }
    }

    @Test
    void cmdSnGapOnTheOnlyConnectionDropsIt() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = f.login();
            i.send(Pdus.scsiCommand(i.nextItt(), 0, Cdbs.testUnitReady(), false, false, 0, i.cmdSn() + 1,
                    i.expStatSn(), true, null));
            assertThat(i.closedByPeer(5000)).isTrue();
        }
    }

    @Test
    void dataOutForAnUnknownTaskIsRejected() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = DataPathTest.ready(f, null);
            i.send(Pdus.dataOut(0x4242, 0, -1, 0, 0, true, i.expStatSn(), new byte[512]));
            expectReject(i, 0x09);
            i.send(Pdus.dataOut(0x4243, 0, 0x1234, 0, 0, true, i.expStatSn(), new byte[512]));
            expectReject(i, 0x09);
            assertThat(i.command(0, Cdbs.testUnitReady(), null, 0).status()).isZero();
        }
    }

    @Test
    void dataOutPastTheExpectedLength() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = DataPathTest.ready(f, LoginOptions.normal(IQN).key("ImmediateData", "No").key("InitialR2T", "No"));
            int itt = i.nextItt();
            i.send(Pdus.scsiCommand(itt, 0, Cdbs.write10(0, 1, false), false, true, 512, i.takeCmdSn(), i.expStatSn(),
                    false, null));
            i.send(Pdus.dataOut(itt, 0, -1, 0, 512, true, i.expStatSn(), new byte[512]));
            expectReject(i, 0x09);
            ScsiResult r = i.awaitResult(itt, 0, null, 0);
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.ascq()).as("incorrect amount of data").isEqualTo(0x0C0D);
            assertThat(i.command(0, Cdbs.testUnitReady(), null, 0).status()).isZero();
        }
    }

    @Test
    void outOfOrderDataSnEndsTheTask() throws Exception {
        try (ServerFixture f = ServerFixture.start(s -> s.maxRecvDataSegmentLength(512))) {
            TestInitiator i = DataPathTest.ready(f, LoginOptions.normal(IQN).key("ImmediateData", "No").key("InitialR2T", "Yes"));
            int itt = i.nextItt();
            i.send(Pdus.scsiCommand(itt, 0, Cdbs.write10(0, 2, false), false, true, 1024, i.takeCmdSn(), i.expStatSn(),
                    true, null));
            Pdu r2t = i.receive();
            assertThat(r2t.opcode()).isEqualTo(Opcode.R2T);
            i.send(Pdus.dataOut(itt, 0, r2t.ttt(), 0, 0, false, i.expStatSn(), new byte[512]));
            i.send(Pdus.dataOut(itt, 0, r2t.ttt(), 0, 512, true, i.expStatSn(), new byte[512]));
            ScsiResult r = i.awaitResult(itt, 0, null, 0);
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.ascq()).isEqualTo(0x4705);
            assertThat(i.command(0, Cdbs.testUnitReady(), null, 0).status()).isZero();
        }
    }

    @Test
    void immediateDataWhenNotNegotiated() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = DataPathTest.ready(f, LoginOptions.normal(IQN).key("ImmediateData", "No"));
            int itt = i.nextItt();
            i.send(Pdus.scsiCommand(itt, 0, Cdbs.write10(0, 1, false), false, true, 512, i.takeCmdSn(), i.expStatSn(),
                    true, new byte[512]));
            ScsiResult r = i.awaitResult(itt, 0, null, 0);
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.ascq()).as("unexpected unsolicited data").isEqualTo(0x0C0C);
        }
    }

    @Test
    void loginPduInFullFeaturePhaseIsRejected() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = f.login();
            i.send(Pdus.login(i.isid(), i.tsih(), i.nextItt(), i.cmdSn(), i.expStatSn(), 1, 3, true, false,
                    Pdus.text(Map.of("InitiatorName", "iqn.2026-11.x:y"))));
            expectReject(i, 0x04);
            assertThat(i.command(0, Cdbs.testUnitReady(), null, 0).status()).isIn(0, 2);
        }
    }

    @Test
    void snackAtErrorRecoveryLevelZeroIsRejected() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = f.login();
            i.send(Pdus.raw(0x10, -1));
            expectReject(i, 0x04);
        }
    }

    @Test
    void malformedTextInFullFeaturePhaseIsRejected() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = f.login();
            byte[] notUtf8 = "X-k=\u00ff\u00fe\0".getBytes(StandardCharsets.ISO_8859_1);
            i.send(Pdus.text(i.nextItt(), -1, i.cmdSn(), i.expStatSn(), true, false, notUtf8));
            expectReject(i, 0x04);
            byte[] longKey = ("K" + "y".repeat(80) + "=1\0").getBytes(StandardCharsets.US_ASCII);
            i.send(Pdus.text(i.nextItt(), -1, i.cmdSn(), i.expStatSn(), true, false, longKey));
            expectReject(i, 0x04);
            assertThat(i.sendTargets("")).contains("TargetName=" + IQN);
        }
    }

    @Test
    void manyConnectionsOpenedAndDropped() throws Exception {
        int total = 10_000;
        try (ServerFixture f = ServerFixture.start()) {
            byte[] partial = new byte[30];
            byte[] notLogin = new byte[48];
            notLogin[0] = Opcode.SCSI_COMMAND;
            long start = System.nanoTime();
            for (int done = 0; done < total; ) {
                List<Socket> batch = new ArrayList<>();
                for (int k = 0; k < 100; k++, done++) {
                    Socket s = new Socket(f.address().getAddress(), f.address().getPort());
                    // thirds: a PDU that is not a Login Request (the target drops the connection),
                    // a truncated BHS, nothing at all; the client side resets (no TIME_WAIT on
                    // its ports, which would make connect() the bottleneck)
                    s.getOutputStream().write(done % 3 == 0 ? notLogin : done % 3 == 1 ? partial : new byte[0]);
                    batch.add(s);
                }
                for (Socket s : batch) {
                    s.setSoLinger(true, 0);
                    s.close();
                }
            }
            long clientMs = (System.nanoTime() - start) / 1_000_000;
            ServerFixture.await("all connections closed", () -> f.server().connectionCount() == 0);
            System.out.printf("%d connections opened and dropped in %d ms (%d ms until the last was closed)%n",
                    total, clientMs, (System.nanoTime() - start) / 1_000_000);
            stillServes(f);
        }
    }

    @Test
    void aPeerVanishingMidWriteDoesNotDisturbAnotherSession() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator a = DataPathTest.ready(f, LoginOptions.normal(IQN).isid(0xA));
            TestInitiator b = DataPathTest.ready(f, LoginOptions.normal(IQN).isid(0xB));
            byte[] data = DataPathTest.random(1 << 20, 12);
            assertThat(b.command(0, Cdbs.write10(0, 2048, false), data, data.length).status()).isZero();
            // A asks for 32 MiB and never reads: the target's writes go partial, then A resets
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int k = 0; k < 32; k++) {
                burst.writeBytes(a.frame(Pdus.scsiCommand(a.nextItt(), 0, Cdbs.read10(0, 2048), true, false, 1 << 20,
                        a.takeCmdSn(), a.expStatSn(), true, null), false, false));
            }
            a.sendBytes(burst.toByteArray());
            for (int k = 0; k < 8; k++) {
                ScsiResult r = b.command(0, Cdbs.read10(0, 2048), null, data.length);
                assertThat(r.data()).isEqualTo(data);
            }
            a.abort();
            ServerFixture.await("A's session gone", () -> f.server().sessionCount() == 1);
            byte[] more = DataPathTest.random(1 << 20, 13);
            assertThat(b.command(0, Cdbs.write10(4096, 2048, false), more, more.length).status()).isZero();
            assertThat(b.command(0, Cdbs.read10(4096, 2048), null, more.length).data()).isEqualTo(more);
            assertThat(b.command(0, Cdbs.read10(0, 2048), null, data.length).data()).isEqualTo(data);
            assertThat(f.target().openNexusCount()).isEqualTo(1);
        }
    }
}
