/**
 * Third-party copy inside the target (SPC-4 §6.4 EXTENDED COPY (LID1), §6.26 RECEIVE COPY
 * RESULTS): block-to-block segment descriptors between logical units of the same target, moved
 * in chunks through the device SPI without crossing the transport.
 */
package org.scsi4j.core.internal.xcopy;
