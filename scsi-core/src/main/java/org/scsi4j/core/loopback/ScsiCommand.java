package org.scsi4j.core.loopback;

import java.util.Objects;
import org.scsi4j.core.spi.transport.TaskAttribute;

/**
 * A command to send through a {@link LoopbackSession}: LUN, CDB, task attribute, and either
 * data-out bytes or a data-in length. Immutable; build with {@link #of} and the fluent methods.
 */
public final class ScsiCommand {
    private final int lun;
    private final byte[] cdb;
    private final TaskAttribute attribute;
    private final byte[] dataOut;
    private final int dataInLength;
    private final int expectedLength;

    private ScsiCommand(int lun, byte[] cdb, TaskAttribute attribute, byte[] dataOut, int dataInLength, int expectedLength) {
        this.lun = lun;
        this.cdb = cdb;
        this.attribute = attribute;
        this.dataOut = dataOut;
        this.dataInLength = dataInLength;
        this.expectedLength = expectedLength;
    }

    /** A command with no data, SIMPLE attribute. */
    public static ScsiCommand of(int lun, byte... cdb) {
        Objects.requireNonNull(cdb, "cdb");
        if (cdb.length < 6 || cdb.length > 260) {
            throw new IllegalArgumentException("CDB must be 6..260 bytes, was " + cdb.length);
        }
        return new ScsiCommand(lun, cdb.clone(), TaskAttribute.SIMPLE, null, 0, -1);
    }

    /** Expects up to {@code length} bytes of data-in. */
    public ScsiCommand dataIn(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("data-in length must be >= 0");
        }
        return new ScsiCommand(lun, cdb, attribute, null, length, expectedLength);
    }

    /** Sends these bytes as data-out. */
    public ScsiCommand dataOut(byte[] data) {
        return new ScsiCommand(lun, cdb, attribute, data.clone(), 0, expectedLength);
    }

    public ScsiCommand attribute(TaskAttribute a) {
        return new ScsiCommand(lun, cdb, Objects.requireNonNull(a), dataOut, dataInLength, expectedLength);
    }

    /**
     * Overrides the expected data transfer length the transport announces (default: the data-out
     * length or the data-in length), to test residual handling.
     */
    public ScsiCommand expectedLength(int bytes) {
        return new ScsiCommand(lun, cdb, attribute, dataOut, dataInLength, bytes);
    }

    public int lun() {
        return lun;
    }

    byte[] cdbBytes() {
        return cdb;
    }

    public TaskAttribute attribute() {
        return attribute;
    }

    byte[] dataOutBytes() {
        return dataOut;
    }

    boolean isWrite() {
        return dataOut != null;
    }

    boolean isRead() {
        return dataOut == null && dataInLength > 0;
    }

    int effectiveExpectedLength() {
        if (expectedLength >= 0) {
            return expectedLength;
        }
        return dataOut != null ? dataOut.length : dataInLength;
    }
}
