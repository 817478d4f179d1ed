package org.scsi4j.backstore.block;

import java.io.IOException;

/**
 * {@link BlockDeviceDisk#open} refused a device because the host uses it: a file system on it (or
 * on one of its partitions) is mounted, it is active swap, or another block device (device-mapper,
 * md, bcache) is built on it. The message says which, and what to do.
 */
public final class DeviceInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    public DeviceInUseException(String message) {
        super(message);
    }
}
