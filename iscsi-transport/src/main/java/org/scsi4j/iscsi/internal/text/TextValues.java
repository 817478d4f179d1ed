package org.scsi4j.iscsi.internal.text;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Value encodings of RFC 7143 §6.1: numerical values (decimal-constant, hex-constant),
 * boolean values, binary values (hex-constant "0x…", base64-constant "0b…") and lists.
 * Parsers return a sentinel instead of throwing.
 */
public final class TextValues {
    /** §6.1: a key name (standard-label) is at most 63 characters. */
    public static final int MAX_KEY_LENGTH = 63;
    /** §6.1: an individual value is at most 255 bytes unless its key says otherwise. */
    public static final int MAX_VALUE_LENGTH = 255;
    /**
     * Absolute cap on any value the codec accepts. Only binary values of the security keys are
     * longer than 255 bytes (a 1024-byte CHAP challenge is 2050 characters in hex, §12.1.3).
     */
    public static final int MAX_ANY_VALUE_LENGTH = 8192;
    /** Returned by {@link #parseNumber} for anything that is not a valid numerical value. */
    public static final long INVALID_NUMBER = -1L;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TextValues() {
    }

    /**
     * Parses a numerical-value (§6.1): a decimal-constant (no leading zeros) or a hex-constant
     * ("0x"/"0X" and hex digits).
     *
     * @return the value, or {@link #INVALID_NUMBER} if malformed or not below 2^63
     */
    public static long parseNumber(String value) {
        if (value.length() > 2 && value.charAt(0) == '0' && (value.charAt(1) == 'x' || value.charAt(1) == 'X')) {
            return parseDigits(value, 2, 16, 15);
        }
        if (value.isEmpty() || value.length() > 1 && value.charAt(0) == '0') {
            return INVALID_NUMBER;
        }
        return parseDigits(value, 0, 10, 18);
    }

    private static long parseDigits(String value, int from, int radix, int maxDigits) {
        String digits = value.substring(from);
        String significant = digits.replaceFirst("^0+(?=.)", "");
        if (significant.length() > maxDigits) {
            return INVALID_NUMBER;
        }
        long result = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0) {
                return INVALID_NUMBER;
            }
            result = result * radix + d;
        }
        return result;
    }

    /** @return Boolean.TRUE for "Yes", Boolean.FALSE for "No", null otherwise (§6.1) */
    public static Boolean parseBoolean(String value) {
        if (TextKeys.YES.equals(value)) {
            return Boolean.TRUE;
        }
        if (TextKeys.NO.equals(value)) {
            return Boolean.FALSE;
        }
        return null;
    }

    public static String formatBoolean(boolean value) {
        return value ? TextKeys.YES : TextKeys.NO;
    }

    /**
     * Decodes a binary value given as a hex-constant ("0x"/"0X"; an odd digit count gets a
     * leading zero nibble) or a base64-constant ("0b"/"0B", RFC 4648).
     *
     * @return the bytes, or null when malformed or empty
     */
    public static byte[] decodeBinary(String value) {
        if (value.length() < 3 || value.charAt(0) != '0') {
            return null;
        }
        char kind = value.charAt(1);
        if (kind == 'x' || kind == 'X') {
            return decodeHex(value.substring(2));
        }
        if (kind == 'b' || kind == 'B') {
            try {
                byte[] bytes = Base64.getDecoder().decode(value.substring(2));
                return bytes.length == 0 ? null : bytes;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static byte[] decodeHex(String digits) {
        int odd = digits.length() & 1;
        byte[] out = new byte[(digits.length() + 1) / 2];
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), 16);
            if (d < 0) {
                return null;
            }
            int nibble = i + odd;
            out[nibble / 2] |= (byte) ((nibble & 1) == 0 ? d << 4 : d);
        }
        return out;
    }

    /** @return {@code bytes} as a lower-case hex-constant, "0x…" */
    public static String encodeHex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(2 + bytes.length * 2).append("0x");
        for (byte b : bytes) {
            sb.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
        return sb.toString();
    }

    /** @return the comma-separated items of a list-of-values (§6.1), empty items kept */
    public static List<String> splitList(String value) {
        List<String> items = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == ',') {
                items.add(value.substring(start, i));
                start = i + 1;
            }
        }
        return items;
    }
}
