package org.scsi4j.core.spi.device;

/**
 * The single completion callback of every {@link BlockDevice} operation.
 *
 * <p>Threading: the device calls {@link #complete} exactly once per operation, from any thread
 * (its own I/O thread, a worker, or inline from within the submitting call). The core never
 * blocks in it: it only hands the result back to the thread that owns the task.
 *
 * <p>Buffers passed with the operation stay valid and untouched by the core until this call;
 * the device must not touch them afterwards.
 */
@FunctionalInterface
public interface IoCompletion {
    /**
     * @param status      what happened
     * @param information extra detail: for {@link IoStatus#MISCOMPARE} the byte offset of the first
     *                    difference; otherwise 0
     */
    void complete(IoStatus status, long information);
}
