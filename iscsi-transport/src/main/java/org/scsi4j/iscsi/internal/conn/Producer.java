package org.scsi4j.iscsi.internal.conn;

/**
 * Something in a connection's send FIFO that turns into one or more PDUs when the
 * {@link OutputQueue} has room: a control PDU ({@link OutItem}) or a task's R2Ts, Data-In and
 * status (session layer). Producing late, in FIFO order, is what lets StatSN, ExpCmdSN and
 * MaxCmdSN be stamped in the order PDUs go out.
 */
public interface Producer {
    /**
     * Emits as many PDUs as fit through {@link OutputQueue#allocHead()} and
     * {@link OutputQueue#emit}.
     *
     * @return true when done (the producer leaves the FIFO), false when out of header slots or
     *         iovec room (call again after the next write)
     */
    boolean produce(OutputQueue queue);
}
