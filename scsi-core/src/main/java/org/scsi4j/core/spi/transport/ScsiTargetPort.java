package org.scsi4j.core.spi.transport;

/**
 * A SCSI target port as a transport sees it: the place where I_T nexuses are opened. Obtained
 * from {@code ScsiTarget.port(...)}; one per transport endpoint that exports the target (an iSCSI
 * target portal group, a loopback port). Thread-safe.
 */
public interface ScsiTargetPort {

    /** The target's SCSI name (iSCSI: the target IQN). */
    String targetName();

    /** The relative target port identifier (SPC-4 §7.8.5.5), 1..65535, unique within the target. */
    int relativePortId();

    /** Whether an initiator of that name may reach the target through this port at all. */
    boolean isAccessAllowed(String initiatorName);

    /**
     * Opens an I_T nexus. The calling thread becomes the nexus's owner thread (it may hand
     * ownership to another thread before the first other call, with a happens-before edge).
     *
     * @throws IllegalStateException when the target is closed
     */
    ItNexus openNexus(InitiatorPortId initiator, NexusPort port);
}
