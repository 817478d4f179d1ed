package org.scsi4j.core.spi.transport;

import java.nio.ByteBuffer;

/**
 * A transport's handle on one SCSI task (a command in flight), handed to the transport in the
 * {@link NexusPort} callbacks. Owned by the core; valid until the transport calls
 * {@link ItNexus#release(ScsiTask)} (after {@link NexusPort#taskCompleted} or
 * {@link NexusPort#taskAborted}), after which the object is recycled and must not be touched.
 * All methods are for the nexus's owner thread.
 */
public interface ScsiTask {

    /** The transport's tag for the task (iSCSI: the Initiator Task Tag). */
    long tag();

    /** The LUN field as the initiator sent it (8 bytes, SAM-5 format). */
    long lun();

    /** The Expected Data Transfer Length the initiator announced, in bytes. */
    int expectedDataTransferLength();

    /** The direction the initiator announced. */
    DataDirection direction();

    /** SAM status byte, valid once the task is complete ({@link ScsiStatus}). */
    int status();

    /**
     * Sense data for CHECK CONDITION (position..limit), an empty buffer otherwise. Valid until
     * release; the transport may advance its position while sending, never change its bytes.
     */
    ByteBuffer sense();

    /**
     * Data to send to the initiator (position..limit), already cut to the expected data transfer
     * length; empty when there is none. Valid until release; the transport may advance its
     * position while sending (a gathering write), never change its bytes.
     */
    ByteBuffer dataIn();

    /** True when fewer bytes moved than the expected data transfer length (SAM residual underflow). */
    boolean residualUnderflow();

    /** True when the command wanted to move more bytes than the expected data transfer length. */
    boolean residualOverflow();

    /** The residual count that goes with the underflow or overflow flag, else 0. */
    int residualCount();

    /** A slot for the transport's per-task state (R2T progress, ...); null until set. */
    Object attachment();

    void attach(Object attachment);
}
