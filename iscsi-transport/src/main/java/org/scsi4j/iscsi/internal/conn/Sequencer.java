package org.scsi4j.iscsi.internal.conn;

/**
 * The command window a connection stamps into every target PDU as it goes out (RFC 7143
 * §4.2.2.1): ExpCmdSN and MaxCmdSN at BHS offsets 28 and 32.
 */
public interface Sequencer {
    int expCmdSn();

    /** Called once per stamped PDU; may compute the window from the device's free task slots. */
    int maxCmdSn();

    /**
     * MaxCmdSN for the PDU that carries a task's final status: that task's slot counts as free,
     * since it is released as soon as the PDU is written, before anything else is read.
     */
    default int maxCmdSnReleasing() {
        return maxCmdSn();
    }
}
