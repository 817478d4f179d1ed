package org.scsi4j.core.internal.engine;

import org.scsi4j.core.spi.transport.TmfResponse;

/**
 * A task management function waiting for the device I/O of the tasks it aborted to return
 * before it answers (SAM-5 §7: once the response is sent, no aborted task may still act).
 */
final class TmfWait {
    final long tmfTag;
    final TmfResponse response;
    int remaining;

    TmfWait(long tmfTag, TmfResponse response) {
        this.tmfTag = tmfTag;
        this.response = response;
    }
}
