package org.scsi4j.iscsi.internal.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/** Extended CDB and Bidirectional Read Expected Data Transfer Length AHS, RFC 7143 §11.2.2. */
class ScsiCommandAhsTest {
    private final ByteBuffer buffer = ByteBuffer.allocate(512);
    private final ScsiCommandPdu command = new ScsiCommandPdu();

    private static byte[] cdb(int length) {
        byte[] cdb = new byte[length];
        for (int i = 0; i < length; i++) {
            cdb[i] = (byte) (0x7F + i);
        }
        return cdb;
    }

    @Test
    void extendedCdbSpansBhsAndAhs() {
        byte[] cdb = cdb(32);
        command.wrap(buffer, 0).init().cdb(cdb, cdb.length);
        int span = AdditionalHeaderSegment.putExtendedCdb(buffer, 48, cdb, cdb.length);
        assertThat(span).isEqualTo(20); // 4 + 16 extra bytes
        command.totalAhsLength(span / 4);
        assertThat(buffer.getShort(48)).as("AHSLength = CDB length - 15").isEqualTo((short) 17);
        assertThat(buffer.get(50)).isEqualTo((byte) AdditionalHeaderSegment.TYPE_EXTENDED_CDB);

        assertThat(command.cdbLength()).isEqualTo(32);
        for (int i = 0; i < 32; i++) {
            assertThat(command.cdbByte(i)).isEqualTo(cdb[i] & 0xFF);
        }
        ByteBuffer copy = ByteBuffer.allocate(300);
        assertThat(command.copyCdb(copy, 4)).isEqualTo(32);
        for (int i = 0; i < 32; i++) {
            assertThat(copy.get(4 + i)).isEqualTo(cdb[i]);
        }
        assertThat(AdditionalHeaderSegment.isWellFormed(buffer, 0)).isTrue();
    }

    @Test
    void oddExtendedCdbIsPaddedAndBidirectionalLengthFound() {
        byte[] cdb = cdb(17);
        command.wrap(buffer, 0).init().cdb(cdb, cdb.length);
        int span = AdditionalHeaderSegment.putExtendedCdb(buffer, 48, cdb, cdb.length);
        assertThat(span).isEqualTo(8);
        span += AdditionalHeaderSegment.putBidirectionalReadLength(buffer, 48 + span, 0x12345);
        command.totalAhsLength(span / 4);
        assertThat(command.cdbLength()).isEqualTo(17);
        assertThat(command.cdbByte(16)).isEqualTo(cdb[16] & 0xFF);
        assertThat(command.bidirectionalReadExpectedDataTransferLength()).isEqualTo(0x12345);
        assertThat(AdditionalHeaderSegment.find(buffer, 0, 7)).isEqualTo(-1);
    }

    @Test
    void bidirectionalAhsAloneKeepsSixteenByteCdb() {
        command.wrap(buffer, 0).init().cdb(cdb(16), 16);
        command.totalAhsLength(AdditionalHeaderSegment.putBidirectionalReadLength(buffer, 48, 4096) / 4);
        assertThat(command.cdbLength()).isEqualTo(16);
        assertThat(command.bidirectionalReadExpectedDataTransferLength()).isEqualTo(4096);
    }

    @Test
    void malformedAhsIsReported() {
        command.wrap(buffer, 0).init();
        buffer.putShort(48, (short) 200); // claims more than TotalAHSLength holds
        buffer.put(50, (byte) AdditionalHeaderSegment.TYPE_EXTENDED_CDB);
        command.totalAhsLength(2);
        assertThat(AdditionalHeaderSegment.isWellFormed(buffer, 0)).isFalse();
        assertThat(command.cdbLength()).isEqualTo(-1);
        assertThat(command.copyCdb(ByteBuffer.allocate(300), 0)).isEqualTo(-1);

        buffer.putShort(48, (short) 0); // zero AHSLength is not a segment
        assertThat(AdditionalHeaderSegment.isWellFormed(buffer, 0)).isFalse();
    }
}
