package org.scsi4j.core.spi.transport;

import java.util.Objects;

/**
 * Identity of an initiator port as SPC-4 sees it (§7.5.4 TransportID): the initiator's name and,
 * for iSCSI, its session identifier, so that a re-login with a new ISID is a new I_T nexus.
 *
 * @param initiatorName the initiator's device name (iSCSI: InitiatorName, an iqn/eui/naa name)
 * @param portSuffix    what distinguishes this port of that initiator (iSCSI: ",i,0x" + ISID in
 *                      hex), empty when the transport has none
 */
public record InitiatorPortId(String initiatorName, String portSuffix) {

    public InitiatorPortId {
        Objects.requireNonNull(initiatorName, "initiatorName");
        Objects.requireNonNull(portSuffix, "portSuffix");
    }

    /** The SCSI initiator port name: name plus suffix (iSCSI: "iqn...,i,0x123456789abc"). */
    public String portName() {
        return initiatorName + portSuffix;
    }
}
