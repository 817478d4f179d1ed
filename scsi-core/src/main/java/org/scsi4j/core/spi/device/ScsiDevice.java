package org.scsi4j.core.spi.device;

/**
 * A device that takes raw CDBs: a pass-through to a real SCSI device (a tape drive, a changer, a
 * LUN of another target) or an emulator of a device type the core does not ship.
 *
 * <p><b>What the core keeps.</b> The device sees commands from one place, so it cannot know who
 * sent them. The core therefore keeps everything that depends on the I_T nexus and never
 * forwards it: REPORT LUNS, the reservation commands (RESERVE/RELEASE(6)/(10), PERSISTENT
 * RESERVE IN/OUT) and their enforcement (another nexus's commands get RESERVATION CONFLICT
 * before they reach the device), each nexus's unit attentions (a pending one is reported before
 * the device is asked; REQUEST SENSE then answers it from the core), task sets and task
 * attributes, and task management. Everything else is offered to the device untouched: the CDB
 * as the initiator sent it, the data-out as it arrived, and the device's status, sense and data
 * go back untouched.
 *
 * <p><b>Declining.</b> {@link #execute} may decline a command by returning false; the core then
 * answers it itself where it has a generic answer (INQUIRY with {@link #peripheralDeviceType()},
 * TEST UNIT READY, REQUEST SENSE) and with INVALID COMMAND OPERATION CODE otherwise. An emulator
 * implements only the commands of its device type; a pass-through takes everything.
 *
 * <p><b>Threading.</b> {@code execute} is called from the thread that owns the task (a transport
 * event loop), by several nexuses concurrently: it must be thread-safe and must not block; hand
 * the work to the device's own thread and return. Every command taken finishes with exactly one
 * {@link ScsiDeviceCommand#complete} call, from any thread.
 */
public interface ScsiDevice extends AutoCloseable {

    /**
     * INQUIRY PERIPHERAL DEVICE TYPE the core reports when it answers INQUIRY itself (0x01
     * sequential access, 0x08 medium changer, ...). A pass-through that takes INQUIRY reports
     * its device's own.
     */
    int peripheralDeviceType();

    /** INQUIRY RMB when the core answers INQUIRY itself. */
    default boolean removableMedium() {
        return false;
    }

    /**
     * Offers a command.
     *
     * @return true when the device takes it (and will complete it), false to decline it (the
     *         device must then not have completed it)
     */
    boolean execute(ScsiDeviceCommand command);

    /**
     * The core no longer wants the result of a command the device took (ABORT TASK, CLEAR TASK
     * SET, a reset, or the initiator's connection went away). Best effort and asynchronous: stop
     * it if the device can, and complete it as usual in any case (the core discards the result).
     * The core waits for that completion, bounded by its task management timeout, before it
     * answers the task management function. Any thread.
     */
    default void abort(ScsiDeviceCommand command) {
    }

    /**
     * LOGICAL UNIT RESET or a target reset reached this unit: reset the device's own state where
     * that means something (forward a LUN reset to a real device). The commands in flight are
     * aborted separately through {@link #abort}. Any thread; must not block.
     */
    default void reset() {
    }

    /** Releases the device; called once, when the target closes or the unit is removed. */
    @Override
    void close();
}
