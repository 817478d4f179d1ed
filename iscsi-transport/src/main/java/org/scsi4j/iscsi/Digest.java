package org.scsi4j.iscsi;

/** The digests an iSCSI connection may negotiate for HeaderDigest and DataDigest (RFC 7143 §13.1). */
public enum Digest {
    /** No digest. */
    NONE("None"),
    /** CRC32C (RFC 7143 §13.1, generator 0x11EDC6F41), computed with {@link java.util.zip.CRC32C}. */
    CRC32C("CRC32C");

    private final String wireValue;

    Digest(String wireValue) {
        this.wireValue = wireValue;
    }

    /** @return the value as it appears in a HeaderDigest or DataDigest key */
    public String wireValue() {
        return wireValue;
    }
}
