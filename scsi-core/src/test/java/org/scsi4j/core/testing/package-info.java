/**
 * Test fixtures shared with other modules through scsi-core's test-jar: an in-memory device with
 * failure injection and hold/release control, and CDB builders.
 */
package org.scsi4j.core.testing;
