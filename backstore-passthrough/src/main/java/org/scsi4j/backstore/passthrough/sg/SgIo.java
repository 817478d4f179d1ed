package org.scsi4j.backstore.passthrough.sg;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One channel to a SCSI generic device that runs one command at a time, as the sg v3 interface
 * ({@code struct sg_io_hdr}) does: the seam between {@link SgDevice}, which is plain Java, and
 * {@link SgChannel}, which talks to the kernel. Tests put a fake behind it.
 *
 * <p><b>Threading.</b> {@link #execute} is called by one thread at a time (the worker that owns
 * the channel) and blocks until the device answered. {@link #close} may be called from any thread,
 * also while {@code execute} blocks: that call then fails with an {@link IOException}.
 */
interface SgIo extends AutoCloseable {
    /** {@code SG_DXFER_NONE}: no data phase. */
    int DXFER_NONE = -1;
    /** {@code SG_DXFER_TO_DEV}: data-out, {@code data} is read. */
    int DXFER_TO_DEV = -2;
    /** {@code SG_DXFER_FROM_DEV}: data-in, {@code data} is written. */
    int DXFER_FROM_DEV = -3;

    /**
     * Runs one command and waits for its outcome.
     *
     * @param cdb           the CDB, position..limit (6 to 252 bytes)
     * @param direction     {@link #DXFER_NONE}, {@link #DXFER_TO_DEV} or {@link #DXFER_FROM_DEV}
     * @param data          the transfer, position..limit ({@code dxfer_len} is its remaining
     *                      bytes); data-in lands from its position on. Ignored for DXFER_NONE.
     * @param sense         where sense data goes, from its position on, at most its remaining bytes
     * @param timeoutMillis the {@code sg_io_hdr} timeout (unsigned milliseconds)
     * @return what the kernel reported
     * @throws IOException the command could not be handed to the device or its outcome could not be
     *                     read (the device may or may not have executed it)
     */
    SgResult execute(ByteBuffer cdb, int direction, ByteBuffer data, ByteBuffer sense, int timeoutMillis)
            throws IOException;

    /** Releases the channel; idempotent; any thread. */
    @Override
    void close();

    /** Opens one more channel to the same device (one per worker thread). */
    @FunctionalInterface
    interface Opener {
        SgIo open() throws IOException;
    }
}
