package org.scsi4j.core.internal.reservation;

import java.util.Objects;
import org.scsi4j.core.spi.transport.InitiatorPortId;

/**
 * One registration (SPC-4 §5.13, "Registering"): a reservation key held by an I_T nexus, named by
 * the initiator port (initiator name plus port suffix, iSCSI ",i,0x" + ISID) and the relative
 * target port identifier. Immutable; a new key is a new value.
 *
 * <p>Two widenings of "one I_T nexus", both from SPC-4: a registration made with ALL_TG_PT=1 covers
 * the initiator port on every target port ({@link #ALL_TARGET_PORTS}); one made through a
 * TransportID that names only the initiator (iSCSI TransportID format 00b, SPEC_I_PT or REGISTER
 * AND MOVE) covers every port of that initiator ({@code portSuffix == null}).
 *
 * @param key            the reservation key, never 0
 * @param initiatorName  the initiator's SCSI name (iSCSI names compare case-insensitively)
 * @param portSuffix     the initiator port suffix, "" when the transport has none, or null for
 *                       every port of the initiator
 * @param relativePortId the relative target port identifier, or {@link #ALL_TARGET_PORTS}
 */
record Registration(long key, String initiatorName, String portSuffix, int relativePortId) {

    /** {@link #relativePortId} of a registration made with ALL_TG_PT=1. */
    static final int ALL_TARGET_PORTS = 0;

    Registration {
        if (key == 0) {
            throw new IllegalArgumentException("a registration has a non-zero key");
        }
        Objects.requireNonNull(initiatorName, "initiatorName");
    }

    /** The registration of exactly this I_T nexus. */
    static Registration of(long key, InitiatorPortId initiator, int relativePortId) {
        return new Registration(key, initiator.initiatorName(), initiator.portSuffix(), relativePortId);
    }

    boolean allTargetPorts() {
        return relativePortId == ALL_TARGET_PORTS;
    }

    /** Whether this registration belongs to the I_T nexus of {@code initiator} through {@code port}. */
    boolean covers(InitiatorPortId initiator, int port) {
        return initiatorName.equalsIgnoreCase(initiator.initiatorName())
                && (portSuffix == null || portSuffix.equalsIgnoreCase(initiator.portSuffix()))
                && (relativePortId == ALL_TARGET_PORTS || relativePortId == port);
    }

    /** Whether this registration names exactly the I_T nexus of {@code initiator} through {@code port}. */
    boolean isExactly(InitiatorPortId initiator, int port) {
        return portSuffix != null && relativePortId == port
                && initiatorName.equalsIgnoreCase(initiator.initiatorName())
                && portSuffix.equalsIgnoreCase(initiator.portSuffix());
    }

    /** Whether both name the same I_T nexus (or the same family of them), whatever the keys. */
    boolean sameNexusAs(Registration o) {
        return relativePortId == o.relativePortId && initiatorName.equalsIgnoreCase(o.initiatorName)
                && (portSuffix == null ? o.portSuffix == null
                        : o.portSuffix != null && portSuffix.equalsIgnoreCase(o.portSuffix));
    }

    Registration withKey(long newKey) {
        return new Registration(newKey, initiatorName, portSuffix, relativePortId);
    }

    @Override
    public String toString() {
        return String.format("%016x@%s%s,%s", key, initiatorName, portSuffix == null ? ",*" : portSuffix,
                allTargetPorts() ? "all" : Integer.toString(relativePortId));
    }
}
