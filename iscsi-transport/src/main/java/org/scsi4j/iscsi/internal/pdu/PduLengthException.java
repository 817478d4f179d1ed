package org.scsi4j.iscsi.internal.pdu;

/**
 * Thrown when a flyweight is wrapped over a buffer region too short for what it must hold, or
 * over a buffer that is not big-endian. Raised on programming errors only: the framer checks
 * received lengths before any flyweight is wrapped.
 */
public final class PduLengthException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PduLengthException(String message) {
        super(message);
    }
}
