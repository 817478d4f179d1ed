package org.scsi4j.iscsi.internal.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scsi4j.iscsi.internal.capture.PcapTcpStreams;
import org.scsi4j.iscsi.internal.capture.PcapTcpStreams.Conversation;
import org.scsi4j.iscsi.internal.capture.PduCursor;
import org.scsi4j.iscsi.internal.capture.PduCursor.Framed;

/** Golden bytes from libiscsi 1.19's tools: every PDU of every connection frames and decodes. */
class LibiscsiCaptureTest {
    private static final List<Framed> TO_TARGET = new ArrayList<>();
    private static final List<Framed> FROM_TARGET = new ArrayList<>();
    private static int connections;

    @BeforeAll
    static void frameEverything() {
        for (Conversation c : PcapTcpStreams.readResource("libiscsi-tools.pcap", 3286)) {
            connections++;
            PduCursor in = new PduCursor(c.toTarget(), new PduFramer().maxRecvDataSegmentLength(262144));
            TO_TARGET.addAll(in.frameAll());
            assertThat(in.remaining()).as("initiator bytes left on port %d", c.clientPort()).isZero();
            PduCursor out = new PduCursor(c.fromTarget(), new PduFramer().maxRecvDataSegmentLength(262144));
            FROM_TARGET.addAll(out.frameAll());
            assertThat(out.remaining()).as("target bytes left on port %d", c.clientPort()).isZero();
        }
    }

    private static Framed find(List<Framed> pdus, int opcode, int itt) {
        return pdus.stream().filter(p -> p.opcode() == opcode && p.buffer().getInt(p.headerOffset() + 16) == itt)
                .findFirst().orElseThrow();
    }

    @Test
    void allConnectionsFrameCompletely() {
        assertThat(connections).isEqualTo(13);
        assertThat(TO_TARGET).extracting(Framed::opcode).contains(Opcode.LOGIN_REQUEST, Opcode.TEXT_REQUEST,
                Opcode.SCSI_COMMAND, Opcode.DATA_OUT, Opcode.TASK_MANAGEMENT_REQUEST, Opcode.LOGOUT_REQUEST);
        assertThat(FROM_TARGET).extracting(Framed::opcode).contains(Opcode.LOGIN_RESPONSE, Opcode.TEXT_RESPONSE,
                Opcode.SCSI_RESPONSE, Opcode.DATA_IN, Opcode.R2T, Opcode.TASK_MANAGEMENT_RESPONSE, Opcode.LOGOUT_RESPONSE);
    }

    @Test
    void writeWithImmediateDataThenR2TAndDataOut() {
        int itt = 0x7b188e3f;
        Framed cmd = find(TO_TARGET, Opcode.SCSI_COMMAND, itt);
        ScsiCommandPdu command = new ScsiCommandPdu().wrap(cmd.buffer(), cmd.headerOffset());
        assertThat(command.write()).isTrue();
        assertThat(command.expectedDataTransferLength()).isEqualTo(10000);
        assertThat(command.dataSegmentLength()).as("immediate data").isEqualTo(8192);
        assertThat(command.cdbByte(0)).as("WRITE(10)").isEqualTo(0x2a);

        Framed r2tFrame = find(FROM_TARGET, Opcode.R2T, itt);
        ReadyToTransferPdu r2t = new ReadyToTransferPdu().wrap(r2tFrame.buffer(), r2tFrame.headerOffset());
        assertThat(r2t.targetTransferTag()).isEqualTo(0x809ca1b0);
        assertThat(r2t.bufferOffset()).isEqualTo(8192);
        assertThat(r2t.desiredDataTransferLength()).isEqualTo(1808);
        assertThat(r2t.r2tSn()).isZero();

        Framed outFrame = find(TO_TARGET, Opcode.DATA_OUT, itt);
        DataOutPdu dataOut = new DataOutPdu().wrap(outFrame.buffer(), outFrame.headerOffset());
        assertThat(dataOut.isFinal()).isTrue();
        assertThat(dataOut.targetTransferTag()).isEqualTo(r2t.targetTransferTag());
        assertThat(dataOut.bufferOffset()).isEqualTo(8192);
        assertThat(dataOut.dataSn()).isZero();
        assertThat(outFrame.dataLength()).isEqualTo(1808);

        Framed statusFrame = find(FROM_TARGET, Opcode.SCSI_RESPONSE, itt);
        ScsiResponsePdu response = new ScsiResponsePdu().wrap(statusFrame.buffer(), statusFrame.headerOffset());
        assertThat(response.response()).isEqualTo(PduCodes.ScsiResponse.COMMAND_COMPLETED_AT_TARGET);
        assertThat(response.status()).isZero();
        assertThat(response.residualUnderflow()).isTrue();
        assertThat(response.residualOverflow()).isFalse();
        assertThat(response.residualCount()).isEqualTo(9488);
    }

    @Test
    void residualOverflow() {
        Framed frame = find(FROM_TARGET, Opcode.SCSI_RESPONSE, 0x7b188e3e);
        ScsiResponsePdu response = new ScsiResponsePdu().wrap(frame.buffer(), frame.headerOffset());
        assertThat(response.residualOverflow()).isTrue();
        assertThat(response.residualCount()).isEqualTo(512);
    }

    @Test
    void abortTask() {
        Framed request = find(TO_TARGET, Opcode.TASK_MANAGEMENT_REQUEST, 0x7786c0d0);
        TaskManagementRequestPdu tmf = new TaskManagementRequestPdu().wrap(request.buffer(), request.headerOffset());
        assertThat(tmf.function()).isEqualTo(PduCodes.TaskManagementFunction.ABORT_TASK);
        assertThat(tmf.isFinal()).isTrue();
        assertThat(tmf.referencedTaskTag()).isEqualTo(0x7786c0cf);
        assertThat(tmf.refCmdSn()).isEqualTo(1031808017);
        assertThat(tmf.cmdSn()).isEqualTo(1031808018);

        Framed answer = find(FROM_TARGET, Opcode.TASK_MANAGEMENT_RESPONSE, 0x7786c0d0);
        TaskManagementResponsePdu response = new TaskManagementResponsePdu().wrap(answer.buffer(), answer.headerOffset());
        assertThat(response.response()).isEqualTo(PduCodes.TaskManagementResponse.TASK_DOES_NOT_EXIST);
    }

    @Test
    void sendTargetsAndLogout() {
        Framed text = find(TO_TARGET, Opcode.TEXT_REQUEST, 0x0b80726f);
        TextRequestPdu request = new TextRequestPdu().wrap(text.buffer(), text.headerOffset());
        assertThat(request.isFinal()).isTrue();
        assertThat(request.continues()).isFalse();
        assertThat(request.targetTransferTag()).isEqualTo(HeaderFlyweight.RESERVED_TAG);
        assertThat(new String(text.data(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("SendTargets=All\0");

        Framed logout = find(TO_TARGET, Opcode.LOGOUT_REQUEST, 0x0b807270);
        LogoutRequestPdu logoutRequest = new LogoutRequestPdu().wrap(logout.buffer(), logout.headerOffset());
        assertThat(logoutRequest.reasonCode()).isEqualTo(PduCodes.LogoutReason.CLOSE_SESSION);
        Framed logoutAnswer = find(FROM_TARGET, Opcode.LOGOUT_RESPONSE, 0x0b807270);
        assertThat(new LogoutResponsePdu().wrap(logoutAnswer.buffer(), logoutAnswer.headerOffset()).response())
                .isEqualTo(PduCodes.LogoutResponse.CLOSED_SUCCESSFULLY);
    }
}
