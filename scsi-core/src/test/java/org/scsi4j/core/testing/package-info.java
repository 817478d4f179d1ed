/**
 * Test fixtures shared with other modules through scsi-core's test-jar: an in-memory device with
 * failure injection and hold/release control, CDB builders, and a fake of the command the core
 * offers a raw device (for testing a raw device without a core).
 */
package org.scsi4j.core.testing;
