package org.scsi4j.core.internal.reservation;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The APTPL state file of one logical unit (SPC-4 §5.13, "Persist through power loss"): a
 * versioned, line-oriented UTF-8 text, one {@code key=value} record per line, closed by a CRC32C
 * of everything before it.
 *
 * <pre>
 * scsi4j-pr-state 1
 * unit naa=3a1b2c3d4e5f6071 name=d0
 * registration key=00000000000000a1 port=32768 name=iqn.2026-11.org.example:node1 suffix=,i,0x00023d000001
 * registration key=00000000000000b2 port=all name=iqn.2026-11.org.example:node2
 * reservation type=5 holder=0
 * crc32c 1c2d3e4f
 * </pre>
 *
 * A registration without {@code suffix} covers every port of the initiator (a name-only
 * TransportID); {@code port=all} is ALL_TG_PT. {@code holder} is the index of the holding
 * registration, or {@code all} for the all registrants types. Values are percent-encoded outside
 * {@code [A-Za-z0-9.:,_-]}. The file is written whole and renamed over the old one, so a reader
 * sees the old or the new content; the checksum catches a hand-edited or damaged file, which is
 * rejected as a whole (never half applied).
 */
final class AptplFile {
    static final String MAGIC = "scsi4j-pr-state";
    static final int VERSION = 1;

