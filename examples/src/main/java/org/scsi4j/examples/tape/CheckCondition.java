package org.scsi4j.examples.tape;

/**
 * Ends the command being run with CHECK CONDITION and {@link #sense()}: thrown by the drive's
 * command code where a command fails before it moved the tape or transferred data.
 */
final class CheckCondition extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient TapeSense sense;

    CheckCondition(TapeSense sense) {
        super(sense.toString(), null, false, false);
        this.sense = sense;
    }

    TapeSense sense() {
        return sense;
    }
}
