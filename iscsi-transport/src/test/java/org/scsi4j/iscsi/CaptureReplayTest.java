package org.scsi4j.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scsi4j.backstore.file.RamBlockDevice;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.iscsi.internal.capture.PcapTcpStreams;
import org.scsi4j.iscsi.internal.capture.PduCursor;
import org.scsi4j.iscsi.internal.pdu.Opcode;
import org.scsi4j.iscsi.internal.pdu.PduFramer;
import org.scsi4j.iscsi.testing.Pdu;
import org.scsi4j.iscsi.testing.ServerFixture;
import org.scsi4j.iscsi.testing.TestInitiator;

/**
 * Golden bytes: the PDUs libiscsi 1.19's tools sent to another target (captured in
 * {@code libiscsi-tools.pcap}) are replayed byte for byte against this target, which must
 * answer every one: discovery with SendTargets, and the iscsi-inq and iscsi-readcapacity16
 * sessions (login, INQUIRY/VPD, READ CAPACITY, logout).
 */
class CaptureReplayTest {
    private static final String CAPTURED_TARGET = "iqn.2026-11.org.example:capture";

    @ParameterizedTest
    @ValueSource(ints = {49324, 49348, 49358, 49368})
    void replayLibiscsiConversation(int clientPort) throws Exception {
        PcapTcpStreams.Conversation c = PcapTcpStreams.readResource("libiscsi-tools.pcap", 3286).stream()
                .filter(x -> x.clientPort() == clientPort).findFirst().orElseThrow();
        List<PduCursor.Framed> requests = new PduCursor(c.toTarget(), new PduFramer().maxRecvDataSegmentLength(262144))
                .frameAll();
        ScsiTarget target = ScsiTarget.builder(CAPTURED_TARGET)
                .logicalUnit(0, LogicalUnitSpec.disk("zero", new RamBlockDevice(16 << 20, 512)))
                .logicalUnit(1, LogicalUnitSpec.disk("one", new RamBlockDevice(16 << 20, 512))).build();
        IscsiServer server = IscsiServer.builder().portal("127.0.0.1", 0)
                .target(ExportedTarget.builder(CAPTURED_TARGET, target).build()).build().start();
        List<Pdu> answers = new ArrayList<>();
        try (TestInitiator i = TestInitiator.connect(server.boundAddress())) {
            for (PduCursor.Framed request : requests) {
                int end = request.dataOffset() + ((request.dataLength() + 3) & ~3);
                byte[] raw = Arrays.copyOfRange(request.buffer().array(), request.headerOffset(), end);
                i.sendBytes(raw);
                int opcode = request.opcode();
                int itt = request.buffer().getInt(request.headerOffset() + 16);
                if (opcode == Opcode.NOP_OUT && itt == -1) {
                    continue;
                }
                Pdu answer;
                do {
                    answer = i.receive();
                    answers.add(answer);
                } while (!isFinalAnswer(answer, itt));
                if (opcode == Opcode.LOGIN_REQUEST) {
                    assertThat(answer.bhs().getShort(36)).as("login status").isZero();
                }
                if (opcode == Opcode.SCSI_COMMAND) {
                    int status = answer.opcode() == Opcode.DATA_IN ? answer.byteAt(3) : answer.byteAt(3);
                    assertThat(status).as("SCSI status of %s", answer).isIn(0, 2);
                }
            }
        } finally {
            server.close();
            target.close();
        }
        assertThat(target.outstandingBuffers()).isZero();
        assertThat(answers).extracting(Pdu::opcode).contains(Opcode.LOGIN_RESPONSE, Opcode.LOGOUT_RESPONSE);
        Pdu lastLogin = answers.stream().filter(p -> p.opcode() == Opcode.LOGIN_RESPONSE).reduce((a, b) -> b).orElseThrow();
        assertThat(lastLogin.flags() & 0x83).as("T=1, NSG=FullFeaturePhase").isEqualTo(0x83);
        if (clientPort == 49324) {
            String text = answers.stream().filter(p -> p.opcode() == Opcode.TEXT_RESPONSE).map(Pdu::rawText)
                    .reduce("", String::concat);
            assertThat(text).contains("TargetName=" + CAPTURED_TARGET)
                    .contains("TargetAddress=127.0.0.1:" + server.boundAddress().getPort() + ",1");
        }
        assertThat(ServerFixture.loopThreads()).isEmpty();
    }

