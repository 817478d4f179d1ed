/**
 * Mechanics behind {@code org.scsi4j.backstore.block}: sysfs lookup, the in-use check over
 * {@code /proc/self/mountinfo}, {@code /proc/swaps} and holders, and O_DIRECT-safe positional I/O.
 * Not API; may change freely.
 */
package org.scsi4j.backstore.block.internal;
