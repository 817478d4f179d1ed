package org.scsi4j.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * How a logical unit identifies itself in INQUIRY and the Device Identification VPD page.
 *
 * @param vendor   T10 vendor identification, ASCII, at most 8 characters
 * @param product  product identification, ASCII, at most 16 characters
 * @param revision product revision level, ASCII, at most 4 characters
 * @param serial   unit serial number (VPD 0x80), printable ASCII, at most 32 characters
 * @param naa      the 8-byte NAA designator (VPD 0x83), NAA type in the top nibble (3 = locally
 *                 assigned, 5 = IEEE registered)
 */
public record LuIdentity(String vendor, String product, String revision, String serial, long naa) {

    public static final String DEFAULT_VENDOR = "SCSI4J";
    public static final String DEFAULT_REVISION = "0001";

    public LuIdentity {
        checkAscii("vendor", vendor, 8);
        checkAscii("product", product, 16);
        checkAscii("revision", revision, 4);
        checkAscii("serial", serial, 32);
        int type = (int) (naa >>> 60);
        if (type != 3 && type != 5) {
            throw new IllegalArgumentException("naa must be an NAA type 3 or 5 designator, was 0x" + Long.toHexString(naa));
        }
    }

    private static void checkAscii(String what, String value, int max) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.length() > max) {
            throw new IllegalArgumentException(what + " must be 1.." + max + " characters, was '" + value + "'");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException(what + " must be printable ASCII, was '" + value + "'");
            }
        }
    }

    /**
     * An identity derived from the target name and the unit's name: the same configuration gives
     * the same serial and NAA after a restart, different units give different ones.
     */
    public static LuIdentity derived(String targetName, String unitName, String product) {
        byte[] h = sha256(targetName + "\u0000" + unitName);
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (h[i] & 0xFF);
        }
        long naa = (3L << 60) | (bits & 0x0FFF_FFFF_FFFF_FFFFL);
        StringBuilder serial = new StringBuilder(16);
        for (int i = 8; i < 16; i++) {
            serial.append(String.format("%02x", h[i] & 0xFF));
        }
        return new LuIdentity(DEFAULT_VENDOR, product, DEFAULT_REVISION, serial.toString(), naa);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    /** Returns a copy with another vendor. */
    public LuIdentity withVendor(String v) {
        return new LuIdentity(v, product, revision, serial, naa);
    }

    public LuIdentity withProduct(String p) {
        return new LuIdentity(vendor, p, revision, serial, naa);
    }

    public LuIdentity withRevision(String r) {
        return new LuIdentity(vendor, product, r, serial, naa);
    }

    public LuIdentity withSerial(String s) {
        return new LuIdentity(vendor, product, revision, s, naa);
    }

    public LuIdentity withNaa(long n) {
        return new LuIdentity(vendor, product, revision, serial, n);
    }
}
