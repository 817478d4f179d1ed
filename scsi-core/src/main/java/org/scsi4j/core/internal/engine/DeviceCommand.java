package org.scsi4j.core.internal.engine;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.scsi4j.core.spi.device.IoStatus;
import org.scsi4j.core.spi.device.ScsiDeviceCommand;
import org.scsi4j.core.spi.transport.DataDirection;

/**
 * The raw device's view of a {@link Task}: created once per task slot on its first raw command
 * and reused, so offering a command costs no allocation. Kept apart from {@code Task} because the
 * transport's view there uses the same method names with other meanings ({@code dataIn()}).
 *
 * <p>{@link #complete} runs on any thread: it stores the result in the task (which the owner
 * thread does not touch while the device holds it) and hands the task back through the nexus's
 * completion queue, whose hand-over orders these writes before the owner reads them.
 */
final class DeviceCommand implements ScsiDeviceCommand {
    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);

    private final Task task;
    private final ByteBuffer cdbView;
    private final AtomicBoolean held = new AtomicBoolean();
    private volatile boolean aborted;
    int status;
    int transferred;
    int overflow;

    DeviceCommand(Task task) {
        this.task = task;
        this.cdbView = ByteBuffer.wrap(task.cdb).asReadOnlyBuffer();
    }

    /** The device is about to be offered the command. Owner thread. */
    void arm() {
        aborted = false;
        status = 0;
        transferred = 0;
        overflow = 0;
        held.set(true);
    }

    /** The device declined: it holds nothing. Owner thread. */
    void disarm() {
        held.set(false);
    }

    /** Whether the device holds the command (took it and has not completed it). */
    boolean held() {
        return held.get();
    }

    void markAborted() {
        aborted = true;
    }

    @Override
    public ByteBuffer cdb() {
        cdbView.clear().limit(task.cdbLength);
        return cdbView;
    }

    @Override
    public boolean isDataOut() {
        return task.direction == DataDirection.WRITE;
    }

    @Override
    public boolean isDataIn() {
        return task.direction == DataDirection.READ;
    }

    @Override
    public int expectedLength() {
        return task.expectedLength;
    }

    @Override
    public ByteBuffer dataOut() {
        return isDataOut() ? task.dataOut() : EMPTY;
    }

    @Override
    public ByteBuffer dataIn() {
        if (!isDataIn() || task.data == null) {
            return EMPTY;
        }
        return task.data.clear().limit(task.expectedLength);
    }

    @Override
    public String initiatorPort() {
        return task.nexus.initiator().portName();
    }

    @Override
    public boolean isAborted() {
        return aborted;
    }

    @Override
    public void complete(int scsiStatus, ByteBuffer sense, int bytes, int overflowBytes) {
        if (!held.compareAndSet(true, false)) {
            throw new IllegalStateException("command completed twice, or after the device declined it");
        }
        this.status = scsiStatus & 0xFF;
        this.transferred = bytes;
        this.overflow = Math.max(0, overflowBytes);
        task.storeDeviceSense(sense);
        task.complete(IoStatus.GOOD, 0);
    }

    @Override
    public String toString() {
        return "DeviceCommand[" + task + "]";
    }
}
