package org.scsi4j.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.core.testing.MemoryBlockDevice;
import org.scsi4j.iscsi.internal.pdu.Opcode;
import org.scsi4j.iscsi.testing.LoginOptions;
import org.scsi4j.iscsi.testing.Pdu;
import org.scsi4j.iscsi.testing.Pdus;
import org.scsi4j.iscsi.testing.ScsiResult;
import org.scsi4j.iscsi.testing.ServerFixture;
import org.scsi4j.iscsi.testing.TestInitiator;

/** Full feature phase: the command window, NOP both ways, logout, task management, shutdown. */
class SessionTest {
    private static final String IQN = ServerFixture.IQN;

    private static Pdu nop(TestInitiator i) throws Exception {
        return DataPathTest.nop(i, null);
    }

    @Test
    void commandWindowFollowsTheFreeTaskSlots() throws Exception {
        try (ServerFixture f = ServerFixture.start(s -> { }, t -> { }, new MemoryBlockDevice(512, 1 << 16),
                t -> t.tasksPerNexus(4))) {
            TestInitiator i = DataPathTest.ready(f, null);
            Pdu p = nop(i);
            assertThat(p.maxCmdSn() - p.expCmdSn() + 1).isEqualTo(4);
        }
    }

    @Test
    void commandsOutsideTheWindowAreIgnored() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = DataPathTest.ready(f, null);
            Pdu p = nop(i);
            int exp = p.expCmdSn();
            int max = p.maxCmdSn();
            i.send(Pdus.scsiCommand(i.nextItt(), 0, Cdbs.testUnitReady(), false, false, 0, max + 1, i.expStatSn(), true, null));
            assertThat(i.silentFor(500)).as("CmdSN above MaxCmdSN ignored (iSCSICmdSnTooHigh)").isTrue();
            i.send(Pdus.scsiCommand(i.nextItt(), 0, Cdbs.testUnitReady(), false, false, 0, exp - 1, i.expStatSn(), true, null));
            assertThat(i.silentFor(500)).as("CmdSN below ExpCmdSN ignored (iSCSICmdSnTooLow)").isTrue();
            i.cmdSn(exp);
            assertThat(i.command(0, Cdbs.testUnitReady(), null, 0).status()).isZero();
        }
    }

    @Test
    void aBusyDeviceClosesTheWindow() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, 1 << 16);
        try (ServerFixture f = ServerFixture.start(s -> { }, t -> { }, dev, t -> t.tasksPerNexus(2))) {
            TestInitiator i = DataPathTest.ready(f, null);
            dev.hold();
            int a = i.nextItt();
            int b = i.nextItt();
            i.send(Pdus.scsiCommand(a, 0, Cdbs.read10(0, 1), true, false, 512, i.takeCmdSn(), i.expStatSn(), true, null));
            i.send(Pdus.scsiCommand(b, 0, Cdbs.read10(1, 1), true, false, 512, i.takeCmdSn(), i.expStatSn(), true, null));
            ServerFixture.await("both reads held", () -> dev.heldCount() == 2);
            Pdu p = nop(i);
            assertThat(p.maxCmdSn()).as("window closed: MaxCmdSN = ExpCmdSN - 1").isEqualTo(p.expCmdSn() - 1);
            dev.release();
            ScsiResult ra = i.awaitResult(a, 0, null, 512);
            ScsiResult rb = i.awaitResult(b, 0, null, 512);
            assertThat(ra.status()).isZero();
            assertThat(rb.status()).isZero();
            Pdu q = nop(i);
            assertThat(q.maxCmdSn() - q.expCmdSn() + 1).isEqualTo(2);
        }
    }

    @Test
    void nopOutIsEchoedAndConsumesCmdSnWhenNotImmediate() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = f.login();
            int itt = i.nextItt();
            int cmdSn = i.takeCmdSn();
            i.send(Pdus.nopOut(itt, -1, cmdSn, i.expStatSn(), false, "ping".getBytes()));
            Pdu p = i.receive();
            assertThat(p.opcode()).isEqualTo(Opcode.NOP_IN);
            assertThat(p.itt()).isEqualTo(itt);
            assertThat(p.ttt()).isEqualTo(-1);
            assertThat(new String(p.data())).isEqualTo("ping");
            assertThat(p.expCmdSn()).isEqualTo(cmdSn + 1);
        }
    }

    @Test
    void targetPingsAnIdleConnection() throws Exception {
        try (ServerFixture f = ServerFixture.start(s -> s.nopInInterval(Duration.ofMillis(200)).nopInTimeout(Duration.ofSeconds(5)))) {
            TestInitiator i = f.login();
            for (int k = 0; k < 2; k++) {
                Pdu ping = i.receive(5000);
                assertThat(ping.opcode()).isEqualTo(Opcode.NOP_IN);
                assertThat(ping.itt()).isEqualTo(-1);
                assertThat(ping.ttt()).isNotEqualTo(-1);
                i.send(Pdus.nopOut(-1, ping.ttt(), i.cmdSn(), i.expStatSn(), true, null));
            }
            assertThat(i.command(0, Cdbs.testUnitReady(), null, 0).status()).isIn(0, 2);
        }
    }

    @Test
    void anUnansweredPingDropsThePeer() throws Exception {
        try (ServerFixture f = ServerFixture.start(s -> s.nopInInterval(Duration.ofMillis(150)).nopInTimeout(Duration.ofMillis(300)))) {
            TestInitiator i = f.login();
            assertThat(i.closedByPeer(5000)).isTrue();
            ServerFixture.await("session gone", () -> f.server().sessionCount() == 0);
        }
    }

    @Test
    void logoutClosesTheSession() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = f.login();
            Pdu r = i.logout(0);
            assertThat(r.byteAt(2)).isZero();
            assertThat(i.closedByPeer(5000)).isTrue();
            ServerFixture.await("session gone", () -> f.server().sessionCount() == 0);
            assertThat(f.target().openNexusCount()).isZero();
        }
    }

    @Test
    void logoutOfAnotherConnectionIsCidNotFound() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = f.login();
            i.send(Pdus.logout(i.nextItt(), 1, 9, i.cmdSn(), i.expStatSn()));
            Pdu r = i.receive();
            assertThat(r.opcode()).isEqualTo(Opcode.LOGOUT_RESPONSE);
            assertThat(r.byteAt(2)).isEqualTo(1);
            i.send(Pdus.logout(i.nextItt(), 2, 1, i.cmdSn(), i.expStatSn()));
            assertThat(i.receive().byteAt(2)).as("connection recovery not supported").isEqualTo(2);
            assertThat(i.command(0, Cdbs.testUnitReady(), null, 0).status()).isIn(0, 2);
        }
    }

    @Test
    void abortTaskWaitsForTheHeldIoAndSuppressesItsStatus() throws Exception {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, 1 << 16);
        try (ServerFixture f = ServerFixture.start(s -> { }, t -> { }, dev)) {
            TestInitiator i = DataPathTest.ready(f, null);
            dev.hold();
            int itt = i.nextItt();
            int cmdSn = i.takeCmdSn();
            i.send(Pdus.scsiCommand(itt, 0, Cdbs.read10(0, 8), true, false, 4096, cmdSn, i.expStatSn(), true, null));
            ServerFixture.await("read held", () -> dev.heldCount() == 1);
            int tmf = i.nextItt();
            i.send(Pdus.taskManagement(tmf, 1, 0, itt, i.cmdSn(), cmdSn, i.expStatSn()));
            assertThat(i.silentFor(300)).as("no TMF response while the I/O is in flight").isTrue();
            dev.release();
            Pdu r = i.receive();
            assertThat(r.opcode()).isEqualTo(Opcode.TASK_MANAGEMENT_RESPONSE);
            assertThat(r.itt()).isEqualTo(tmf);
            assertThat(r.byteAt(2)).as("function complete").isZero();
            assertThat(i.silentFor(300)).as("no status for the aborted READ").isTrue();
            assertThat(i.command(0, Cdbs.read10(0, 8), null, 4096).status()).isZero();
        }
    }

    @Test
    void abortOfAnUnknownTask() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = DataPathTest.ready(f, null);
            int exp = i.cmdSn();
            i.send(Pdus.taskManagement(i.nextItt(), 1, 0, 0x7777, exp, exp - 3, i.expStatSn()));
            assertThat(i.receive().byteAt(2)).as("RefCmdSN outside the window: task does not exist").isEqualTo(1);
            // §11.5.1 b): RefCmdSN in the window and below the TMF's CmdSN: the command is
            // considered received and the answer is "function complete"
            i.send(Pdus.taskManagement(i.nextItt(), 1, 0, 0x7778, exp + 1, exp, i.expStatSn()));
            Pdu r = i.receive();
            assertThat(r.byteAt(2)).isZero();
            assertThat(r.expCmdSn()).isEqualTo(exp + 1);
            i.cmdSn(exp + 1);
            assertThat(i.command(0, Cdbs.testUnitReady(), null, 0).status()).isZero();
        }
    }

    @Test
    void otherTaskManagementFunctions() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = DataPathTest.ready(f, null);
            i.send(Pdus.taskManagement(i.nextItt(), 5, 0, -1, i.cmdSn(), 0, i.expStatSn()));
            assertThat(i.receive().byteAt(2)).as("LOGICAL UNIT RESET").isZero();
            i.send(Pdus.taskManagement(i.nextItt(), 8, 0, 1, i.cmdSn(), 0, i.expStatSn()));
            assertThat(i.receive().byteAt(2)).as("TASK REASSIGN at ERL 0").isEqualTo(4);
            i.send(Pdus.taskManagement(i.nextItt(), 0x50, 0, -1, i.cmdSn(), 0, i.expStatSn()));
            assertThat(i.receive().byteAt(2)).as("unknown function").isEqualTo(255);
            i.send(Pdus.taskManagement(i.nextItt(), 5, Pdus.lun(9), -1, i.cmdSn(), 0, i.expStatSn()));
            assertThat(i.receive().byteAt(2)).as("LUN does not exist").isEqualTo(2);
        }
    }

    @Test
    void closeAsksSessionsToLogOut() throws Exception {
        try (ServerFixture f = ServerFixture.start(s -> s.shutdownGracePeriod(Duration.ofSeconds(5)))) {
            TestInitiator i = f.login();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> f.server().close());
            Pdu async = i.receive();
            assertThat(async.opcode()).isEqualTo(Opcode.ASYNC_MESSAGE);
            assertThat(async.byteAt(36)).as("AsyncEvent: logout requested").isEqualTo(1);
            assertThat(async.itt()).isEqualTo(-1);
            assertThat(i.logout(0).byteAt(2)).isZero();
            closing.get();
            assertThat(ServerFixture.loopThreads()).isEmpty();
        }
    }

    @Test
    void closeWithoutLogoutStillFinishes() throws Exception {
        try (ServerFixture f = ServerFixture.start(s -> s.shutdownGracePeriod(Duration.ofMillis(200)))) {
            TestInitiator i = f.login();
            i.answerPings(false);
            f.server().close();
            assertThat(i.closedByPeer(5000)).isTrue();
        }
    }

    @Test
    void targetsSeeTheirOwnSendTargets() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            TestInitiator i = f.login(LoginOptions.normal(IQN));
            assertThat(i.sendTargets("")).containsExactly("TargetName=" + IQN,
                    "TargetAddress=127.0.0.1:" + f.address().getPort() + ",1");
            assertThat(i.sendTargets("All")).containsExactly("SendTargets=Reject");
        }
    }
}
