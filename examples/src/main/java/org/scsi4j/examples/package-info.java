/**
 * Runnable examples: {@link org.scsi4j.examples.ExampleTarget}, a command-line iSCSI target over
 * file, RAM and null disks, and {@link org.scsi4j.examples.SnapshotDisk}, a complete custom device
 * emulator written against the device SPI ({@link org.scsi4j.examples.SnapshotDiskTarget} exports
 * it).
 */
package org.scsi4j.examples;
