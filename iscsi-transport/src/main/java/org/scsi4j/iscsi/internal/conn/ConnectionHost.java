package org.scsi4j.iscsi.internal.conn;

import java.nio.ByteBuffer;
import org.scsi4j.iscsi.internal.server.ServerContext;

/** What a {@link Connection} needs from the I/O loop that owns it. */
public interface ConnectionHost {
    ServerContext context();

    /** The loop's clock reading for this duty cycle. */
    long nanoTime();

    /** A direct, big-endian buffer of at least {@code capacity} bytes, cleared. */
    ByteBuffer acquireReceiveBuffer(int capacity);

    void releaseReceiveBuffer(ByteBuffer buffer);

    SlotArena acquireArena();

    void releaseArena(SlotArena arena);

    /** Flush this connection's output at the end of the current duty cycle. */
    void markDirty(Connection c);

    /** Any thread: the connection has device completions to run on the loop. */
    void completionsPending(Connection c);

    /** Any thread: run {@code task} on the loop thread. */
    void execute(Runnable task);

    void connectionClosed(Connection c);

    /** @return the number of this loop (thread name suffix) */
    int index();
}
