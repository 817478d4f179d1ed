/**
 * Mechanics behind the devices of {@code org.scsi4j.backstore.file}: positional I/O loops with the
 * O_DIRECT bounce path, aligned buffers and zero filling. Not API; may change freely.
 */
package org.scsi4j.backstore.file.internal;
