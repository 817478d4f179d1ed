package org.scsi4j.iscsi.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link TestInitiator} offers at login. Mutable, fluent; defaults: Normal session,
 * AuthMethod=None, no digests, MaxRecvDataSegmentLength 262144, ImmediateData=Yes,
 * InitialR2T=No.
 */
public final class LoginOptions {
    String initiatorName = "iqn.2026-11.org.scsi4j:test-initiator";
    String targetName;
    boolean discovery;
    long isid = 0x400001370000L;
    String chapUser;
    String chapSecret;
    String mutualUser;
    String mutualSecret;
    boolean skipSecurity;
    boolean omitInitiatorName;
    final Map<String, String> operational = new LinkedHashMap<>();

    public LoginOptions() {
        operational.put("HeaderDigest", "None");
        operational.put("DataDigest", "None");
        operational.put("MaxRecvDataSegmentLength", "262144");
        operational.put("ImmediateData", "Yes");
        operational.put("InitialR2T", "No");
        operational.put("MaxBurstLength", "262144");
        operational.put("FirstBurstLength", "65536");
        operational.put("DefaultTime2Wait", "2");
        operational.put("DefaultTime2Retain", "0");
        operational.put("ErrorRecoveryLevel", "0");
        operational.put("MaxConnections", "1");
    }

    public static LoginOptions normal(String targetName) {
        LoginOptions o = new LoginOptions();
        o.targetName = targetName;
        return o;
    }

    public static LoginOptions discovery() {
        LoginOptions o = new LoginOptions();
        o.discovery = true;
        o.operational.keySet().retainAll(java.util.Set.of("HeaderDigest", "DataDigest", "MaxRecvDataSegmentLength"));
        return o;
    }

    public LoginOptions initiatorName(String name) {
        this.initiatorName = name;
        return this;
    }

    public LoginOptions isid(long isid) {
        this.isid = isid;
        return this;
    }

    /** One-way CHAP as this user. */
    public LoginOptions chap(String user, String secret) {
        this.chapUser = user;
        this.chapSecret = secret;
        return this;
    }

    /** Mutual CHAP: the target must answer as {@code user} with {@code secret}. */
    public LoginOptions mutualChap(String user, String secret) {
        this.mutualUser = user;
        this.mutualSecret = secret;
        return this;
    }

    /** Starts in the operational stage (CSG=1), skipping security negotiation. */
    public LoginOptions skipSecurity() {
        this.skipSecurity = true;
        return this;
    }

    /** Leaves InitiatorName out of the first request (for the "missing parameter" test). */
    public LoginOptions omitInitiatorName() {
        this.omitInitiatorName = true;
        return this;
    }

    /** Offers an operational key (replaces the default; value null removes it). */
    public LoginOptions key(String key, String value) {
        if (value == null) {
            operational.remove(key);
        } else {
            operational.put(key, value);
        }
        return this;
    }
}
