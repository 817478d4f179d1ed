package org.scsi4j.core.spi.device;

import java.io.IOException;

/**
 * Thrown by a {@link BlockingBlockDevice} to report a specific {@link IoStatus} (for example a
 * MISCOMPARE with its offset, or MEDIUM NOT PRESENT). A plain {@link IOException} from a read is
 * reported as {@link IoStatus#READ_ERROR}, from a write or flush as {@link IoStatus#WRITE_ERROR}.
 */
public class DeviceIoException extends IOException {
    private static final long serialVersionUID = 1L;

    private final IoStatus status;
    private final long information;

    public DeviceIoException(IoStatus status, long information, String message) {
        super(message);
        this.status = status;
        this.information = information;
    }

    public DeviceIoException(IoStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.information = 0;
    }

    public IoStatus status() {
        return status;
    }

    public long information() {
        return information;
    }
}
