package org.scsi4j.core;

/** The SCSI command set a logical unit speaks over its device (tgt's "device type"). */
public enum CommandSet {
    /** SBC-3 direct-access block device (peripheral device type 0). */
    DISK(0x00);

    private final int peripheralDeviceType;

    CommandSet(int peripheralDeviceType) {
        this.peripheralDeviceType = peripheralDeviceType;
    }

    /** INQUIRY PERIPHERAL DEVICE TYPE. */
    public int peripheralDeviceType() {
        return peripheralDeviceType;
    }
}
