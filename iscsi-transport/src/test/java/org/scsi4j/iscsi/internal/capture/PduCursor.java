package org.scsi4j.iscsi.internal.capture;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.scsi4j.iscsi.internal.pdu.PduFramer;

/**
 * Test fixture: walks the PDUs of a captured TCP stream with a {@link PduFramer}, the way a
 * connection's receive loop would, so a test can change the framer's digest settings between
 * PDUs (they switch on after login).
 */
public final class PduCursor {
    private final ByteBuffer buffer;
    private final PduFramer framer;
    private int headerOffset;
    private int dataOffset;
    private int dataLength;
    private int count;

    public PduCursor(byte[] stream, PduFramer framer) {
        this.buffer = ByteBuffer.wrap(stream);
        this.framer = framer;
    }

    /**
     * Frames the PDU at the cursor; on {@code PDU_READY} or {@code DATA_DIGEST_ERROR} records
     * where it lies and moves past it.
     */
    public PduFramer.Outcome next() {
        PduFramer.Outcome outcome = framer.frame(buffer);
        if (outcome == PduFramer.Outcome.PDU_READY || outcome == PduFramer.Outcome.DATA_DIGEST_ERROR) {
            headerOffset = framer.headerOffset();
            dataOffset = framer.dataOffset();
            dataLength = framer.dataSegmentLength();
            buffer.position(buffer.position() + framer.pduLength());
            count++;
        }
        return outcome;
    }

    /** Where one framed PDU lies in a captured stream. */
    public record Framed(ByteBuffer buffer, int headerOffset, int dataOffset, int dataLength) {
        public int opcode() {
            return buffer.get(headerOffset) & 0x3F;
        }

        /** @return a copy of the data segment (text, sense, payload) */
        public byte[] data() {
            byte[] data = new byte[dataLength];
            buffer.get(dataOffset, data);
            return data;
        }
    }

    /**
     * Frames PDUs until the framer stops returning {@code PDU_READY}.
     *
     * @return the PDUs framed; {@link #remaining()} of the cursor tells what was left
     */
    public List<Framed> frameAll() {
        List<Framed> all = new ArrayList<>();
        while (next() == PduFramer.Outcome.PDU_READY) {
            all.add(current());
        }
        return all;
    }

    /** @return the PDU passed last */
    public Framed current() {
        return new Framed(buffer, headerOffset, dataOffset, dataLength);
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    public int headerOffset() {
        return headerOffset;
    }

    public int dataOffset() {
        return dataOffset;
    }

    public int dataLength() {
        return dataLength;
    }

    public int opcode() {
        return buffer.get(headerOffset) & 0x3F;
    }

    /** @return PDUs passed so far */
    public int count() {
        return count;
    }

    /** @return bytes left after the last PDU passed */
    public int remaining() {
        return buffer.remaining();
    }
}
