package org.scsi4j.core.internal.engine;

import org.scsi4j.core.spi.transport.InitiatorPortId;
import org.scsi4j.core.spi.transport.ItNexus;
import org.scsi4j.core.spi.transport.NexusPort;
import org.scsi4j.core.spi.transport.ScsiTargetPort;

/** A target port of a {@link TargetRuntime}: where transports open I_T nexuses. */
final class TargetPortImpl implements ScsiTargetPort {
    private final TargetRuntime target;
    private final int relativePortId;

    TargetPortImpl(TargetRuntime target, int relativePortId) {
        this.target = target;
        this.relativePortId = relativePortId;
    }

    @Override
    public String targetName() {
        return target.name();
    }

    @Override
    public int relativePortId() {
        return relativePortId;
    }

    @Override
    public boolean isAccessAllowed(String initiatorName) {
        return !target.isClosed() && target.accessAllowed(initiatorName);
    }

    @Override
    public ItNexus openNexus(InitiatorPortId initiator, NexusPort port) {
        return target.openNexus(this, initiator, port);
    }

    @Override
    public String toString() {
        return "TargetPort[" + target.name() + "," + relativePortId + "]";
    }
}
