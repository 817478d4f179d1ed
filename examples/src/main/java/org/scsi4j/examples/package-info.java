/**
 * Runnable examples: {@link org.scsi4j.examples.ExampleTarget}, a command-line iSCSI target over
 * file, RAM, null and block-device disks, ISO images, pass-through devices and the tape drive
 * example ({@link org.scsi4j.examples.Backstores} opens the last three kinds), and
 * {@link org.scsi4j.examples.SnapshotDisk}, a complete custom device emulator written against the
 * device SPI ({@link org.scsi4j.examples.SnapshotDiskTarget} exports it). The tape drive, a custom
 * device type on the raw-CDB SPI, is in {@link org.scsi4j.examples.tape}.
 */
package org.scsi4j.examples;
