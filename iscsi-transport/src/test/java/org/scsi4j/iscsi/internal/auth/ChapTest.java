package org.scsi4j.iscsi.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** CHAP response function (RFC 1994 §4.1 as RFC 7143 §12.1.3 uses it) and credentials. */
class ChapTest {
    private static final byte[] CHALLENGE = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    @Test
    void knownAnswer() {
        // MD5(0x01 || "secretsecret" || 00..0f), computed independently with Python's hashlib
        byte[] expected = HexFormat.of().parseHex("226dc576c33f04ff9c3a200ffe35f442");
        byte[] secret = "secretsecret".getBytes(StandardCharsets.US_ASCII);
        assertThat(Chap.response(1, secret, CHALLENGE)).containsExactly(expected);
        assertThat(Chap.verify(1, secret, CHALLENGE, expected)).isTrue();
        assertThat(Chap.verify(2, secret, CHALLENGE, expected)).as("identifier is hashed").isFalse();
    }

    @Test
    void responseIsMd5OfIdentifierSecretChallengeConcatenated() throws Exception {
        byte[] secret = "target-secret-42".getBytes(StandardCharsets.US_ASCII);
        byte[] challenge = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        byte[] message = new byte[1 + secret.length + challenge.length];
        message[0] = (byte) 0xa7;
        System.arraycopy(secret, 0, message, 1, secret.length);
        System.arraycopy(challenge, 0, message, 1 + secret.length, challenge.length);
        assertThat(Chap.response(0xa7, secret, challenge)).containsExactly(MessageDigest.getInstance("MD5").digest(message))
                .containsExactly(HexFormat.of().parseHex("4df6530a8fc8adeb5ca19e97387e1bb0"));
    }

    @Test
    void secretsShorterThan96BitsAreRefusedUnlessMarkedWeak() {
        assertThatThrownBy(() -> ChapCredentials.of("user", "elevenbytes")).hasMessageContaining("§9.2.1");
        assertThat(ChapCredentials.of("user", "twelve-bytes").name()).isEqualTo("user");
        assertThat(ChapCredentials.withWeakSecret("user", new byte[] {1}).secret()).containsExactly(1);
        assertThatThrownBy(() -> ChapCredentials.withWeakSecret("user", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChapCredentials.of("", "twelve-bytes")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ChapCredentials.of("user", "twelve-bytes").toString()).doesNotContain("twelve");
    }

    @Test
    void settingsValidate() {
        assertThatThrownBy(() -> new AuthSettings(java.util.List.of("SRP"), null, null)).hasMessageContaining("SRP");
        assertThatThrownBy(() -> new AuthSettings(java.util.List.of("CHAP"), null, null)).isInstanceOf(NullPointerException.class);
        assertThat(AuthSettings.none().authenticationOptional()).isTrue();
        assertThat(AuthSettings.chap(name -> null, null).authenticationOptional()).isFalse();
    }
}
