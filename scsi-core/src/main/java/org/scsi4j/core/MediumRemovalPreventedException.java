package org.scsi4j.core;

/**
 * The host asked to remove or replace a medium while an initiator prevents its removal (PREVENT
 * ALLOW MEDIUM REMOVAL, SPC-4). The message names the logical unit and the initiator ports
 * that hold the prevent. The initiators were told (an EJECT REQUEST media event, as a locked
 * drive reports when its eject button is pressed); retry after they allow removal, or force it.
 */
public class MediumRemovalPreventedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public MediumRemovalPreventedException(String message) {
        super(message);
    }
}
