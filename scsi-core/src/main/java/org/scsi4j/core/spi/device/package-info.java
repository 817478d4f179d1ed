/**
 * The device SPI: what a backstore or a user-space device emulator implements.
 *
 * <p>The core parses and validates every CDB (opcode, LBA range, transfer length, protection
 * fields) and calls the typed primitives of {@link org.scsi4j.core.spi.device.BlockDevice}; a
 * device never re-learns SCSI. Three shapes are offered:
 * <ul>
 *   <li>{@link org.scsi4j.core.spi.device.BlockDevice}: asynchronous, every operation finishes
 *       through one {@link org.scsi4j.core.spi.device.IoCompletion} call carrying an
 *       {@link org.scsi4j.core.spi.device.IoStatus};</li>
 *   <li>{@link org.scsi4j.core.spi.device.BlockingBlockDevice}: plain blocking methods for simple
 *       implementers; the core runs them on a worker pool whose size the device declares;</li>
 *   <li>{@link org.scsi4j.core.spi.device.ScsiDevice}: raw CDBs, for a pass-through to a real
 *       SCSI device or an emulator of a device type the core does not ship (tape, changer). The
 *       core still keeps what depends on the I_T nexus (reservations, unit attentions, task
 *       management, REPORT LUNS); the device may decline a command and get the core's generic
 *       answer. {@link org.scsi4j.core.spi.device.FixedSense} writes the sense data such a
 *       device answers with.</li>
 * </ul>
 * Only JDK types cross this boundary ({@code ByteBuffer}, primitives, enums, records).
 */
package org.scsi4j.core.spi.device;
