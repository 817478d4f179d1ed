package org.scsi4j.core.spi.transport;

/** SAM-5 task attributes (§8.6), as carried by the transport (iSCSI ATTR field, RFC 7143 §11.3.1). */
public enum TaskAttribute {
    /** Untagged: treated as SIMPLE (SAM-5 §8.6.1 lets a target do so). */
    UNTAGGED,
    SIMPLE,
    ORDERED,
    HEAD_OF_QUEUE,
    ACA;

    /** Maps the 3-bit iSCSI ATTR field (0 untagged, 1 simple, 2 ordered, 3 head of queue, 4 ACA). */
    public static TaskAttribute fromIscsiAttr(int attr) {
        switch (attr & 7) {
            case 0: return UNTAGGED;
            case 1: return SIMPLE;
            case 2: return ORDERED;
            case 3: return HEAD_OF_QUEUE;
            case 4: return ACA;
            default: return SIMPLE;
        }
    }
}
