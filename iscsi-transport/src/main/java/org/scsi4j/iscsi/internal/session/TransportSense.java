package org.scsi4j.iscsi.internal.session;

import org.scsi4j.core.spi.device.FixedSense;

/**
 * Sense data the iSCSI layer itself reports (RFC 7143 §11.4.7.2, "iSCSI Condition"), always
 * fixed format (SPC-4 §4.5.3) with sense key ABORTED COMMAND.
 */
final class TransportSense {
    static final int ABORTED_COMMAND = 0x0B;

    /** Unexpected unsolicited data: ASC/ASCQ 0C/0C. */
    static final int UNEXPECTED_UNSOLICITED_DATA = 0x0C0C;
    /** Incorrect amount of data: ASC/ASCQ 0C/0D. */
    static final int INCORRECT_AMOUNT_OF_DATA = 0x0C0D;
    /** Protocol service CRC error: ASC/ASCQ 47/05 (data digest error, lost data PDU). */
    static final int PROTOCOL_SERVICE_CRC_ERROR = 0x4705;

    private TransportSense() {
    }

    /** @return 18 bytes of fixed-format sense: ABORTED COMMAND with the ASC/ASCQ given */
    static byte[] fixed(int ascAscq) {
        return FixedSense.of(ABORTED_COMMAND, ascAscq >> 8, ascAscq & 0xFF).array();
    }
}
