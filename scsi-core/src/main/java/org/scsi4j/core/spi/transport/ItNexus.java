package org.scsi4j.core.spi.transport;

import java.nio.ByteBuffer;

/**
 * The core's side of one I_T nexus (initiator port to target port), opened with
 * {@link ScsiTargetPort#openNexus}. LUN visibility for the initiator was resolved when it opened.
 *
 * <p>Every method must be called from the nexus's owner thread (see the package Javadoc).
 */
public interface ItNexus extends AutoCloseable {

    /**
     * Submits a SCSI command. The core copies what it needs from {@code cdb} (position..limit,
     * 6 to 260 bytes) before returning. The core answers through {@link NexusPort}, possibly from
     * inside this call (a command can ask for its data-out or complete at once): the transport
     * learns of the task's handle in those callbacks, which is why nothing is returned here.
     *
     * @param tag                        transport's task tag (iSCSI ITT)
     * @param lun                        the 8-byte LUN field
     * @param attribute                  task attribute
     * @param direction                  data direction the initiator announced
     * @param expectedDataTransferLength bytes the initiator expects to move
     */
    void submit(long tag, long lun, ByteBuffer cdb, TaskAttribute attribute,
                    DataDirection direction, int expectedDataTransferLength);

    /** The data-out asked for with {@link NexusPort#requestDataOut} is all in the buffer. */
    void dataOutReceived(ScsiTask task);

    /**
     * Submits a task management function. The answer comes through
     * {@link NexusPort#taskManagementCompleted}, possibly after in-flight device I/O of aborted
     * tasks has returned (bounded by the target's TMF timeout).
     *
     * @param referencedTag for ABORT TASK / QUERY TASK: the tag of the task meant
     */
    void submitTaskManagement(long tmfTag, TmfFunction function, long lun, long referencedTag);

    /** The transport is done with the task (its status was sent, or it was aborted). */
    void release(ScsiTask task);

    /** Runs completions handed over from device threads; call after {@link NexusPort#wakeup()}. */
    void processCompletions();

    /**
     * How many more tasks this nexus accepts right now; a transport derives its command window
     * from it (iSCSI MaxCmdSN), so a full device becomes backpressure, not an unbounded queue.
     */
    int availableTaskSlots();

    /**
     * Number of tasks the nexus still holds (submitted and not yet released), for diagnostics
     * and leak checks.
     */
    int outstandingTasks();

    /**
     * I_T nexus loss: every task still in the core is aborted (the transport receives no
     * further callbacks for them and must not release them), and what SPC says a nexus loss
     * releases is released. Idempotent.
     */
    @Override
    void close();
}
