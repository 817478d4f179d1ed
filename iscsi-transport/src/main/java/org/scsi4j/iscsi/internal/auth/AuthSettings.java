package org.scsi4j.iscsi.internal.auth;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.scsi4j.iscsi.internal.text.TextKeys;

/**
 * How a target authenticates initiators (RFC 7143 §12.1).
 *
 * @param authMethods the AuthMethod values accepted, from "CHAP" and "None"; the initiator's
 *                    order of preference decides among them (§6.2.1). Without "None",
 *                    authentication is required.
 * @param initiatorSecrets finds the credentials of the initiator authenticating with CHAP_N =
 *                         the argument; returns null for an unknown name
 * @param targetCredentials what the target answers a mutual CHAP challenge with, or null when
 *                          mutual CHAP is refused. Its secret must differ from every initiator
 *                          secret (§9.2.1); a login where they match fails as a target error.
 */
public record AuthSettings(List<String> authMethods, Function<String, ChapCredentials> initiatorSecrets,
                           ChapCredentials targetCredentials) {

    public AuthSettings {
        authMethods = List.copyOf(authMethods);
        if (authMethods.isEmpty()) {
            throw new IllegalArgumentException("authMethods must not be empty");
        }
        for (String method : authMethods) {
            if (!TextKeys.CHAP.equals(method) && !TextKeys.NONE.equals(method)) {
                throw new IllegalArgumentException("unsupported AuthMethod " + method);
            }
        }
        if (authMethods.contains(TextKeys.CHAP)) {
            Objects.requireNonNull(initiatorSecrets, "initiatorSecrets is needed for CHAP");
        }
    }

    /** @return no authentication (AuthMethod=None only) */
    public static AuthSettings none() {
        return new AuthSettings(List.of(TextKeys.NONE), null, null);
    }

    /** @return CHAP required, optionally mutual when {@code targetCredentials} is not null */
    public static AuthSettings chap(Function<String, ChapCredentials> initiatorSecrets,
                                    ChapCredentials targetCredentials) {
        return new AuthSettings(List.of(TextKeys.CHAP), initiatorSecrets, targetCredentials);
    }

    /** @return true when an initiator may log in without authenticating */
    public boolean authenticationOptional() {
        return authMethods.contains(TextKeys.NONE);
    }
}
