package org.scsi4j.core;

/** The SCSI command set a logical unit speaks over its device (tgt's "device type"). */
public enum CommandSet {
    /** SBC-3 direct-access block device (peripheral device type 0). */
    DISK(0x00),
    /**
     * MMC-6 CD/DVD device (peripheral device type 5): read-only 2048-byte blocks, removable medium
     * (INQUIRY RMB=1), GET CONFIGURATION, READ TOC, GET EVENT STATUS NOTIFICATION and the
     * prevent/eject commands.
     */
    CDROM(0x05),
    /**
     * Raw CDBs to a {@link org.scsi4j.core.spi.device.ScsiDevice} (a pass-through, or an emulator
     * of another device type): the device speaks its own command set; the core keeps REPORT LUNS,
     * reservations, unit attentions and task management. The peripheral device type is the
     * device's ({@link org.scsi4j.core.spi.device.ScsiDevice#peripheralDeviceType()}).
     */
    RAW(-1);

    private final int peripheralDeviceType;

    CommandSet(int peripheralDeviceType) {
        this.peripheralDeviceType = peripheralDeviceType;
    }

    /** INQUIRY PERIPHERAL DEVICE TYPE; -1 for {@link #RAW}, where the device says it. */
    public int peripheralDeviceType() {
        return peripheralDeviceType;
    }
}
