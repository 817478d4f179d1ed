/**
 * One TCP connection of the target: non-blocking reads into a per-connection receive buffer,
 * framing with {@code pdu.PduFramer}, dispatch of every complete PDU to the current phase
 * ({@link org.scsi4j.iscsi.internal.conn.PduHandler}: login, then full feature phase), and the
 * send side ({@link org.scsi4j.iscsi.internal.conn.OutputQueue}): a FIFO of PDU producers
 * turned into header slots plus payload views and written with one gathering write.
 *
 * <p>Threading: a connection belongs to one I/O loop for its whole life. Every method is for
 * that loop's thread unless its Javadoc says otherwise.
 */
package org.scsi4j.iscsi.internal.conn;
