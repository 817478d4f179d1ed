package org.scsi4j.iscsi.internal.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

/**
 * Every flyweight writes its fields where RFC 7143 §11 puts them and reads back what it wrote,
 * through a fresh instance wrapped at a non-zero offset.
 */
class FlyweightRoundTripTest {
    private static final int AT = 7;
    private final ByteBuffer buffer = ByteBuffer.allocate(256);

    private int u8(int field) {
        return buffer.get(AT + field) & 0xFF;
    }

    private int i32(int field) {
        return buffer.getInt(AT + field);
    }

    @Test
    void basicHeaderSegmentFields() {
        BasicHeaderSegment bhs = new BasicHeaderSegment().wrap(buffer, AT).clear()
                .opcode(Opcode.SCSI_COMMAND).immediate(true).finalFlag(true)
                .totalAhsLength(3).dataSegmentLength(0xABCDEF).lun(0x0001_0000_0000_0000L).initiatorTaskTag(0xCAFEBABE);
        assertThat(u8(0)).isEqualTo(0x41);
        assertThat(u8(1)).isEqualTo(0x80);
        assertThat(i32(4)).isEqualTo(0x03ABCDEF);
        assertThat(buffer.getLong(AT + 8)).isEqualTo(0x0001_0000_0000_0000L);
        assertThat(i32(16)).isEqualTo(0xCAFEBABE);

        BasicHeaderSegment read = new BasicHeaderSegment().wrap(buffer, AT);
        assertThat(read.opcode()).isEqualTo(Opcode.SCSI_COMMAND);
        assertThat(read.immediate()).isTrue();
        assertThat(read.isFinal()).isTrue();
        assertThat(read.totalAhsLength()).isEqualTo(3);
        assertThat(read.dataSegmentLength()).isEqualTo(0xABCDEF);
        assertThat(read.headerLength()).isEqualTo(48 + 12);
        assertThat(read.lun()).isEqualTo(0x0001_0000_0000_0000L);
        assertThat(read.initiatorTaskTag()).isEqualTo(0xCAFEBABE);

        read.dataSegmentLength(5);
        assertThat(read.totalAhsLength()).as("DSL write keeps TotalAHSLength").isEqualTo(3);
        assertThat(read.paddedDataSegmentLength()).isEqualTo(8);
        read.immediate(false).opcode(Opcode.NOP_OUT);
        assertThat(u8(0)).isEqualTo(0x00);
    }

