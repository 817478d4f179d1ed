package org.scsi4j.iscsi.internal.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.scsi4j.iscsi.internal.capture.PcapTcpStreams;
import org.scsi4j.iscsi.internal.capture.PcapTcpStreams.Conversation;
import org.scsi4j.iscsi.internal.capture.PduCursor;
import org.scsi4j.iscsi.internal.pdu.PduFramer.Outcome;

/**
 * Golden bytes from the Linux 6.1 kernel initiator, which negotiated HeaderDigest=CRC32C:
 * after the login every PDU in both directions must frame with a valid header digest.
 */
class KernelCaptureTest {
    private static final Conversation KERNEL =
            PcapTcpStreams.readResource("linux-kernel-initiator-head.pcap", 3286).get(0);

    /** Frames the login PDU without digests, then everything else with header digests. */
    private static List<PduCursor.Framed> frameWithDigestsAfterLogin(byte[] stream, PduCursor[] cursorOut) {
        PduFramer framer = new PduFramer().maxRecvDataSegmentLength(262144);
        PduCursor cursor = new PduCursor(stream, framer);
        assertThat(cursor.next()).isEqualTo(Outcome.PDU_READY);
        framer.headerDigest(true);
        cursorOut[0] = cursor;
        return cursor.frameAll();
    }

    @Test
    void everyInitiatorPduAfterLoginCarriesAValidHeaderDigest() {
        PduCursor[] cursor = new PduCursor[1];
        List<PduCursor.Framed> pdus = frameWithDigestsAfterLogin(KERNEL.toTarget(), cursor);
        assertThat(pdus).hasSizeGreaterThan(60);
        assertThat(pdus).allSatisfy(p -> assertThat(p.opcode()).isIn(Opcode.SCSI_COMMAND, Opcode.DATA_OUT, Opcode.NOP_OUT));
        // the capture was cut at packet 160: only a partial PDU (or nothing) may be left over
        assertThat(cursor[0].next()).isEqualTo(Outcome.NEED_MORE);
        assertThat(cursor[0].remaining()).isLessThan(48 + 4 + 512);
    }

    @Test
    void everyTargetPduAfterLoginCarriesAValidHeaderDigest() {
        PduCursor[] cursor = new PduCursor[1];
        List<PduCursor.Framed> pdus = frameWithDigestsAfterLogin(KERNEL.fromTarget(), cursor);
        assertThat(pdus).hasSizeGreaterThan(60);
        assertThat(pdus).extracting(PduCursor.Framed::opcode).contains(Opcode.DATA_IN, Opcode.SCSI_RESPONSE);
        assertThat(pdus.stream().mapToInt(PduCursor.Framed::dataLength).max().getAsInt()).isEqualTo(16384);
    }

    @Test
    void theLoginRequestAsTheKernelSentIt() {
        PduCursor cursor = new PduCursor(KERNEL.toTarget(), new PduFramer());
        assertThat(cursor.next()).isEqualTo(Outcome.PDU_READY);
        LoginRequestPdu login = new LoginRequestPdu().wrap(cursor.buffer(), cursor.headerOffset());
        assertThat(login.opcode()).isEqualTo(Opcode.LOGIN_REQUEST);
        assertThat(login.immediate()).isTrue();
        assertThat(login.transit()).isTrue();
        assertThat(login.continues()).isFalse();
        assertThat(LoginStage.fromCode(login.currentStage())).isEqualTo(LoginStage.OPERATIONAL_NEGOTIATION);
        assertThat(LoginStage.fromCode(login.nextStage())).isEqualTo(LoginStage.FULL_FEATURE_PHASE);
        assertThat(login.versionMax()).isZero();
        assertThat(login.versionMin()).isZero();
        assertThat(login.isid()).isEqualTo(0x00023d000001L);
        assertThat(login.tsih()).isZero();
        assertThat(login.dataSegmentLength()).isEqualTo(cursor.dataLength()).isGreaterThan(300);
    }

    @Test
    void firstInquiryDecodesAndItsDigestIsTheCapturedBytes() {
        PduFramer framer = new PduFramer();
        PduCursor cursor = new PduCursor(KERNEL.toTarget(), framer);
        cursor.next();
        framer.headerDigest(true);
        assertThat(cursor.next()).isEqualTo(Outcome.PDU_READY);
        ScsiCommandPdu command = new ScsiCommandPdu().wrap(cursor.buffer(), cursor.headerOffset());
        assertThat(command.opcode()).isEqualTo(Opcode.SCSI_COMMAND);
        assertThat(command.isFinal()).isTrue();
        assertThat(command.read()).isTrue();
        assertThat(command.write()).isFalse();
        assertThat(command.taskAttribute()).isEqualTo(ScsiCommandPdu.ATTR_SIMPLE);
        assertThat(command.lun()).isZero();
        assertThat(command.expectedDataTransferLength()).isEqualTo(36);
        assertThat(command.cdbLength()).isEqualTo(16);
        assertThat(command.cdbByte(0)).as("INQUIRY").isEqualTo(0x12);
        assertThat(command.cdbByte(4)).as("allocation length").isEqualTo(36);
        ByteBuffer b = cursor.buffer();
        int digestAt = cursor.headerOffset() + 48;
        assertThat(new byte[] {b.get(digestAt), b.get(digestAt + 1), b.get(digestAt + 2), b.get(digestAt + 3)})
                .containsExactly(0x34, 0x6a, 0x44, 0xc7);
        assertThat(new Crc32cDigest().compute(b, cursor.headerOffset(), 48)).isEqualTo(0xc7446a34);
    }

    @Test
    void aFlippedBitInARealHeaderIsAHeaderDigestError() {
        byte[] stream = KERNEL.toTarget().clone();
        PduFramer framer = new PduFramer().maxRecvDataSegmentLength(262144);
        PduCursor cursor = new PduCursor(stream, framer);
        cursor.next();
        framer.headerDigest(true);
        stream[cursor.buffer().position() + 20] ^= 0x10;  // EDTL of the first SCSI command
        assertThat(cursor.next()).isEqualTo(Outcome.HEADER_DIGEST_ERROR);
        assertThat(framer.state()).isEqualTo(PduFramer.State.BAD);
    }

    @Test
    void arrivalInSmallReadsFramesTheSamePdus() {
        for (int readSize : new int[] {1, 7, 1448}) {
            PduFramer framer = new PduFramer().maxRecvDataSegmentLength(262144);
            ByteBuffer stream = ByteBuffer.wrap(KERNEL.fromTarget());
            int position = 0;
            int pdus = 0;
            for (int end = Math.min(readSize, stream.capacity()); ; end = Math.min(end + readSize, stream.capacity())) {
                Outcome outcome;
                while ((outcome = framer.frame(stream, position, end)) == Outcome.PDU_READY) {
                    position += framer.pduLength();
                    if (pdus++ == 0) {
                        framer.headerDigest(true);
                    }
                }
                assertThat(outcome).isEqualTo(Outcome.NEED_MORE);
                if (end == stream.capacity()) {
                    break;
                }
            }
            PduCursor[] whole = new PduCursor[1];
            int expected = 1 + frameWithDigestsAfterLogin(KERNEL.fromTarget(), whole).size();
            assertThat(pdus).as("PDUs with %d-byte reads", readSize).isEqualTo(expected);
        }
    }
}
