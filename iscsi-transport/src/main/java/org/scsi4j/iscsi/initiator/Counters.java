package org.scsi4j.iscsi.initiator;

/**
 * What a session sent and received, counted by its I/O loop (plain fields: one writer). A
 * snapshot read from another thread is approximate while commands run, exact once they are done.
 */
final class Counters {
    long commands;
    long immediateBytes;
    long unsolicitedBytes;
    long dataOutPdus;
    long dataInPdus;
    long r2ts;

    /** The counters at one moment. */
    record Snapshot(long commands, long immediateBytes, long unsolicitedBytes, long dataOutPdus, long dataInPdus,
                    long r2ts) {
    }

    Snapshot snapshot() {
        return new Snapshot(commands, immediateBytes, unsolicitedBytes, dataOutPdus, dataInPdus, r2ts);
    }
}
