package org.scsi4j.iscsi.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One PDU received by the {@link TestInitiator}: its BHS (48 bytes, big-endian) and its data
 * segment without padding or digests. Wrap a flyweight over {@link #bhs()} to read fields.
 */
public final class Pdu {
    private final ByteBuffer bhs;
    private final byte[] data;

    public Pdu(byte[] bhs, byte[] data) {
        this.bhs = ByteBuffer.wrap(bhs);
        this.data = data;
    }

    /** @return the BHS as a read-only big-endian buffer at position 0 */
    public ByteBuffer bhs() {
        return bhs.duplicate();
    }

    public int opcode() {
        return bhs.get(0) & 0x3F;
    }

    public int flags() {
        return bhs.get(1) & 0xFF;
    }

    public boolean isFinal() {
        return (flags() & 0x80) != 0;
    }

    public int itt() {
        return bhs.getInt(16);
    }

    public int ttt() {
        return bhs.getInt(20);
    }

    public int statSn() {
        return bhs.getInt(24);
    }

    public int expCmdSn() {
        return bhs.getInt(28);
    }

    public int maxCmdSn() {
        return bhs.getInt(32);
    }

    public int intAt(int offset) {
        return bhs.getInt(offset);
    }

    public int byteAt(int offset) {
        return bhs.get(offset) & 0xFF;
    }

    public int dataSegmentLength() {
        return bhs.getInt(4) & 0xFF_FFFF;
    }

    public byte[] data() {
        return data.clone();
    }

    /** @return the data segment parsed as key=value text (later keys win) */
    public Map<String, String> text() {
        Map<String, String> m = new LinkedHashMap<>();
        String s = new String(data, StandardCharsets.UTF_8);
        for (String pair : s.split("\0")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return m;
    }

    /** @return the data segment as raw text, pairs separated by NUL */
    public String rawText() {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return String.format("Pdu[opcode=0x%02x, flags=0x%02x, itt=0x%08x, dsl=%d]", opcode(), flags(), itt(), data.length);
    }
}
