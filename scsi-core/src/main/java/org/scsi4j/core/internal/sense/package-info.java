/**
 * Sense data: the one table of reasons (sense key, ASC, ASCQ) and the one place that writes
 * sense bytes, in fixed (0x70) or descriptor (0x72) format (SPC-4 §4.5).
 */
package org.scsi4j.core.internal.sense;
