package org.scsi4j.iscsi.internal.conn;

/** Called once the last byte of a PDU it was attached to has been handed to the socket. */
public interface Written {
    void written();
}
