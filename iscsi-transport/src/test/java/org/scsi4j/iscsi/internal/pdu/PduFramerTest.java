package org.scsi4j.iscsi.internal.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.scsi4j.iscsi.internal.pdu.PduFramer.Outcome;

/** The framing state machine: partial arrival, back-to-back PDUs, padding, digests, limits. */
class PduFramerTest {
    private final Crc32cDigest crc = new Crc32cDigest();
    private final PduFramer framer = new PduFramer(crc);

    /** Writes a Data-Out PDU at {@code at}; returns its total length. */
    private int putDataOut(ByteBuffer buffer, int at, int dataLength, boolean headerDigest, boolean dataDigest) {
        new DataOutPdu().wrap(buffer, at).init(true).initiatorTaskTag(0x42).dataSegmentLength(dataLength);
        int index = at + 48;
        if (headerDigest) {
            crc.sign(buffer, at, 48, index);
            index += 4;
        }
        for (int i = 0; i < dataLength; i++) {
            buffer.put(index + i, (byte) (i + 1));
        }
        int padded = HeaderFlyweight.pad(dataLength);
        for (int i = dataLength; i < padded; i++) {
            buffer.put(index + i, (byte) 0);
        }
        if (dataDigest && dataLength > 0) {
            crc.sign(buffer, index, padded, index + padded);
            padded += 4;
        }
        return index + padded - at;
    }

    @Test
    void byteByByteArrivalNeedsMoreUntilTheLastByte() {
        framer.headerDigest(true).dataDigest(true);
        ByteBuffer buffer = ByteBuffer.allocate(256);
        int length = putDataOut(buffer, 0, 13, true, true);
        assertThat(length).isEqualTo(48 + 4 + 16 + 4);
        for (int end = 0; end < length; end++) {
            assertThat(framer.frame(buffer, 0, end)).as("with %d bytes", end).isEqualTo(Outcome.NEED_MORE);
            assertThat(framer.headerReady()).isEqualTo(end >= 52);
            assertThat(framer.expectedLength()).isEqualTo(end < 48 ? 48 : length);
        }
        assertThat(framer.frame(buffer, 0, length)).isEqualTo(Outcome.PDU_READY);
        assertThat(framer.pduLength()).isEqualTo(length);
        assertThat(framer.headerOffset()).isZero();
        assertThat(framer.headerLength()).isEqualTo(48);
        assertThat(framer.dataOffset()).isEqualTo(52);
        assertThat(framer.dataSegmentLength()).isEqualTo(13);
        assertThat(framer.paddedDataSegmentLength()).isEqualTo(16);
        assertThat(framer.state()).isEqualTo(PduFramer.State.AWAIT_HEADER);
    }

    @Test
    void twoPdusInOneBufferAndPadding() {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        int first = putDataOut(buffer, 5, 5, false, false);
        int second = putDataOut(buffer, 5 + first, 0, false, false);
        buffer.position(5).limit(5 + first + second);
        assertThat(framer.frame(buffer)).isEqualTo(Outcome.PDU_READY);
        assertThat(framer.pduLength()).isEqualTo(48 + 8);
        assertThat(framer.dataOffset()).isEqualTo(5 + 48);
        assertThat(framer.dataSegmentLength()).isEqualTo(5);
        buffer.position(buffer.position() + framer.pduLength());
        assertThat(framer.frame(buffer)).isEqualTo(Outcome.PDU_READY);
        assertThat(framer.headerOffset()).isEqualTo(5 + first);
        assertThat(framer.pduLength()).isEqualTo(48);
        assertThat(framer.dataSegmentLength()).isZero();
        buffer.position(buffer.position() + framer.pduLength());
        assertThat(framer.frame(buffer)).isEqualTo(Outcome.NEED_MORE);
        assertThat(buffer.position()).isEqualTo(buffer.limit());
    }

    @Test
    void noDataDigestWithoutData() {
        framer.dataDigest(true);
        ByteBuffer buffer = ByteBuffer.allocate(64);
        int length = putDataOut(buffer, 0, 0, false, true);
        assertThat(length).isEqualTo(48);
        assertThat(framer.frame(buffer, 0, 48)).isEqualTo(Outcome.PDU_READY);
        assertThat(framer.pduLength()).isEqualTo(48);
    }

    @Test
    void headerDigestErrorMakesTheFramerBad() {
        framer.headerDigest(true);
        ByteBuffer buffer = ByteBuffer.allocate(128);
        int length = putDataOut(buffer, 0, 4, true, false);
        buffer.put(20, (byte) 0x55);
        assertThat(framer.frame(buffer, 0, length)).isEqualTo(Outcome.HEADER_DIGEST_ERROR);
        assertThat(framer.state()).isEqualTo(PduFramer.State.BAD);
        assertThat(framer.frame(buffer, 0, length)).isEqualTo(Outcome.BAD);
        assertThat(framer.badOutcome()).isEqualTo(Outcome.HEADER_DIGEST_ERROR);
        framer.reset();
        assertThat(framer.frame(buffer, 0, 10)).isEqualTo(Outcome.NEED_MORE);
    }

