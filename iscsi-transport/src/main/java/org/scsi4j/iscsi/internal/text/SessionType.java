package org.scsi4j.iscsi.internal.text;

/** SessionType, RFC 7143 §13.21. */
public enum SessionType {
    /** "Discovery": SendTargets only, no SCSI commands. */
    DISCOVERY(TextKeys.DISCOVERY),
    /** "Normal", the default. */
    NORMAL(TextKeys.NORMAL);

    private final String wireValue;

    SessionType(String wireValue) {
        this.wireValue = wireValue;
    }

    public String wireValue() {
        return wireValue;
    }

    /** @return the session type for a SessionType value, or null when the value is invalid */
    public static SessionType fromWire(String value) {
        if (TextKeys.DISCOVERY.equals(value)) {
            return DISCOVERY;
        }
        if (TextKeys.NORMAL.equals(value)) {
            return NORMAL;
        }
        return null;
    }
}
