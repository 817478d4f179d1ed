package org.scsi4j.core.spi.transport;

/** Direction of a command's data transfer as the initiator announced it (iSCSI R and W bits). */
public enum DataDirection {
    NONE,
    /** Data from the target to the initiator (data-in, a READ). */
    READ,
    /** Data from the initiator to the target (data-out, a WRITE). */
    WRITE,
    BIDIRECTIONAL;

    public static DataDirection of(boolean read, boolean write) {
        if (read && write) {
            return BIDIRECTIONAL;
        }
        return read ? READ : write ? WRITE : NONE;
    }
}