    @Test
    void dataDigestErrorKeepsFramingSoTheNextPduIsRead() {
        framer.headerDigest(true).dataDigest(true);
        ByteBuffer buffer = ByteBuffer.allocate(256);
        int first = putDataOut(buffer, 0, 8, true, true);
        int second = putDataOut(buffer, first, 8, true, true);
        buffer.put(52 + 3, (byte) 0x77);
        assertThat(framer.frame(buffer, 0, first + second)).isEqualTo(Outcome.DATA_DIGEST_ERROR);
        assertThat(framer.pduLength()).isEqualTo(first);
        assertThat(framer.frame(buffer, first, first + second)).isEqualTo(Outcome.PDU_READY);
    }

    @Test
    void dataSegmentAboveOurMaxRecvDataSegmentLengthIsRejectedFromTheHeader() {
        framer.maxRecvDataSegmentLength(512);
        ByteBuffer buffer = ByteBuffer.allocate(64);
        new DataOutPdu().wrap(buffer, 0).init(true).dataSegmentLength(513);
        assertThat(framer.frame(buffer, 0, 48)).isEqualTo(Outcome.DATA_SEGMENT_TOO_LONG);
        assertThat(framer.frame(buffer, 0, 48)).isEqualTo(Outcome.BAD);

        PduFramer exact = new PduFramer().maxRecvDataSegmentLength(513);
        assertThat(exact.frame(buffer, 0, 48)).isEqualTo(Outcome.NEED_MORE);
        assertThat(exact.expectedLength()).isEqualTo(48 + 516);
    }

    @Test
    void ahsLimit() {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        new ScsiCommandPdu().wrap(buffer, 0).init().totalAhsLength(65);
        assertThat(framer.frame(buffer, 0, 48)).isEqualTo(Outcome.AHS_TOO_LONG);

        PduFramer ok = new PduFramer();
        new ScsiCommandPdu().wrap(buffer, 0).init().totalAhsLength(64);
        assertThat(ok.frame(buffer, 0, 48)).isEqualTo(Outcome.NEED_MORE);
        assertThat(ok.expectedLength()).isEqualTo(48 + 256);
    }

    @Test
    void ahsAndHeaderDigestPlaceTheDataSegment() {
        framer.headerDigest(true);
        ByteBuffer buffer = ByteBuffer.allocate(256);
        byte[] cdb = new byte[20];
        new ScsiCommandPdu().wrap(buffer, 0).init().write(true).cdb(cdb, 20).dataSegmentLength(6)
                .totalAhsLength(AdditionalHeaderSegment.putExtendedCdb(buffer, 48, cdb, 20) / 4);
        crc.sign(buffer, 0, 56, 56);
        assertThat(framer.frame(buffer, 0, 60 + 8)).isEqualTo(Outcome.PDU_READY);
        assertThat(framer.ahsLength()).isEqualTo(8);
        assertThat(framer.headerLength()).isEqualTo(56);
        assertThat(framer.dataOffset()).isEqualTo(60);
        assertThat(framer.pduLength()).isEqualTo(68);
    }

    @Test
    void offsetsAreRelativeSoTheBufferMayBeCompactedMidPdu() {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        int length = putDataOut(buffer, 100, 20, false, false);
        assertThat(framer.frame(buffer, 100, 160)).isEqualTo(Outcome.NEED_MORE);
        assertThat(framer.headerReady()).isTrue();
        buffer.position(100).limit(160);
        buffer.compact();   // header bytes move to index 0, like a receive loop does
        buffer.flip();
        assertThat(framer.frame(buffer, 0, 60)).isEqualTo(Outcome.NEED_MORE);
        assertThat(framer.frame(buffer, 0, length)).isEqualTo(Outcome.PDU_READY);
        assertThat(framer.dataOffset()).isEqualTo(48);
    }

    @Test
    void digestSettingsApplyFromTheNextHeader() {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        int first = putDataOut(buffer, 0, 4, false, false);
        int second = putDataOut(buffer, first, 4, true, true);
        assertThat(framer.frame(buffer, 0, first + second)).isEqualTo(Outcome.PDU_READY);
        framer.headerDigest(true).dataDigest(true);
        assertThat(framer.frame(buffer, first, first + second)).isEqualTo(Outcome.PDU_READY);
        assertThat(framer.pduLength()).isEqualTo(48 + 4 + 4 + 4);
    }

    @Test
    void framingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        framer.headerDigest(true).dataDigest(true);
        ByteBuffer heap = ByteBuffer.allocate(8192);
        ByteBuffer direct = ByteBuffer.allocateDirect(8192);
        int length = putDataOut(heap, 0, 4096, true, true);
        direct.put(0, heap, 0, length);
        DataOutPdu flyweight = new DataOutPdu();
        for (int i = 0; i < 20_000; i++) {   // warm up
            frameAndRead(heap, length, flyweight);
            frameAndRead(direct, length, flyweight);
        }
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        long checksum = 0;
        for (int i = 0; i < 20_000; i++) {
            checksum += frameAndRead(heap, length, flyweight);
            checksum += frameAndRead(direct, length, flyweight);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(checksum).isEqualTo(40_000L * 0x42);
        assertThat(allocated).as("bytes allocated while framing 40,000 PDUs").isLessThan(4096);
    }

    private int frameAndRead(ByteBuffer buffer, int length, DataOutPdu flyweight) {
        if (framer.frame(buffer, 0, length) != Outcome.PDU_READY) {
            throw new AssertionError("framing failed");
        }
        return flyweight.wrap(buffer, framer.headerOffset()).initiatorTaskTag();
    }
}
