package org.scsi4j.iscsi.internal.server;

import org.scsi4j.core.spi.transport.ScsiTargetPort;
import org.scsi4j.iscsi.internal.auth.AuthSettings;
import org.scsi4j.iscsi.internal.text.TargetSettings;

/**
 * One exported target node as the login and session code need it: its name, the SCSI target
 * port its I_T nexuses open on, what it negotiates and how it authenticates. Immutable.
 *
 * @param iqn            the iSCSI target name
 * @param port           the SCSI target port (relative port id of the exported target)
 * @param settings       negotiation settings, with its portal group tag and alias
 * @param auth           AuthMethod None, or CHAP with the initiator's (and mutual) credentials
 */
public record TargetEntry(String iqn, ScsiTargetPort port, TargetSettings settings, AuthSettings auth) {

    public int portalGroupTag() {
        return settings.targetPortalGroupTag();
    }
}
