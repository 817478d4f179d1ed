/**
 * Ready-made block devices for the device SPI ({@code org.scsi4j.core.spi.device}):
 * <ul>
 *   <li>{@link org.scsi4j.backstore.file.FileBlockDevice}: a disk in a regular file, buffered or
 *       O_DIRECT, write-back or write-through, opened from {@link org.scsi4j.backstore.file.FileDeviceOptions}
 *       (blocking; the core runs it on a worker pool);</li>
 *   <li>{@link org.scsi4j.backstore.file.RamBlockDevice}: a thin-provisioned off-heap RAM disk
 *       that allocates memory on first write (asynchronous, completes inline);</li>
 *   <li>{@link org.scsi4j.backstore.file.NullBlockDevice}: reads zeroes, drops writes; for
 *       measuring a transport alone.</li>
 * </ul>
 * No device moves the position or limit of a buffer it is handed, and none keeps a buffer after
 * the call (or completion) that handed it in.
 */
package org.scsi4j.backstore.file;
