/**
 * A user-space tape drive: how a host application adds a SCSI device type that scsi4j does not
 * ship, using only the public raw-CDB device SPI ({@link org.scsi4j.core.spi.device.ScsiDevice}).
 *
 * <ul>
 *   <li>{@link org.scsi4j.examples.tape.VirtualTapeDrive}: the device. It takes the SSC commands it
 *       implements on its own thread and declines the rest, which the core then answers;</li>
 *   <li>{@code Cartridge}: the tape itself, records and filemarks in a file;</li>
 *   <li>{@code TapeSense}, {@code TapeModePages}, {@code CheckCondition}: the sense data, the mode
 *       parameters and READ BLOCK LIMITS, and how a command fails.</li>
 * </ul>
 *
 * The example target exports it with {@code --tape PATH} ({@code LogicalUnitSpec.rawDevice}).
 */
package org.scsi4j.examples.tape;
