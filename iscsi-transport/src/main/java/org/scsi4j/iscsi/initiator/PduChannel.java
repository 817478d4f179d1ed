package org.scsi4j.iscsi.initiator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.scsi4j.iscsi.internal.pdu.BasicHeaderSegment;
import org.scsi4j.iscsi.internal.pdu.Crc32cDigest;
import org.scsi4j.iscsi.internal.pdu.HeaderFlyweight;
import org.scsi4j.iscsi.internal.pdu.PduFramer;

/**
 * One TCP connection's bytes, owned by the I/O loop: a direct receive buffer framed by a
 * {@link PduFramer}, and a direct send buffer PDUs are encoded into in place (BHS, AHS, header
 * digest, data, padding, data digest; RFC 7143 §11.1, §13.1) and written with non-blocking
 * writes. Nothing is allocated per PDU.
 *
 * <p>Send side: {@link #begin} reserves room for a PDU and returns where its BHS goes; the caller
 * writes the BHS fields, the AHS and the data at {@link #dataOffset}; {@link #commit} sets the
 * lengths, pads, signs and makes the PDU part of what {@link #flush} writes. Data PDUs leave
 * {@link #CONTROL_RESERVE} bytes free so control PDUs (NOP-Out answers, task management, logout)
 * always fit.
 */
final class PduChannel {
    /** Room kept for control PDUs when data PDUs fill the send buffer. */
    static final int CONTROL_RESERVE = 16 * 1024;
    /** BHS, the largest AHS the flyweights write, and both digests. */
    static final int HEADER_ROOM = HeaderFlyweight.BHS_LENGTH + 256 + 2 * Crc32cDigest.DIGEST_LENGTH + 4;

    final SocketChannel socket;
    final SelectionKey key;
    private final ByteBuffer rx;
    private final ByteBuffer tx;
    private final Crc32cDigest crc = new Crc32cDigest();
    final PduFramer framer = new PduFramer(crc);
    private final BasicHeaderSegment bhs = new BasicHeaderSegment();
    private int rxRead;
    private int txStart;
    private int txEnd;
    private boolean headerDigest;
    private boolean dataDigest;
    private boolean writeInterest;

    /**
     * @param maxRecvSegment largest data segment accepted (our MaxRecvDataSegmentLength, at
     *                       least the 8192 in force during login)
     * @param maxSendSegment largest data segment this side will ever send
     */
    PduChannel(SocketChannel socket, SelectionKey key, int maxRecvSegment, int maxSendSegment) {
        this.socket = socket;
        this.key = key;
        int recv = Math.max(maxRecvSegment, PduFramer.DEFAULT_MAX_RECV_DATA_SEGMENT_LENGTH);
        framer.maxRecvDataSegmentLength(recv);
        rx = ByteBuffer.allocateDirect(2 * (recv + HEADER_ROOM)).order(ByteOrder.BIG_ENDIAN);
        int send = Math.max(maxSendSegment, PduFramer.DEFAULT_MAX_RECV_DATA_SEGMENT_LENGTH);
        tx = ByteBuffer.allocateDirect(2 * (send + HEADER_ROOM) + CONTROL_RESERVE).order(ByteOrder.BIG_ENDIAN);
    }

    /** Switches both directions to the digests negotiated (from the first full feature PDU). */
    void digests(boolean header, boolean data) {
        headerDigest = header;
        dataDigest = data;
        framer.headerDigest(header).dataDigest(data);
    }

    // ---------------------------------------------------------------- receive

    ByteBuffer rx() {
        return rx;
    }

    /** @return bytes read (0 when none were ready), -1 at end of stream */
    int read() throws IOException {
        if (rxRead == rx.position()) {
            rx.clear();
            rxRead = 0;
        } else if (rx.capacity() - rxRead < framer.expectedLength()) {
            rx.limit(rx.position()).position(rxRead);
            rx.compact();
            rxRead = 0;
        }
        if (!rx.hasRemaining()) {
            return 0;
        }
        return socket.read(rx);
    }

    /** Frames the next PDU of the bytes received: see {@link PduFramer#frame}. */
    PduFramer.Outcome frame() {
        return framer.frame(rx, rxRead, rx.position());
    }

    /** Moves past the PDU just framed. */
    void consume() {
        rxRead += framer.pduLength();
    }

    // ---------------------------------------------------------------- send

    ByteBuffer tx() {
        return tx;
    }

    /**
     * Reserves room for one PDU.
     *
     * @param ahsLength AHS bytes (a multiple of 4)
     * @param dataLength DataSegmentLength
     * @param control true for control PDUs, which may use the reserve
     * @return the index of the BHS in {@link #tx()}, or -1 when the PDU does not fit now
     */
    int begin(int ahsLength, int dataLength, boolean control) {
        int need = HeaderFlyweight.BHS_LENGTH + ahsLength + HeaderFlyweight.pad(dataLength)
                + 2 * Crc32cDigest.DIGEST_LENGTH + (control ? 0 : CONTROL_RESERVE);
        if (tx.capacity() - txEnd < need && txStart > 0) {
            int pending = txEnd - txStart;
            tx.limit(txEnd).position(txStart);
            tx.compact();
            tx.clear();
            txStart = 0;
            txEnd = pending;
        }
        if (tx.capacity() - txEnd < need) {
            return -1;
        }
        return txEnd;
    }

    /** @return where the data segment of the PDU begun at {@code bhs} goes */
    int dataOffset(int bhs, int ahsLength) {
        return bhs + HeaderFlyweight.BHS_LENGTH + ahsLength + (headerDigest ? Crc32cDigest.DIGEST_LENGTH : 0);
    }

    /** Completes the PDU begun at {@code bhs}: lengths, padding, digests. */
    void commit(int bhs, int ahsLength, int dataLength) {
        this.bhs.wrap(tx, bhs).totalAhsLength(ahsLength / 4).dataSegmentLength(dataLength);
        int headerLength = HeaderFlyweight.BHS_LENGTH + ahsLength;
        int at = bhs + headerLength;
        if (headerDigest) {
            crc.sign(tx, bhs, headerLength, at);
            at += Crc32cDigest.DIGEST_LENGTH;
        }
        if (dataLength > 0) {
            int padded = HeaderFlyweight.pad(dataLength);
            for (int i = dataLength; i < padded; i++) {
                tx.put(at + i, (byte) 0);
            }
            if (dataDigest) {
                crc.sign(tx, at, padded, at + padded);
                at += Crc32cDigest.DIGEST_LENGTH;
            }
            at += padded;
        }
        txEnd = at;
    }

    boolean hasPendingOutput() {
        return txEnd > txStart;
    }

    /**
     * Writes what the socket takes without blocking, and asks for OP_WRITE while something is
     * left.
     */
    void flush() throws IOException {
        if (txEnd > txStart) {
            tx.limit(txEnd).position(txStart);
            try {
                socket.write(tx);
                txStart = tx.position();
            } finally {
                tx.clear();
            }
            if (txStart == txEnd) {
                txStart = 0;
                txEnd = 0;
            }
        }
        boolean want = txEnd > txStart;
        if (want != writeInterest && key.isValid()) {
            writeInterest = want;
            key.interestOps(want ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    void close() {
        key.cancel();
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
