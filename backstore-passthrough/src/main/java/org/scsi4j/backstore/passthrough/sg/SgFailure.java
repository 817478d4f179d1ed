package org.scsi4j.backstore.passthrough.sg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import org.scsi4j.core.spi.device.FixedSense;

/**
 * What the initiator is told when the device's own answer is missing: the command timed out, the
 * host adapter or the kernel failed it, or it never reached the device. One table (status, sense
 * key, ASC/ASCQ, SPC-4 4.5.6 and annex D), fixed-format sense. When the device did answer, its
 * status and sense go back untouched and none of this applies.
 *
 * <p>The choice of sense key is the choice of what the initiator does next: ABORTED COMMAND and
 * BUSY invite a retry, HARDWARE ERROR and ILLEGAL REQUEST do not.
 */
enum SgFailure {
    /** The command ran past its {@code sg_io_hdr} timeout; the kernel aborted it. LOGICAL UNIT COMMUNICATION TIME-OUT. */
    TIMEOUT(SgFailure.CHECK_CONDITION, SgFailure.ABORTED_COMMAND, 0x08, 0x01),
    /** The device is gone (unplugged, offline, removed): LOGICAL UNIT COMMUNICATION FAILURE, not worth a retry. */
    GONE(SgFailure.CHECK_CONDITION, SgFailure.HARDWARE_ERROR, 0x08, 0x00),
    /** The host is busy or asks for a retry (bus busy, requeue, out of memory): BUSY, the initiator retries. */
    TRANSIENT(SgFailure.BUSY, 0, 0, 0),
    /** Any other host, driver or I/O error: LOGICAL UNIT COMMUNICATION FAILURE, retryable. */
    TRANSPORT(SgFailure.CHECK_CONDITION, SgFailure.ABORTED_COMMAND, 0x08, 0x00),
    /** The host kernel refused the command for this user (EPERM, EACCES): INVALID COMMAND OPERATION CODE. */
    REFUSED(SgFailure.CHECK_CONDITION, SgFailure.ILLEGAL_REQUEST, 0x20, 0x00),
    /** The host kernel rejected the CDB or its transfer (EINVAL, EMSGSIZE; too long): INVALID FIELD IN CDB. */
    INVALID(SgFailure.CHECK_CONDITION, SgFailure.ILLEGAL_REQUEST, 0x24, 0x00),
    /** The device was closed before or while the command ran. */
    CLOSED(SgFailure.CHECK_CONDITION, SgFailure.ABORTED_COMMAND, 0x08, 0x00);

    static final int GOOD = 0x00;
    static final int CHECK_CONDITION = 0x02;
    static final int BUSY = 0x08;
    static final int TASK_SET_FULL = 0x28;
    static final int TASK_ABORTED = 0x40;

    static final int HARDWARE_ERROR = 0x4;
    static final int ILLEGAL_REQUEST = 0x5;
    static final int ABORTED_COMMAND = 0xB;

    // Linux host byte (include/scsi/scsi_status.h, DID_*)
    static final int DID_OK = 0x00;
    static final int DID_NO_CONNECT = 0x01;
    static final int DID_BUS_BUSY = 0x02;
    static final int DID_TIME_OUT = 0x03;
    static final int DID_BAD_TARGET = 0x04;
    static final int DID_SOFT_ERROR = 0x0B;
    static final int DID_IMM_RETRY = 0x0C;
    static final int DID_REQUEUE = 0x0D;
    static final int DID_TRANSPORT_DISRUPTED = 0x0E;
    static final int DID_ALLOC_FAILURE = 0x12;

    // Linux driver byte (low nibble of driver_status, DRIVER_*)
    static final int DRIVER_OK = 0x00;
    static final int DRIVER_BUSY = 0x01;
    static final int DRIVER_SOFT = 0x02;
    static final int DRIVER_TIMEOUT = 0x06;
    static final int DRIVER_SENSE = 0x08;

    final int status;
    final int senseKey;
    final int asc;
    final int ascq;

    SgFailure(int status, int senseKey, int asc, int ascq) {
        this.status = status;
        this.senseKey = senseKey;
        this.asc = asc;
        this.ascq = ascq;
    }

    /**
     * The failure an sg result reports, or null when the device answered (its status and sense are
     * then the answer, also when the host reported noise beside a non-GOOD status: the device's
     * sense explains more than a host byte could).
     */
    static SgFailure of(SgResult r) {
        int host = r.hostStatus();
        int driver = r.driverStatus() & 0x0F;
        if (host == DID_TIME_OUT || driver == DRIVER_TIMEOUT) {
            return TIMEOUT;
        }
        if (host == DID_OK && (driver == DRIVER_OK || driver == DRIVER_SENSE)) {
            return null;
        }
        if (r.status() != GOOD) {
            return null;
        }
        switch (host) {
            case DID_NO_CONNECT:
            case DID_BAD_TARGET:
                return GONE;
            case DID_BUS_BUSY:
            case DID_SOFT_ERROR:
            case DID_IMM_RETRY:
            case DID_REQUEUE:
            case DID_TRANSPORT_DISRUPTED:
            case DID_ALLOC_FAILURE:
                return TRANSIENT;
            case DID_OK:
                return driver == DRIVER_BUSY || driver == DRIVER_SOFT ? TRANSIENT : TRANSPORT;
            default:
                return TRANSPORT;
        }
    }

    /**
     * The failure an I/O error means. The JDK reports an errno as its C library text
     * ({@code strerror}), so that text is what is matched; an unknown one is {@link #TRANSPORT}.
     */
    static SgFailure of(IOException e) {
        if (e instanceof ClosedChannelException) {
            return CLOSED;       // also AsynchronousCloseException: closed while the command ran
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("No such device")) {                                   // ENODEV, ENXIO
            return GONE;
        }
        if (m.contains("Cannot allocate memory") || m.contains("Out of memory")             // ENOMEM
                || m.contains("Device or resource busy") || m.contains("Resource busy")     // EBUSY
                || m.contains("Resource temporarily unavailable")                           // EAGAIN
                || m.contains("Numerical argument out of domain") || m.contains("Domain error")) {   // EDOM: queue full
            return TRANSIENT;
        }
        if (m.contains("Operation not permitted") || m.contains("Permission denied")) {     // EPERM, EACCES
            return REFUSED;
        }
        if (m.contains("Invalid argument") || m.contains("Message too long")) {             // EINVAL, EMSGSIZE
            return INVALID;
        }
        return TRANSPORT;
    }

    /** Fixed-format sense data for this failure (SPC-4 4.5.3), a fresh buffer; null for BUSY. */
    ByteBuffer sense() {
        if (status != CHECK_CONDITION) {
            return null;
        }
        return FixedSense.of(senseKey, asc, ascq);
    }
}
