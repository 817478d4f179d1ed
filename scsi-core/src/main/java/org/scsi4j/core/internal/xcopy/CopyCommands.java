package org.scsi4j.core.internal.xcopy;

import static org.scsi4j.core.internal.command.CommandDescriptor.NEEDS_MEDIUM;

import java.util.List;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.command.DataOutLength;

/**
 * Rows of the opcode table for EXTENDED COPY (LID1) and RECEIVE COPY RESULTS (SPC-4 §6.4,
 * §6.26), both dispatched by service action (byte 1, bits 4..0) as SPC-4 defines them. Usage maps
 * follow {@code SpcCommands}: the service action bits, the fields, and nothing of the CONTROL
 * byte.
 *
 * <p>EXTENDED COPY is not flagged WRITES_MEDIUM: it may only read the unit it is addressed to,
 * and write protection is decided per destination ({@link CopyTargets#writeProtected}).
 * Reservations of the addressed unit are the engine's (a write-class command, SPC-4 §5.13);
 * those of the other units the copy touches are checked by the copy manager.
 */
public final class CopyCommands {
    static final int EXTENDED_COPY = 0x83;
    static final int RECEIVE_COPY_RESULTS = 0x84;
    /** EXTENDED COPY service action 00h: LID1. */
    static final int SA_LID1 = 0x00;

    /** CONTROL byte: nothing accepted (NACA=0). */
    private static final int CONTROL = 0x00;

    /** Command timeouts (REPORT SUPPORTED OPERATION CODES, RCTD), seconds. */
    static final int NOMINAL_COPY_TIMEOUT = 5;
    static final int RECOMMENDED_COPY_TIMEOUT = 120;
    static final int NOMINAL_TIMEOUT = 1;
    static final int RECOMMENDED_TIMEOUT = 30;

    private CopyCommands() {
    }

    public static List<CommandDescriptor> descriptors() {
        return List.of(
                // SPC-4 §6.4: byte 1 SERVICE ACTION; bytes 10-13 PARAMETER LIST LENGTH.
                CommandDescriptor.of(EXTENDED_COPY, SA_LID1, "EXTENDED COPY(LID1)",
                        new int[] {EXTENDED_COPY, 0x1F, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, CONTROL},
                        (cdb, blockSize) -> ExtendedCopy.parameterListLength(cdb), ExtendedCopy.HANDLER, NEEDS_MEDIUM)
                        .withTimeouts(NOMINAL_COPY_TIMEOUT, RECOMMENDED_COPY_TIMEOUT),
                // SPC-4 §6.26: byte 1 SERVICE ACTION; byte 2 LIST IDENTIFIER; bytes 10-13 ALLOCATION LENGTH.
                CommandDescriptor.of(RECEIVE_COPY_RESULTS, ReceiveCopyResults.SA_COPY_STATUS,
                        "RECEIVE COPY RESULTS(COPY STATUS)",
                        new int[] {RECEIVE_COPY_RESULTS, 0x1F, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0,
                                CONTROL},
                        DataOutLength.NONE, ReceiveCopyResults.COPY_STATUS, 0)
                        .withTimeouts(NOMINAL_TIMEOUT, RECOMMENDED_TIMEOUT),
                // SPC-4 §6.26.4: the LIST IDENTIFIER means nothing here; accepted and ignored.
                CommandDescriptor.of(RECEIVE_COPY_RESULTS, ReceiveCopyResults.SA_OPERATING_PARAMETERS,
                        "RECEIVE COPY RESULTS(OPERATING PARAMETERS)",
                        new int[] {RECEIVE_COPY_RESULTS, 0x1F, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0,
                                CONTROL},
                        DataOutLength.NONE, ReceiveCopyResults.OPERATING_PARAMETERS, 0)
                        .withTimeouts(NOMINAL_TIMEOUT, RECOMMENDED_TIMEOUT));
    }
}
