package org.scsi4j.core.internal.reservation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * iSCSI TransportIDs (SPC-4 §7.6.4.6): PROTOCOL IDENTIFIER 5h, FORMAT CODE 00b (the iSCSI name
 * alone: every initiator port of that initiator) or 01b (the iSCSI name, the separator ",i,0x" and
 * the ISID in hex: one initiator port). Both are null-terminated, zero-padded to a multiple of four,
 * at least 24 bytes long.
 *
 * <p>Initiator ports whose suffix is not iSCSI's (the loopback transport's) are described with
 * format 00b: their name is all a TransportID can carry.
 */
final class TransportIds {
    static final int PROTOCOL_ISCSI = 0x5;
    static final int FORMAT_NAME = 0x0;
    static final int FORMAT_NAME_AND_ISID = 0x1;
    static final String ISID_SEPARATOR = ",i,0x";
    private static final int MIN_LENGTH = 24;

    /** A parsed TransportID; {@code portSuffix} is null for format 00b. */
    record TransportId(String initiatorName, String portSuffix, int length) {
    }

    /** A TransportID that could not be parsed: the byte and bit of the parameter list in error. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final int fieldByte;
        final int fieldBit;

        Invalid(int fieldByte, int fieldBit) {
            super(null, null, false, false);
            this.fieldByte = fieldByte;
            this.fieldBit = fieldBit;
        }
    }

    private TransportIds() {
    }

    /** Whether the port suffix is an iSCSI one (",i,0x" + ISID), which format 01b can carry. */
    static boolean isIscsiSuffix(String suffix) {
        return suffix != null && suffix.regionMatches(true, 0, ISID_SEPARATOR, 0, ISID_SEPARATOR.length())
                && suffix.length() > ISID_SEPARATOR.length();
    }

    /** Bytes {@link #write} produces for this initiator port. */
    static int length(String initiatorName, String portSuffix) {
        String s = text(initiatorName, portSuffix);
        int n = s.getBytes(StandardCharsets.UTF_8).length + 1;
        return Math.max(MIN_LENGTH, 4 + ((n + 3) & ~3));
    }

    /** Writes the TransportID at {@code off} (the buffer is zero-filled); returns its length. */
    static int write(ByteBuffer b, int off, String initiatorName, String portSuffix) {
        boolean withIsid = isIscsiSuffix(portSuffix);
        int len = length(initiatorName, portSuffix);
        b.put(off, (byte) (((withIsid ? FORMAT_NAME_AND_ISID : FORMAT_NAME) << 6) | PROTOCOL_ISCSI));
        b.put(off + 2, (byte) ((len - 4) >>> 8));
        b.put(off + 3, (byte) (len - 4));
        byte[] s = text(initiatorName, portSuffix).getBytes(StandardCharsets.UTF_8);
        b.put(off + 4, s);
        return len;
    }

    private static String text(String initiatorName, String portSuffix) {
        return isIscsiSuffix(portSuffix) ? initiatorName + portSuffix.toLowerCase(Locale.ROOT) : initiatorName;
    }

    /**
     * Parses the TransportID at {@code off} of the parameter list {@code p}, which ends at
     * {@code end}.
     *
     * @throws Invalid naming the field in error (INVALID FIELD IN PARAMETER LIST)
     */
    static TransportId parse(ByteBuffer p, int off, int end) throws Invalid {
        if (end - off < MIN_LENGTH) {
            throw new Invalid(off, -1);
        }
        int b0 = p.get(off) & 0xFF;
        if ((b0 & 0x0F) != PROTOCOL_ISCSI) {
            throw new Invalid(off, 3);
        }
        int format = b0 >>> 6;
        if ((b0 & 0x30) != 0 || format > FORMAT_NAME_AND_ISID) {
            throw new Invalid(off, 7);
        }
        int additional = ((p.get(off + 2) & 0xFF) << 8) | (p.get(off + 3) & 0xFF);
        int len = 4 + additional;
        if (additional < MIN_LENGTH - 4 || (additional & 3) != 0 || off + len > end) {
            throw new Invalid(off + 2, -1);
        }
        int nul = -1;
        for (int i = off + 4; i < off + len; i++) {
            if (p.get(i) == 0) {
                nul = i;
                break;
            }
        }
        if (nul <= off + 4) {
            throw new Invalid(off + 4, -1);
        }
        byte[] raw = new byte[nul - off - 4];
        p.get(off + 4, raw);
        String s = new String(raw, StandardCharsets.UTF_8);
        if (format == FORMAT_NAME) {
            if (s.toLowerCase(Locale.ROOT).contains(ISID_SEPARATOR)) {
                throw new Invalid(off + 4, -1);
            }
            return new TransportId(s, null, len);
        }
        int sep = s.toLowerCase(Locale.ROOT).indexOf(ISID_SEPARATOR);
        if (sep <= 0) {
            throw new Invalid(off + 4, -1);
        }
        String isid = s.substring(sep + ISID_SEPARATOR.length());
        if (isid.isEmpty() || isid.length() > 12 || !isid.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new Invalid(off + 4 + sep, -1);
        }
        String suffix = String.format("%s%012x", ISID_SEPARATOR, Long.parseLong(isid, 16));
        return new TransportId(s.substring(0, sep), suffix, len);
    }
}
