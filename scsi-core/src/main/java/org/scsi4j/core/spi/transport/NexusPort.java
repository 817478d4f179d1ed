package org.scsi4j.core.spi.transport;

import java.nio.ByteBuffer;

/**
 * Implemented by a transport for each I_T nexus: the calls the core makes to move data and
 * status to the initiator (LIO's fabric operations).
 *
 * <p>All methods but {@link #wakeup()} are called only on the nexus's owner thread, from inside an
 * {@link ItNexus} call; they must not block and must not call back into the same {@link ItNexus}
 * re-entrantly except {@link ItNexus#dataOutReceived} for data already at hand (immediate data),
 * which the core allows.
 */
public interface NexusPort {

    /**
     * The core wants the task's data-out. The transport fills {@code destination}
     * (position 0 up to its limit, which is what the core will use: at most the expected data
     * transfer length) with the initiator's data — immediate and unsolicited data first, then by
     * soliciting the rest (R2T) — and then calls {@link ItNexus#dataOutReceived(ScsiTask)}. The
     * buffer belongs to the core and stays valid until the task is released.
     */
    void requestDataOut(ScsiTask task, ByteBuffer destination);

    /**
     * The task is complete: send {@link ScsiTask#dataIn()} (if any) and then the status with
     * sense and residuals. When everything went out (or the connection died) the transport calls
     * {@link ItNexus#release(ScsiTask)}.
     */
    void taskCompleted(ScsiTask task);

    /**
     * The task was aborted by task management or nexus loss and must produce nothing more
     * (no data, no status). The transport forgets its state for it and releases it.
     */
    void taskAborted(ScsiTask task);

    /** Answer to {@link ItNexus#submitTaskManagement}: send the TMF response for {@code tmfTag}. */
    void taskManagementCompleted(long tmfTag, TmfResponse response);

    /**
     * Completions from device threads are waiting: call {@link ItNexus#processCompletions()} from the
     * owner thread soon. Called from any thread; must be cheap and must not block (set a flag,
     * wake a selector).
     */
    void wakeup();
}
