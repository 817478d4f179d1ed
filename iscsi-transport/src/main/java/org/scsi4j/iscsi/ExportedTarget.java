package org.scsi4j.iscsi;

import java.util.Objects;
import org.scsi4j.core.ScsiTarget;

/**
 * One target node an {@link IscsiServer} exports: its iSCSI name (RFC 7143 §4.2.7), the
 * {@link ScsiTarget} behind it, and how initiators reach and authenticate to it. Immutable;
 * build with {@link #builder(String, ScsiTarget)}.
 *
 * <pre>{@code
 * ExportedTarget t = ExportedTarget.builder("iqn.2026-11.org.example:disks", scsiTarget)
 *         .alias("disks")
 *         .chap(ChapCredentials.of("alice", "a-secret-of-16-bytes"))
 *         .build();
 * }</pre>
 */
public final class ExportedTarget {
    private final String iqn;
    private final ScsiTarget target;
    private final String alias;
    private final int portalGroupTag;
    private final int relativePortId;
    private final ChapCredentials chap;
    private final ChapCredentials mutualChap;

    private ExportedTarget(Builder b) {
        this.iqn = b.iqn;
        this.target = b.target;
        this.alias = b.alias;
        this.portalGroupTag = b.portalGroupTag;
        this.relativePortId = b.relativePortId;
        this.chap = b.chap;
        this.mutualChap = b.mutualChap;
    }

    /**
     * @param iqn    the iSCSI target name: "iqn.", "eui." or "naa." form (RFC 7143 §4.2.7.1)
     * @param target the SCSI target the initiators reach under that name
     */
    public static Builder builder(String iqn, ScsiTarget target) {
        return new Builder(iqn, target);
    }

    public String iqn() {
        return iqn;
    }

    public ScsiTarget target() {
        return target;
    }

    /** @return the TargetAlias declared at login (RFC 7143 §13.6), or null */
    public String alias() {
        return alias;
    }

    /** @return the TargetPortalGroupTag (RFC 7143 §13.9) */
    public int portalGroupTag() {
        return portalGroupTag;
    }

    /** @return the SCSI relative target port identifier the iSCSI port uses (SPC-4 §7.8.5.5) */
    public int relativePortId() {
        return relativePortId;
    }

    /** @return the credentials an initiator must prove (CHAP required), or null (AuthMethod=None) */
    public ChapCredentials chap() {
        return chap;
    }

    /** @return what the target answers a mutual CHAP challenge with, or null (mutual CHAP refused) */
    public ChapCredentials mutualChap() {
        return mutualChap;
    }

    @Override
    public String toString() {
        return "ExportedTarget[" + iqn + ", tpgt " + portalGroupTag + (chap != null ? ", CHAP" : "") + "]";
    }

    /** Builds an {@link ExportedTarget}; {@link #build()} validates. */
    public static final class Builder {
        private final String iqn;
        private final ScsiTarget target;
        private String alias;
        private int portalGroupTag = 1;
        private int relativePortId = 1;
        private ChapCredentials chap;
        private ChapCredentials mutualChap;

        private Builder(String iqn, ScsiTarget target) {
            this.iqn = Objects.requireNonNull(iqn, "iqn");
            this.target = Objects.requireNonNull(target, "target");
        }

        /** TargetAlias, 1..255 characters (default none). */
        public Builder alias(String alias) {
            this.alias = alias;
            return this;
        }

        /** TargetPortalGroupTag, 0..65535 (default 1). */
        public Builder portalGroupTag(int tag) {
            this.portalGroupTag = tag;
            return this;
        }

        /** Relative target port identifier, 1..65535 (default 1). */
        public Builder relativePortId(int id) {
            this.relativePortId = id;
            return this;
        }

        /** Requires initiators to authenticate with CHAP as this name and secret. */
        public Builder chap(ChapCredentials credentials) {
            this.chap = credentials;
            return this;
        }

        /** Answers mutual CHAP with these credentials (needs {@link #chap}). */
        public Builder mutualChap(ChapCredentials credentials) {
            this.mutualChap = credentials;
            return this;
        }

        public ExportedTarget build() {
            if (!isIscsiName(iqn)) {
                throw new IllegalArgumentException("target name " + iqn
                        + " is not an iSCSI name (iqn.yyyy-mm.reversed.domain[:id], eui.<16 hex>, naa.<hex>)");
            }
            if (alias != null && (alias.isEmpty() || alias.length() > 255)) {
                throw new IllegalArgumentException("alias of " + iqn + " must be 1..255 characters");
            }
            if (portalGroupTag < 0 || portalGroupTag > 0xFFFF) {
                throw new IllegalArgumentException("portalGroupTag of " + iqn + " must be 0..65535, was " + portalGroupTag);
            }
            if (relativePortId < 1 || relativePortId > 0xFFFF) {
                throw new IllegalArgumentException("relativePortId of " + iqn + " must be 1..65535, was " + relativePortId);
            }
            if (mutualChap != null && chap == null) {
                throw new IllegalArgumentException("mutualChap of " + iqn + " needs chap (one-way) credentials too");
            }
            if (mutualChap != null && java.util.Arrays.equals(mutualChap.secret(), chap.secret())) {
                throw new IllegalArgumentException("mutualChap secret of " + iqn
                        + " must differ from the initiator's secret (RFC 7143 §9.2.1)");
            }
            return new ExportedTarget(this);
        }
    }

    /** Loose check of RFC 7143 §4.2.7.1 name forms (lower case after the type prefix is not enforced). */
    static boolean isIscsiName(String name) {
        if (name.length() > 223 || name.chars().anyMatch(c -> c <= ' ' || c == ',' || c == '/')) {
            return false;
        }
        if (name.startsWith("iqn.")) {
            return name.matches("iqn\\.\\d{4}-\\d{2}\\.[^\\s]+");
        }
        if (name.startsWith("eui.")) {
            return name.matches("eui\\.[0-9A-Fa-f]{16}");
        }
        if (name.startsWith("naa.")) {
            return name.matches("naa\\.[0-9A-Fa-f]{16}([0-9A-Fa-f]{16})?");
        }
        return false;
    }
}