    /** The file could not be read as a state file of this unit. */
    static final class CorruptException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptException(String message) {
            super(message);
        }
    }

    private AptplFile() {
    }

    static byte[] encode(PrState s, long naa, String unitName) {
        StringBuilder b = new StringBuilder(256);
        b.append(MAGIC).append(' ').append(VERSION).append('\n');
        b.append("unit naa=").append(String.format("%016x", naa))
                .append(" name=").append(escape(unitName)).append('\n');
        List<Registration> regs = s.registrations();
        for (Registration r : regs) {
            b.append("registration key=").append(String.format("%016x", r.key()))
                    .append(" port=").append(r.allTargetPorts() ? "all" : Integer.toString(r.relativePortId()))
                    .append(" name=").append(escape(r.initiatorName()));
            if (r.portSuffix() != null) {
                b.append(" suffix=").append(escape(r.portSuffix()));
            }
            b.append('\n');
        }
        if (s.reserved()) {
            b.append("reservation type=").append(s.type()).append(" holder=")
                    .append(s.holder() == null ? "all" : Integer.toString(regs.indexOf(s.holder()))).append('\n');
        }
        byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 16);
        out.writeBytes(body);
        out.writeBytes(String.format("crc32c %08x\n", crc.getValue()).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * Decodes a state file of the unit {@code naa}: the registrations and reservation it holds,
     * APTPL set, PRgeneration 0.
     *
     * @throws CorruptException on any deviation: checksum, version, unit, syntax, references
     */
    static PrState decode(byte[] content, long naa) throws CorruptException {
        int end = content.length;
        if (end == 0 || content[end - 1] != '\n') {
            throw new CorruptException("truncated (no final newline)");
        }
        int lastStart = end - 1;
        while (lastStart > 0 && content[lastStart - 1] != '\n') {
            lastStart--;
        }
        String last = new String(content, lastStart, end - 1 - lastStart, StandardCharsets.UTF_8);
        if (!last.startsWith("crc32c ")) {
            throw new CorruptException("no checksum line");
        }
        CRC32C crc = new CRC32C();
        crc.update(content, 0, lastStart);
        long stored;
        try {
            stored = Long.parseLong(last.substring(7), 16);
        } catch (NumberFormatException e) {
            throw new CorruptException("unreadable checksum");
        }
        if (stored != crc.getValue()) {
            throw new CorruptException("checksum mismatch");
        }
        String[] lines = new String(content, 0, lastStart, StandardCharsets.UTF_8).split("\n", -1);
        // lines ends with "" after the last newline of the body
        if (lines.length < 3 || !lines[0].equals(MAGIC + " " + VERSION)) {
            throw new CorruptException("not a version " + VERSION + " state file: '" + lines[0] + "'");
        }
        Map<String, String> unit = fields(lines[1], "unit");
        if (!String.format("%016x", naa).equals(unit.get("naa"))) {
            throw new CorruptException("belongs to unit naa=" + unit.get("naa"));
        }
        List<Registration> regs = new ArrayList<>();
        Registration holder = null;
        int type = 0;
        for (int i = 2; i < lines.length - 1; i++) {
            String line = lines[i];
            if (line.startsWith("registration ")) {
                if (type != 0) {
                    throw new CorruptException("registration after the reservation, line " + (i + 1));
                }
                Registration r = registration(fields(line, "registration"), i + 1);
                for (Registration x : regs) {
                    if (x.sameNexusAs(r)) {
                        throw new CorruptException("duplicate registration, line " + (i + 1));
                    }
                }
                regs.add(r);
            } else if (line.startsWith("reservation ") && type == 0) {
                Map<String, String> f = fields(line, "reservation");
                type = intField(f, "type", i + 1);
                if (!PrState.validType(type) || regs.isEmpty()) {
                    throw new CorruptException("bad reservation, line " + (i + 1));
                }
                String h = f.get("holder");
                if (PrState.allRegistrants(type) ? !"all".equals(h) : "all".equals(h)) {
                    throw new CorruptException("holder does not fit the type, line " + (i + 1));
                }
                if (!PrState.allRegistrants(type)) {
                    int index = intField(f, "holder", i + 1);
                    if (index < 0 || index >= regs.size()) {
                        throw new CorruptException("holder out of range, line " + (i + 1));
                    }
                    holder = regs.get(index);
                }
            } else {
                throw new CorruptException("unexpected line " + (i + 1));
            }
        }
        return new PrState(regs, holder, type, true, 0, null, 0);
    }

    private static Registration registration(Map<String, String> f, int line) throws CorruptException {
        String key = f.get("key");
        String port = f.get("port");
        String name = f.get("name");
        if (key == null || port == null || name == null || name.isEmpty()) {
            throw new CorruptException("incomplete registration, line " + line);
        }
        try {
            long k = Long.parseUnsignedLong(key, 16);
            int p = "all".equals(port) ? Registration.ALL_TARGET_PORTS : Integer.parseInt(port);
            if (k == 0 || p < 0 || p > 0xFFFF || (p == 0 && !"all".equals(port))) {
                throw new CorruptException("bad registration, line " + line);
            }
            return new Registration(k, name, f.get("suffix"), p);
        } catch (NumberFormatException e) {
            throw new CorruptException("bad number in registration, line " + line);
        }
    }

    private static int intField(Map<String, String> f, String key, int line) throws CorruptException {
        try {
            return Integer.parseInt(f.getOrDefault(key, ""));
        } catch (NumberFormatException e) {
            throw new CorruptException("bad " + key + ", line " + line);
        }
    }

    private static Map<String, String> fields(String line, String tag) throws CorruptException {
        String[] parts = line.split(" ", -1);
        if (!parts[0].equals(tag)) {
            throw new CorruptException("expected '" + tag + "': '" + line + "'");
        }
        Map<String, String> out = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0 || out.put(parts[i].substring(0, eq), unescape(parts[i].substring(eq + 1))) != null) {
                throw new CorruptException("bad field '" + parts[i] + "'");
            }
        }
        return out;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == ':' || c == ',' || c == '_' || c == '-') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.forDigit(c >>> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        return b.toString();
    }

    static String unescape(String s) throws CorruptException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new CorruptException("bad escape in '" + s + "'");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new CorruptException("bad escape in '" + s + "'");
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else if (c > 0x20 && c < 0x7F && c != '=') {
                out.write(c);
            } else {
                throw new CorruptException("bad character in '" + s + "'");
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
