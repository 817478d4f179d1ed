/**
 * Third-party copy inside the target (SPC-4 §6.4 EXTENDED COPY (LID1), §6.26 RECEIVE COPY
 * RESULTS): block-to-block segment descriptors between logical units of the same target, moved
 * in chunks through the device SPI without crossing the transport.
 *
 * <p>{@link org.scsi4j.core.internal.xcopy.CopyCommands#descriptors()} is the rows of the disk
 * opcode table; {@code ExtendedCopy} validates a parameter list completely before
 * {@code SegmentCopy} moves any data; {@code CopyTargets} resolves CSCD descriptors to units the
 * I_T nexus sees and checks access; {@code CopyRecords} keeps the results RECEIVE COPY RESULTS
 * reports; {@code CopyLimits} is what OPERATING PARAMETERS reports and what is enforced.
 *
 * <p>A destination reached through a CSCD descriptor is write-protected exactly as if it were
 * addressed directly: read-only mapping for this nexus, read-only device, or SWP.
 */
package org.scsi4j.core.internal.xcopy;
