package org.scsi4j.iscsi.internal.pdu;

import java.nio.ByteBuffer;

/**
 * Finds iSCSI PDU boundaries in a receive buffer without copying or allocating (RFC 7143 §11.1,
 * §11.2): BHS (48) → AHS (TotalAHSLength × 4) → header digest (4, if enabled) → data segment
 * (padded to 4) → data digest (4, if enabled and the data segment is not empty).
 *
 * <p>Usage, on the connection's I/O thread:
 * <pre>{@code
 * framer.maxRecvDataSegmentLength(ours).headerDigest(hd).dataDigest(dd); // any time
 * while (true) {
 *     PduFramer.Outcome outcome = framer.frame(receiveBuffer); // position..limit
 *     if (outcome == NEED_MORE) break;           // read more (expectedLength() tells how much)
 *     if (outcome == PDU_READY) dispatch(receiveBuffer, framer.headerOffset(), framer.dataOffset(),
 *                                        framer.dataSegmentLength());
 *     else if (outcome == DATA_DIGEST_ERROR) sendReject(DATA_DIGEST_ERROR);  // framing intact
 *     else { dropConnection(outcome); return; }  // framer is now BAD until reset()
 *     receiveBuffer.position(receiveBuffer.position() + framer.pduLength());
 * }
 * }</pre>
 *
 * <p>States: {@link State#AWAIT_HEADER} until BHS, AHS and header digest are present and valid;
 * {@link State#AWAIT_DATA} until the whole PDU is present (then {@link #headerReady()} lets a
 * caller steer a large data segment straight into its destination buffer);
 * {@link State#BAD} after an error that loses framing. All offsets kept are relative to the PDU
 * start, so the caller may compact the buffer between calls; after {@code PDU_READY} or
 * {@code DATA_DIGEST_ERROR} the caller must advance past {@link #pduLength()} bytes.
 *
 * <p>Digest enablement and the data segment limit may change at any time (they change after
 * login); a change applies from the next PDU whose header has not been validated yet.
 */
public final class PduFramer {
    /** RFC 7143 §13.12 default MaxRecvDataSegmentLength, in force until one is declared. */
    public static final int DEFAULT_MAX_RECV_DATA_SEGMENT_LENGTH = 8192;
    /**
     * Default AHS limit: one Extended CDB AHS for the longest (260-byte) CDB (248 bytes) plus a
     * Bidirectional Read Expected Data Transfer Length AHS (8 bytes).
     */
    public static final int DEFAULT_MAX_AHS_LENGTH = 256;

    /** What {@link #frame} found. */
    public enum Outcome {
        /** Not a whole PDU yet; read more. Nothing was consumed. */
        NEED_MORE,
        /** A whole, valid PDU; offsets and lengths are set. */
        PDU_READY,
        /** Header digest mismatch: DataSegmentLength cannot be trusted; framer is BAD (§7.8). */
        HEADER_DIGEST_ERROR,
        /** Data digest mismatch: the PDU spans {@link #pduLength()}; answer Reject and go on. */
        DATA_DIGEST_ERROR,
        /** DataSegmentLength above our MaxRecvDataSegmentLength; framer is BAD. */
        DATA_SEGMENT_TOO_LONG,
        /** TotalAHSLength above the AHS limit; framer is BAD. */
        AHS_TOO_LONG,
        /** A previous error made the framer BAD; call {@link #reset()} for a new connection. */
        BAD
    }

    /** Framing state. */
    public enum State {
        AWAIT_HEADER,
        AWAIT_DATA,
        BAD
    }

    private final Crc32cDigest digest;
    private boolean headerDigest;
    private boolean dataDigest;
    private int maxRecvDataSegmentLength = DEFAULT_MAX_RECV_DATA_SEGMENT_LENGTH;
    private int maxAhsLength = DEFAULT_MAX_AHS_LENGTH;

    private State state = State.AWAIT_HEADER;
    private Outcome badOutcome;
    private int pduStart;
    private int ahsLength;
    private int dataSegmentLength;
    private int dataOffsetInPdu;
    private int dataDigestLength;
    private int pduLength;
    private int expectedLength = HeaderFlyweight.BHS_LENGTH;

    /** @param digest the connection's digest helper (shared with the send path is fine) */
    public PduFramer(Crc32cDigest digest) {
        this.digest = digest;
    }

    public PduFramer() {
        this(new Crc32cDigest());
    }

    /** HeaderDigest=CRC32C in force for received PDUs. */
    public PduFramer headerDigest(boolean enabled) {
        this.headerDigest = enabled;
        return this;
    }

    /** DataDigest=CRC32C in force for received PDUs. */
    public PduFramer dataDigest(boolean enabled) {
        this.dataDigest = enabled;
        return this;
    }

    /** Our declared MaxRecvDataSegmentLength (§13.12): the largest data segment accepted. */
    public PduFramer maxRecvDataSegmentLength(int length) {
        if (length < 1 || length > HeaderFlyweight.MAX_DATA_SEGMENT_LENGTH) {
            throw new IllegalArgumentException("MaxRecvDataSegmentLength out of range: " + length);
        }
        this.maxRecvDataSegmentLength = length;
        return this;
    }

