package org.scsi4j.core.internal.command;

import org.scsi4j.core.spi.device.IoStatus;

/**
 * The step a handler takes when a device operation it started completes. Runs on the task's owner
 * thread. Implementations should be static method references (no capture, no allocation); keep
 * per-task progress in the context's scratch fields.
 */
@FunctionalInterface
public interface IoContinuation {
    void resume(CommandContext ctx, IoStatus status, long information);
}
