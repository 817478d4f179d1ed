package org.scsi4j.iscsi.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A CHAP name (CHAP_N) and secret.
 *
 * <p><b>Secret length.</b> RFC 7143 §9.2.1 says an environment using CHAP secrets of fewer than
 * 96 random bits MUST protect the connection with IPsec encryption, because CHAP over a clear
 * channel is open to offline dictionary attack. This SDK does no IPsec, so {@link #of} refuses
 * secrets shorter than 12 bytes at configuration time (fail fast, not a warning that is easily
 * missed). {@link #withWeakSecret} exists for test rigs and for deployments that run under
 * IPsec configured outside this library; it says so in its name.
 */
public final class ChapCredentials {
    /** 96 bits, §9.2.1. */
    public static final int MIN_SECRET_LENGTH = 12;

    private final String name;
    private final byte[] secret;

    private ChapCredentials(String name, byte[] secret) {
        this.name = Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("CHAP name must be 1..255 bytes");
        }
        if (secret.length == 0) {
            throw new IllegalArgumentException("CHAP secret must not be empty");
        }
        this.secret = secret.clone();
    }

    /** @throws IllegalArgumentException if the secret is shorter than 12 bytes */
    public static ChapCredentials of(String name, byte[] secret) {
        if (secret.length < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("CHAP secret of " + name + " is " + secret.length
                    + " bytes; RFC 7143 §9.2.1 needs at least 12 bytes (96 bits) without IPsec");
        }
        return new ChapCredentials(name, secret);
    }

    /** UTF-8 secret, as initiators' configuration files hold it. */
    public static ChapCredentials of(String name, String secret) {
        return of(name, secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Accepts any non-empty secret; only for tests or connections protected by IPsec. */
    public static ChapCredentials withWeakSecret(String name, byte[] secret) {
        return new ChapCredentials(name, secret);
    }

    public String name() {
        return name;
    }

    /** @return a copy of the secret */
    public byte[] secret() {
        return secret.clone();
    }

    boolean sameSecretAs(ChapCredentials other) {
        return MessageDigest.isEqual(secret, other.secret);
    }

    @Override
    public String toString() {
        return "ChapCredentials[" + name + ", secret hidden]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChapCredentials c && name.equals(c.name) && Arrays.equals(secret, c.secret);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