    /** Largest TotalAHSLength accepted, in bytes (0–1020). */
    public PduFramer maxAhsLength(int length) {
        if (length < 0 || length > 255 * 4) {
            throw new IllegalArgumentException("AHS limit out of range: " + length);
        }
        this.maxAhsLength = length;
        return this;
    }

    public boolean headerDigest() {
        return headerDigest;
    }

    public boolean dataDigest() {
        return dataDigest;
    }

    public int maxRecvDataSegmentLength() {
        return maxRecvDataSegmentLength;
    }

    /** Frames the bytes between the buffer's position and limit. */
    public Outcome frame(ByteBuffer buffer) {
        return frame(buffer, buffer.position(), buffer.limit());
    }

    /**
     * Frames the bytes of {@code buffer} in [{@code start}, {@code end}). Absolute access only:
     * the buffer's position and limit are not changed.
     */
    public Outcome frame(ByteBuffer buffer, int start, int end) {
        if (state == State.BAD) {
            return Outcome.BAD;
        }
        pduStart = start;
        int available = end - start;
        if (state == State.AWAIT_HEADER) {
            if (available < HeaderFlyweight.BHS_LENGTH) {
                expectedLength = HeaderFlyweight.BHS_LENGTH;
                return Outcome.NEED_MORE;
            }
            int word = buffer.getInt(start + HeaderFlyweight.TOTAL_AHS_LENGTH_OFFSET);
            int ahs = (word >>> 24) * 4;
            int dsl = word & HeaderFlyweight.MAX_DATA_SEGMENT_LENGTH;
            if (ahs > maxAhsLength) {
                return fail(Outcome.AHS_TOO_LONG);
            }
            if (dsl > maxRecvDataSegmentLength) {
                return fail(Outcome.DATA_SEGMENT_TOO_LONG);
            }
            int headerLength = HeaderFlyweight.BHS_LENGTH + ahs;
            int headerDigestLength = headerDigest ? Crc32cDigest.DIGEST_LENGTH : 0;
            int dataDigestBytes = dataDigest && dsl > 0 ? Crc32cDigest.DIGEST_LENGTH : 0;
            int dataOffset = headerLength + headerDigestLength;
            expectedLength = dataOffset + HeaderFlyweight.pad(dsl) + dataDigestBytes;
            if (available < dataOffset) {
                return Outcome.NEED_MORE;
            }
            if (headerDigest && !digest.verify(buffer, start, headerLength, start + headerLength)) {
                return fail(Outcome.HEADER_DIGEST_ERROR);
            }
            ahsLength = ahs;
            dataSegmentLength = dsl;
            dataOffsetInPdu = dataOffset;
            dataDigestLength = dataDigestBytes;
            pduLength = expectedLength;
            state = State.AWAIT_DATA;
        }
        if (available < pduLength) {
            return Outcome.NEED_MORE;
        }
        state = State.AWAIT_HEADER;
        expectedLength = HeaderFlyweight.BHS_LENGTH;
        if (dataDigestLength != 0) {
            int padded = HeaderFlyweight.pad(dataSegmentLength);
            int dataStart = start + dataOffsetInPdu;
            if (!digest.verify(buffer, dataStart, padded, dataStart + padded)) {
                return Outcome.DATA_DIGEST_ERROR;
            }
        }
        return Outcome.PDU_READY;
    }

    private Outcome fail(Outcome outcome) {
        state = State.BAD;
        badOutcome = outcome;
        return outcome;
    }

    /** Forgets everything, including a BAD state: for a buffer that starts a new stream. */
    public void reset() {
        state = State.AWAIT_HEADER;
        badOutcome = null;
        expectedLength = HeaderFlyweight.BHS_LENGTH;
        pduLength = 0;
    }

    public State state() {
        return state;
    }

    /** @return the error that made the framer BAD, or null */
    public Outcome badOutcome() {
        return badOutcome;
    }

    /**
     * @return true when the current PDU's header (BHS, AHS, header digest) is present and valid
     *         but its data segment is not complete yet
     */
    public boolean headerReady() {
        return state == State.AWAIT_DATA;
    }

    /**
     * @return total bytes the PDU being framed needs, counted from its start: 48 before the BHS
     *         is known, the whole PDU length after
     */
    public int expectedLength() {
        return expectedLength;
    }

    /** @return bytes spanned by the PDU found, digests and padding included: advance by this */
    public int pduLength() {
        return pduLength;
    }

    /** @return absolute index of the BHS in the buffer last passed to {@link #frame} */
    public int headerOffset() {
        return pduStart;
    }

    /** @return BHS + AHS length, without the header digest */
    public int headerLength() {
        return HeaderFlyweight.BHS_LENGTH + ahsLength;
    }

    /** @return AHS bytes (TotalAHSLength × 4) */
    public int ahsLength() {
        return ahsLength;
    }

    /** @return absolute index of the data segment in the buffer last passed to {@link #frame} */
    public int dataOffset() {
        return pduStart + dataOffsetInPdu;
    }

    /** @return DataSegmentLength, without padding */
    public int dataSegmentLength() {
        return dataSegmentLength;
    }

    /** @return the data segment length including padding (what the data digest covers) */
    public int paddedDataSegmentLength() {
        return HeaderFlyweight.pad(dataSegmentLength);
    }
}