    @Test
    void wrapChecksLengthAndByteOrder() {
        assertThatThrownBy(() -> new BasicHeaderSegment().wrap(ByteBuffer.allocate(47), 0))
                .isInstanceOf(PduLengthException.class);
        assertThatThrownBy(() -> new BasicHeaderSegment().wrap(buffer, 256 - 47))
                .isInstanceOf(PduLengthException.class);
        assertThatThrownBy(() -> new BasicHeaderSegment().wrap(ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN), 0))
                .isInstanceOf(PduLengthException.class);
        assertThatThrownBy(() -> new BasicHeaderSegment().wrap(buffer, 0).dataSegmentLength(1 << 24))
                .isInstanceOf(PduLengthException.class);
    }

    @Test
    void scsiCommand() {
        new ScsiCommandPdu().wrap(buffer, AT).init().read(true).write(true).taskAttribute(ScsiCommandPdu.ATTR_HEAD_OF_QUEUE)
                .lun(1L << 48).initiatorTaskTag(9).expectedDataTransferLength(0xFFFF_FFF0L).cmdSn(-2).expStatSn(77)
                .cdb(new byte[] {0x28, 0, 0, 0, 0, 1, 0, 0, 8, 0}, 10);
        assertThat(u8(0)).isEqualTo(0x01);
        assertThat(u8(1)).isEqualTo(0x80 | 0x40 | 0x20 | 3);
        assertThat(u8(32)).isEqualTo(0x28);
        ScsiCommandPdu pdu = new ScsiCommandPdu().wrap(buffer, AT);
        assertThat(pdu.read()).isTrue();
        assertThat(pdu.write()).isTrue();
        assertThat(pdu.isFinal()).isTrue();
        assertThat(pdu.taskAttribute()).isEqualTo(ScsiCommandPdu.ATTR_HEAD_OF_QUEUE);
        assertThat(pdu.expectedDataTransferLength()).isEqualTo(0xFFFF_FFF0L);
        assertThat(pdu.cmdSn()).isEqualTo(-2);
        assertThat(pdu.expStatSn()).isEqualTo(77);
        assertThat(pdu.cdbLength()).isEqualTo(16);
        assertThat(pdu.cdbByte(8)).isEqualTo(8);
        assertThat(pdu.cdbByte(12)).isZero();
        assertThat(pdu.bidirectionalReadExpectedDataTransferLength()).isEqualTo(-1);
        pdu.read(false).taskAttribute(ScsiCommandPdu.ATTR_SIMPLE);
        assertThat(u8(1)).isEqualTo(0x80 | 0x20 | 1);
    }

    @Test
    void scsiResponse() {
        new ScsiResponsePdu().wrap(buffer, AT).init().response(PduCodes.ScsiResponse.TARGET_FAILURE).status(0x02)
                .bidirectionalReadResidualOverflow(true).bidirectionalReadResidualUnderflow(true)
                .residualOverflow(true).residualUnderflow(true).initiatorTaskTag(5).snackTag(6).statSn(7)
                .expCmdSn(8).maxCmdSn(9).expDataSn(10).bidirectionalReadResidualCount(0xFFFF_FFFFL).residualCount(12);
        assertThat(u8(0)).isEqualTo(0x21);
        assertThat(u8(1)).isEqualTo(0x80 | 0x10 | 0x08 | 0x04 | 0x02);
        assertThat(u8(2)).isEqualTo(1);
        assertThat(u8(3)).isEqualTo(2);
        assertThat(i32(44)).isEqualTo(12);
        ScsiResponsePdu pdu = new ScsiResponsePdu().wrap(buffer, AT);
        assertThat(pdu.response()).isEqualTo(1);
        assertThat(pdu.status()).isEqualTo(2);
        assertThat(pdu.bidirectionalReadResidualOverflow()).isTrue();
        assertThat(pdu.bidirectionalReadResidualUnderflow()).isTrue();
        assertThat(pdu.residualOverflow()).isTrue();
        assertThat(pdu.residualUnderflow()).isTrue();
        assertThat(pdu.snackTag()).isEqualTo(6);
        assertThat(pdu.statSn()).isEqualTo(7);
        assertThat(pdu.expCmdSn()).isEqualTo(8);
        assertThat(pdu.maxCmdSn()).isEqualTo(9);
        assertThat(pdu.expDataSn()).isEqualTo(10);
        assertThat(pdu.bidirectionalReadResidualCount()).isEqualTo(0xFFFF_FFFFL);
        assertThat(pdu.residualCount()).isEqualTo(12);
        pdu.residualOverflow(false).bidirectionalReadResidualUnderflow(false);
        assertThat(u8(1)).isEqualTo(0x80 | 0x10 | 0x02);
    }

    @Test
    void dataOut() {
        new DataOutPdu().wrap(buffer, AT).init(true).lun(3).initiatorTaskTag(4).targetTransferTag(5).expStatSn(6)
                .dataSn(7).bufferOffset(0x8000_0000L).dataSegmentLength(512);
        assertThat(u8(0)).isEqualTo(0x05);
        assertThat(u8(1)).isEqualTo(0x80);
        DataOutPdu pdu = new DataOutPdu().wrap(buffer, AT);
        assertThat(pdu.isFinal()).isTrue();
        assertThat(pdu.lun()).isEqualTo(3);
        assertThat(pdu.targetTransferTag()).isEqualTo(5);
        assertThat(pdu.expStatSn()).isEqualTo(6);
        assertThat(pdu.dataSn()).isEqualTo(7);
        assertThat(pdu.bufferOffset()).isEqualTo(0x8000_0000L);
        assertThat(i32(40)).isEqualTo(0x8000_0000);
    }

    @Test
    void dataIn() {
        new DataInPdu().wrap(buffer, AT).init(true).acknowledge(true).residualOverflow(true).residualUnderflow(true)
                .statusPresent(true).status(0x02).targetTransferTag(-1).statSn(1).expCmdSn(2).maxCmdSn(3).dataSn(4)
                .bufferOffset(4096).residualCount(17);
        assertThat(u8(0)).isEqualTo(0x25);
        assertThat(u8(1)).isEqualTo(0x80 | 0x40 | 0x04 | 0x02 | 0x01);
        assertThat(u8(3)).isEqualTo(2);
        DataInPdu pdu = new DataInPdu().wrap(buffer, AT);
        assertThat(pdu.acknowledge()).isTrue();
        assertThat(pdu.residualOverflow()).isTrue();
        assertThat(pdu.residualUnderflow()).isTrue();
        assertThat(pdu.statusPresent()).isTrue();
        assertThat(pdu.status()).isEqualTo(2);
        assertThat(pdu.targetTransferTag()).isEqualTo(-1);
        assertThat(pdu.statSn()).isEqualTo(1);
        assertThat(pdu.expCmdSn()).isEqualTo(2);
        assertThat(pdu.maxCmdSn()).isEqualTo(3);
        assertThat(pdu.dataSn()).isEqualTo(4);
        assertThat(pdu.bufferOffset()).isEqualTo(4096);
        assertThat(pdu.residualCount()).isEqualTo(17);
        pdu.acknowledge(false).statusPresent(false).finalFlag(false);
        assertThat(u8(1)).isEqualTo(0x04 | 0x02);
    }

    @Test
    void readyToTransfer() {
        new ReadyToTransferPdu().wrap(buffer, AT).init().lun(1).initiatorTaskTag(2).targetTransferTag(3).statSn(4)
                .expCmdSn(5).maxCmdSn(6).r2tSn(7).bufferOffset(8192).desiredDataTransferLength(1808);
        assertThat(u8(0)).isEqualTo(0x31);
        assertThat(u8(1)).isEqualTo(0x80);
        ReadyToTransferPdu pdu = new ReadyToTransferPdu().wrap(buffer, AT);
        assertThat(pdu.targetTransferTag()).isEqualTo(3);
        assertThat(pdu.statSn()).isEqualTo(4);
        assertThat(pdu.expCmdSn()).isEqualTo(5);
        assertThat(pdu.maxCmdSn()).isEqualTo(6);
        assertThat(pdu.r2tSn()).isEqualTo(7);
        assertThat(pdu.bufferOffset()).isEqualTo(8192);
        assertThat(pdu.desiredDataTransferLength()).isEqualTo(1808);
        assertThat(i32(44)).isEqualTo(1808);
    }

    @Test
    void nopOutAndNopIn() {
        new NopOutPdu().wrap(buffer, AT).init().immediate(true).initiatorTaskTag(-1).targetTransferTag(0x1234)
                .cmdSn(5).expStatSn(6);
        assertThat(u8(0)).isEqualTo(0x40);
        NopOutPdu out = new NopOutPdu().wrap(buffer, AT);
        assertThat(out.immediate()).isTrue();
        assertThat(out.targetTransferTag()).isEqualTo(0x1234);
        assertThat(out.cmdSn()).isEqualTo(5);
        assertThat(out.expStatSn()).isEqualTo(6);

        new NopInPdu().wrap(buffer, AT).init().initiatorTaskTag(-1).targetTransferTag(7).statSn(8).expCmdSn(9).maxCmdSn(10);
        assertThat(u8(0)).isEqualTo(0x20);
        NopInPdu in = new NopInPdu().wrap(buffer, AT);
        assertThat(in.targetTransferTag()).isEqualTo(7);
        assertThat(in.statSn()).isEqualTo(8);
        assertThat(in.expCmdSn()).isEqualTo(9);
        assertThat(in.maxCmdSn()).isEqualTo(10);
    }

    @Test
    void loginRequest() {
        new LoginRequestPdu().wrap(buffer, AT).init().transit(true).continues(false)
                .currentStage(LoginStage.OPERATIONAL_NEGOTIATION.code()).nextStage(LoginStage.FULL_FEATURE_PHASE.code())
                .versionMax(0).versionMin(0).isid(0x00023d000001L).tsih(0x0700).initiatorTaskTag(1).cid(0xBEEF)
                .cmdSn(0x11).expStatSn(0x22);
        assertThat(u8(0)).isEqualTo(0x43);
        assertThat(u8(1)).isEqualTo(0x87);
        assertThat(u8(8)).isEqualTo(0x00);
        assertThat(u8(9)).isEqualTo(0x02);
        assertThat(u8(13)).isEqualTo(0x01);
        assertThat(u8(14)).isEqualTo(0x07);
        LoginRequestPdu pdu = new LoginRequestPdu().wrap(buffer, AT);
        assertThat(pdu.immediate()).isTrue();
        assertThat(pdu.transit()).isTrue();
        assertThat(pdu.continues()).isFalse();
        assertThat(LoginStage.fromCode(pdu.currentStage())).isEqualTo(LoginStage.OPERATIONAL_NEGOTIATION);
        assertThat(LoginStage.fromCode(pdu.nextStage())).isEqualTo(LoginStage.FULL_FEATURE_PHASE);
        assertThat(pdu.isid()).isEqualTo(0x00023d000001L);
        assertThat(pdu.tsih()).isEqualTo(0x0700);
        assertThat(pdu.cid()).isEqualTo(0xBEEF);
        assertThat(pdu.cmdSn()).isEqualTo(0x11);
        assertThat(pdu.expStatSn()).isEqualTo(0x22);
        pdu.tsih(0).isid(0xFFFF_FFFF_FFFFL);
        assertThat(pdu.isid()).isEqualTo(0xFFFF_FFFF_FFFFL);
        assertThat(pdu.tsih()).isZero();
        assertThat(LoginStage.fromCode(2)).isNull();
    }

    @Test
    void loginResponse() {
        new LoginResponsePdu().wrap(buffer, AT).init().transit(true).continues(true).currentStage(0).nextStage(1)
                .versionMax(0).versionActive(0).isid(0x800000000001L).tsih(2).initiatorTaskTag(3).statSn(4)
                .expCmdSn(5).maxCmdSn(6).status(PduCodes.LoginStatus.AUTHENTICATION_FAILURE);
        assertThat(u8(0)).isEqualTo(0x23);
        assertThat(u8(1)).isEqualTo(0xC1);
        assertThat(u8(36)).isEqualTo(2);
        assertThat(u8(37)).isEqualTo(1);
        LoginResponsePdu pdu = new LoginResponsePdu().wrap(buffer, AT);
        assertThat(pdu.transit()).isTrue();
        assertThat(pdu.continues()).isTrue();
        assertThat(pdu.currentStage()).isZero();
        assertThat(pdu.nextStage()).isEqualTo(1);
        assertThat(pdu.isid()).isEqualTo(0x800000000001L);
        assertThat(pdu.tsih()).isEqualTo(2);
        assertThat(pdu.statSn()).isEqualTo(4);
        assertThat(pdu.expCmdSn()).isEqualTo(5);
        assertThat(pdu.maxCmdSn()).isEqualTo(6);
        assertThat(pdu.statusClass()).isEqualTo(PduCodes.LoginStatus.CLASS_INITIATOR_ERROR);
        assertThat(pdu.statusDetail()).isEqualTo(1);
        assertThat(pdu.status()).isEqualTo(0x0201);
        pdu.statusClass(3).statusDetail(2);
        assertThat(pdu.status()).isEqualTo(PduCodes.LoginStatus.OUT_OF_RESOURCES);
        assertThat(pdu.versionMax()).isZero();
        assertThat(pdu.versionActive()).isZero();
    }

    @Test
    void textRequestAndResponse() {
        new TextRequestPdu().wrap(buffer, AT).init(true).continues(true).initiatorTaskTag(1).targetTransferTag(-1)
                .cmdSn(2).expStatSn(3);
        assertThat(u8(0)).isEqualTo(0x04);
        assertThat(u8(1)).isEqualTo(0xC0);
        TextRequestPdu request = new TextRequestPdu().wrap(buffer, AT);
        assertThat(request.continues()).isTrue();
        assertThat(request.targetTransferTag()).isEqualTo(-1);
        assertThat(request.cmdSn()).isEqualTo(2);
        assertThat(request.expStatSn()).isEqualTo(3);

        new TextResponsePdu().wrap(buffer, AT).init(false).continues(true).targetTransferTag(9).statSn(4).expCmdSn(5).maxCmdSn(6);
        assertThat(u8(0)).isEqualTo(0x24);
        assertThat(u8(1)).isEqualTo(0x40);
        TextResponsePdu response = new TextResponsePdu().wrap(buffer, AT);
        assertThat(response.isFinal()).isFalse();
        assertThat(response.continues()).isTrue();
        assertThat(response.targetTransferTag()).isEqualTo(9);
        assertThat(response.statSn()).isEqualTo(4);
        assertThat(response.expCmdSn()).isEqualTo(5);
        assertThat(response.maxCmdSn()).isEqualTo(6);
    }

    @Test
    void logoutRequestAndResponse() {
        new LogoutRequestPdu().wrap(buffer, AT).init().immediate(true)
                .reasonCode(PduCodes.LogoutReason.REMOVE_CONNECTION_FOR_RECOVERY).initiatorTaskTag(1).cid(7).cmdSn(2).expStatSn(3);
        assertThat(u8(0)).isEqualTo(0x46);
        assertThat(u8(1)).isEqualTo(0x82);
        LogoutRequestPdu request = new LogoutRequestPdu().wrap(buffer, AT);
        assertThat(request.reasonCode()).isEqualTo(2);
        assertThat(request.isFinal()).isTrue();
        assertThat(request.cid()).isEqualTo(7);
        assertThat(request.cmdSn()).isEqualTo(2);
        assertThat(request.expStatSn()).isEqualTo(3);

        new LogoutResponsePdu().wrap(buffer, AT).init().response(PduCodes.LogoutResponse.CLEANUP_FAILED).statSn(1)
                .expCmdSn(2).maxCmdSn(3).time2Wait(2).time2Retain(20);
        assertThat(u8(0)).isEqualTo(0x26);
        assertThat(u8(2)).isEqualTo(3);
        LogoutResponsePdu response = new LogoutResponsePdu().wrap(buffer, AT);
        assertThat(response.response()).isEqualTo(3);
        assertThat(response.statSn()).isEqualTo(1);
        assertThat(response.expCmdSn()).isEqualTo(2);
        assertThat(response.maxCmdSn()).isEqualTo(3);
        assertThat(response.time2Wait()).isEqualTo(2);
        assertThat(response.time2Retain()).isEqualTo(20);
    }

    @Test
    void taskManagementRequestAndResponse() {
        new TaskManagementRequestPdu().wrap(buffer, AT).init().immediate(true)
                .function(PduCodes.TaskManagementFunction.LOGICAL_UNIT_RESET).lun(1L << 48).initiatorTaskTag(1)
                .referencedTaskTag(-1).cmdSn(2).expStatSn(3).refCmdSn(4).expDataSn(5);
        assertThat(u8(0)).isEqualTo(0x42);
        assertThat(u8(1)).isEqualTo(0x85);
        TaskManagementRequestPdu request = new TaskManagementRequestPdu().wrap(buffer, AT);
        assertThat(request.function()).isEqualTo(5);
        assertThat(request.referencedTaskTag()).isEqualTo(-1);
        assertThat(request.cmdSn()).isEqualTo(2);
        assertThat(request.expStatSn()).isEqualTo(3);
        assertThat(request.refCmdSn()).isEqualTo(4);
        assertThat(request.expDataSn()).isEqualTo(5);

        new TaskManagementResponsePdu().wrap(buffer, AT).init()
                .response(PduCodes.TaskManagementResponse.FUNCTION_REJECTED).statSn(1).expCmdSn(2).maxCmdSn(3);
        assertThat(u8(0)).isEqualTo(0x22);
        assertThat(u8(2)).isEqualTo(255);
        TaskManagementResponsePdu response = new TaskManagementResponsePdu().wrap(buffer, AT);
        assertThat(response.response()).isEqualTo(255);
        assertThat(response.statSn()).isEqualTo(1);
        assertThat(response.expCmdSn()).isEqualTo(2);
        assertThat(response.maxCmdSn()).isEqualTo(3);
    }

    @Test
    void asyncMessage() {
        new AsyncMessagePdu().wrap(buffer, AT).init().lun(1).statSn(2).expCmdSn(3).maxCmdSn(4)
                .asyncEvent(PduCodes.AsyncEvent.LOGOUT_REQUEST).asyncVCode(0x7F).parameter1(0xFFFF).parameter2(2).parameter3(3);
        assertThat(u8(0)).isEqualTo(0x32);
        assertThat(i32(16)).isEqualTo(-1);
        assertThat(u8(36)).isEqualTo(1);
        assertThat(u8(37)).isEqualTo(0x7F);
        AsyncMessagePdu pdu = new AsyncMessagePdu().wrap(buffer, AT);
        assertThat(pdu.initiatorTaskTag()).isEqualTo(HeaderFlyweight.RESERVED_TAG);
        assertThat(pdu.statSn()).isEqualTo(2);
        assertThat(pdu.expCmdSn()).isEqualTo(3);
        assertThat(pdu.maxCmdSn()).isEqualTo(4);
        assertThat(pdu.asyncEvent()).isEqualTo(1);
        assertThat(pdu.asyncVCode()).isEqualTo(0x7F);
        assertThat(pdu.parameter1()).isEqualTo(0xFFFF);
        assertThat(pdu.parameter2()).isEqualTo(2);
        assertThat(pdu.parameter3()).isEqualTo(3);
    }

    @Test
    void reject() {
        new RejectPdu().wrap(buffer, AT).init().reason(PduCodes.RejectReason.DATA_DIGEST_ERROR).statSn(1).expCmdSn(2)
                .maxCmdSn(3).dataSn(4);
        assertThat(u8(0)).isEqualTo(0x3F);
        assertThat(u8(1)).isEqualTo(0x80);
        assertThat(u8(2)).isEqualTo(2);
        RejectPdu pdu = new RejectPdu().wrap(buffer, AT);
        assertThat(pdu.dataSegmentLength()).isEqualTo(48);
        assertThat(pdu.initiatorTaskTag()).isEqualTo(-1);
        assertThat(pdu.reason()).isEqualTo(2);
        assertThat(pdu.statSn()).isEqualTo(1);
        assertThat(pdu.expCmdSn()).isEqualTo(2);
        assertThat(pdu.maxCmdSn()).isEqualTo(3);
        assertThat(pdu.dataSn()).isEqualTo(4);
    }

    @Test
    void snackRequest() {
        new SnackRequestPdu().wrap(buffer, AT).init().type(PduCodes.SnackType.R_DATA).lun(1).initiatorTaskTag(2)
                .targetTransferTag(3).expStatSn(4).begRun(5).runLength(6);
        assertThat(u8(0)).isEqualTo(0x10);
        assertThat(u8(1)).isEqualTo(0x83);
        SnackRequestPdu pdu = new SnackRequestPdu().wrap(buffer, AT);
        assertThat(pdu.type()).isEqualTo(3);
        assertThat(pdu.targetTransferTag()).isEqualTo(3);
        assertThat(pdu.expStatSn()).isEqualTo(4);
        assertThat(pdu.begRun()).isEqualTo(5);
        assertThat(pdu.runLength()).isEqualTo(6);
    }

    @Test
    void codeTablesDescribe() {
        assertThat(Opcode.name(Opcode.R2T)).isEqualTo("R2T");
        assertThat(Opcode.name(0x1d)).isEqualTo("vendor specific");
        assertThat(Opcode.name(0x11)).isEqualTo("unknown");
        assertThat(Opcode.isInitiatorOpcode(Opcode.SNACK_REQUEST)).isTrue();
        assertThat(Opcode.isInitiatorOpcode(Opcode.NOP_IN)).isFalse();
        assertThat(PduCodes.LoginStatus.describe(0x0207)).isEqualTo("Missing parameter");
        assertThat(PduCodes.LoginStatus.statusClass(0x0302)).isEqualTo(3);
        assertThat(PduCodes.RejectReason.describe(PduCodes.RejectReason.WAITING_FOR_LOGOUT)).isEqualTo("Waiting for Logout");
        assertThat(PduCodes.TaskManagementFunction.describe(11)).isEqualTo("I_T NEXUS RESET");
        assertThat(PduCodes.TaskManagementResponse.describe(255)).isEqualTo("Function rejected");
        assertThat(PduCodes.AsyncEvent.describe(4)).isEqualTo("Negotiation request");
    }
}
