package org.scsi4j.iscsi;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A CHAP name and secret (RFC 7143 §12.1.3): what an initiator must prove it knows (one-way
 * CHAP), or what the target answers a mutual challenge with.
 *
 * <p>RFC 7143 §9.2.1 requires secrets of at least 96 random bits when the connection is not
 * protected by IPsec, so {@link #of} refuses secrets shorter than 12 bytes.
 * {@link #withWeakSecret} accepts any non-empty secret, for test rigs and IPsec deployments.
 */
public final class ChapCredentials {
    private final String name;
    private final byte[] secret;
    private final boolean weak;

    private ChapCredentials(String name, byte[] secret, boolean weak) {
        this.name = Objects.requireNonNull(name, "CHAP name");
        if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("CHAP name must be 1..255 bytes");
        }
        if (secret.length == 0) {
            throw new IllegalArgumentException("CHAP secret of " + name + " must not be empty");
        }
        if (!weak && secret.length < 12) {
            throw new IllegalArgumentException("CHAP secret of " + name + " is " + secret.length
                    + " bytes; RFC 7143 §9.2.1 needs at least 12 bytes (96 bits) without IPsec");
        }
        this.secret = secret.clone();
        this.weak = weak;
    }

    /** @throws IllegalArgumentException when the secret is shorter than 12 bytes */
    public static ChapCredentials of(String name, String secret) {
        return new ChapCredentials(name, secret.getBytes(StandardCharsets.UTF_8), false);
    }

    /** @throws IllegalArgumentException when the secret is shorter than 12 bytes */
    public static ChapCredentials of(String name, byte[] secret) {
        return new ChapCredentials(name, secret, false);
    }

    /** Any non-empty secret: for tests, or connections protected by IPsec configured elsewhere. */
    public static ChapCredentials withWeakSecret(String name, String secret) {
        return new ChapCredentials(name, secret.getBytes(StandardCharsets.UTF_8), true);
    }

    public String name() {
        return name;
    }

    /** @return a copy of the secret */
    public byte[] secret() {
        return secret.clone();
    }

    boolean weak() {
        return weak;
    }

    @Override
    public String toString() {
        return "ChapCredentials[" + name + ", secret hidden]";
    }
}