    /**
     * The Linux 6.1 kernel initiator's login (straight to the operational stage,
     * HeaderDigest=CRC32C) and its SCSI scan, replayed with the captured header digests, up to
     * its first write (whose Data-Out answered the other target's R2Ts).
     */
    @org.junit.jupiter.api.Test
    void replayLinuxKernelLoginAndScanWithHeaderDigests() throws Exception {
        PcapTcpStreams.Conversation c = PcapTcpStreams.readResource("linux-kernel-initiator-head.pcap", 3286).get(0);
        PduFramer framer = new PduFramer().maxRecvDataSegmentLength(262144);
        PduCursor cursor = new PduCursor(c.toTarget(), framer);
        List<PduCursor.Framed> requests = new ArrayList<>();
        assertThat(cursor.next()).isEqualTo(PduFramer.Outcome.PDU_READY);
        requests.add(new PduCursor.Framed(cursor.buffer(), cursor.headerOffset(), cursor.dataOffset(), cursor.dataLength()));
        framer.headerDigest(true);
        requests.addAll(cursor.frameAll());
        String kernelTarget = new org.scsi4j.iscsi.testing.Pdu(new byte[48], requests.get(0).data()).text().get("TargetName");
        ScsiTarget target = ScsiTarget.builder(kernelTarget)
                .logicalUnit(0, LogicalUnitSpec.disk("zero", new RamBlockDevice(64 << 20, 512)))
                .logicalUnit(1, LogicalUnitSpec.disk("one", new RamBlockDevice(64 << 20, 512))).build();
        IscsiServer server = IscsiServer.builder().portal("127.0.0.1", 0)
                .target(ExportedTarget.builder(kernelTarget, target).build()).build().start();
        int commands = 0;
        try (TestInitiator i = TestInitiator.connect(server.boundAddress())) {
            for (PduCursor.Framed request : requests) {
                int opcode = request.opcode();
                boolean write = opcode == Opcode.SCSI_COMMAND && (request.buffer().get(request.headerOffset() + 1) & 0x20) != 0;
                if (opcode == Opcode.DATA_OUT || write) {
                    break;
                }
                int end = request.dataOffset() + ((request.dataLength() + 3) & ~3);
                i.sendBytes(Arrays.copyOfRange(request.buffer().array(), request.headerOffset(), end));
                int itt = request.buffer().getInt(request.headerOffset() + 16);
                if (opcode == Opcode.NOP_OUT && itt == -1) {
                    continue;
                }
                Pdu answer;
                do {
                    answer = i.receive();
                } while (!isFinalAnswer(answer, itt));
                if (opcode == Opcode.LOGIN_REQUEST) {
                    assertThat(answer.bhs().getShort(36)).isZero();
                    assertThat(answer.flags() & 0x83).isEqualTo(0x83);
                    assertThat(answer.text()).containsEntry("HeaderDigest", "CRC32C");
                    i.digests(true, false);
                } else if (opcode == Opcode.SCSI_COMMAND) {
                    commands++;
                    assertThat(answer.byteAt(3)).as("status of %s", answer).isIn(0, 2);
                }
            }
        } finally {
            server.close();
            target.close();
        }
        assertThat(commands).as("SCSI commands of the scan replayed").isGreaterThan(10);
        assertThat(target.outstandingBuffers()).isZero();
    }

    private static boolean isFinalAnswer(Pdu p, int itt) {
        if (p.itt() != itt) {
            return false;
        }
        switch (p.opcode()) {
            case Opcode.DATA_IN:
                return (p.flags() & 0x01) != 0;
            case Opcode.TEXT_RESPONSE:
                return p.isFinal();
            case Opcode.R2T:
                return false;
            default:
                return true;
        }
    }
}
