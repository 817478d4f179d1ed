package org.scsi4j.iscsi.internal.conn;

/** The attachment of a selection key of an I/O loop: told which operations are ready. */
public interface Selectable {
    void onSelected(int readyOps);
}
