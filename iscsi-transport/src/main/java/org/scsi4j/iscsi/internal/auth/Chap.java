package org.scsi4j.iscsi.internal.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * CHAP as iSCSI uses it (RFC 7143 §12.1.3 over RFC 1994 §4.1): the response is
 * MD5(identifier ‖ secret ‖ challenge), the identifier being one octet.
 */
public final class Chap {
    /** CHAP_A value of MD5, the only algorithm RFC 7143 §12.1.3 requires (RFC 1994 §4.1). */
    public static final int ALGORITHM_MD5 = 5;
    /** Length of the challenges this target generates (128 bits, the MD5 output size). */
    public static final int CHALLENGE_LENGTH = 16;
    /** §12.1.3: a challenge longer than 1024 bytes is refused. */
    public static final int MAX_CHALLENGE_LENGTH = 1024;
    /** Length of an MD5 CHAP response. */
    public static final int RESPONSE_LENGTH = 16;

    private Chap() {
    }

    /**
     * @param identifier CHAP_I, 0–255
     * @return MD5(identifier ‖ secret ‖ challenge)
     */
    public static byte[] response(int identifier, byte[] secret, byte[] challenge) {
        MessageDigest md5 = md5();
        md5.update((byte) identifier);
        md5.update(secret);
        md5.update(challenge);
        return md5.digest();
    }

    /** @return true when {@code response} is the right answer, compared in constant time */
    public static boolean verify(int identifier, byte[] secret, byte[] challenge, byte[] response) {
        return MessageDigest.isEqual(response(identifier, secret, challenge), response);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides MD5", e);
        }
    }
}
