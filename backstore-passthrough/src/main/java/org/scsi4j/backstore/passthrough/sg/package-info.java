/**
 * Linux SCSI generic pass-through: a real SCSI device ({@code /dev/sgN}: a tape drive, a media
 * changer, a disk, anything the kernel's sg driver reaches) exported as a raw-CDB
 * {@link org.scsi4j.core.spi.device.ScsiDevice}.
 *
 * <pre>{@code
 * SgDevice tape = SgDevice.open(Path.of("/dev/sg3"));     // 'lsscsi -g' lists the sg names
 * ScsiTarget target = ScsiTarget.builder("iqn.2026-11.com.example:tapes")
 *         .logicalUnit(0, LogicalUnitSpec.rawDevice("drive-1", tape))
 *         .build();                                        // the target closes the device
 * }</pre>
 *
 * <h2>Where it runs</h2>
 * Linux on x86_64 or aarch64 with Java 22 or later, for a user with read and write access to the
 * device node (usually membership of its group, {@code disk} or {@code tape}; no capabilities are
 * needed: the driver filters commands only on read-only descriptors). Anywhere else
 * {@link org.scsi4j.backstore.passthrough.sg.SgDevice#open} throws
 * {@link org.scsi4j.backstore.passthrough.sg.SgUnsupportedException} saying why; nothing else in
 * scsi4j depends on it.
 *
 * <h2>No JVM flags, no JDK warning</h2>
 * The driver's sg v3 interface ({@code struct sg_io_hdr}) is used through {@code write(2)} (the
 * command starts) and {@code read(2)} (it finished; status, sense and data are filled in) on a
 * plain {@link java.nio.channels.FileChannel}: the same two steps the {@code SG_IO} ioctl takes,
 * without calling a native function. The header carries the addresses of the CDB, data and sense
 * buffers, and that is the one thing Java 17 cannot provide: the class {@code SgNative} gets them
 * with {@code MemorySegment.ofBuffer(buffer).address()}, from a Java 22 version of the class in the
 * jar's multi-release layer ({@code META-INF/versions/22}). Neither method is restricted, so the
 * JDK prints no "restricted method" warning and no {@code --enable-native-access} is needed. The
 * Java 17 version of {@code SgNative} only throws {@code SgUnsupportedException}. A jar built on
 * JDK 17 lacks the Java 22 layer and says so at open; scsi4j releases are built with JDK 22+.
 *
 * <h2>What goes back to the initiator</h2>
 * When the device answered, its status byte, its sense (up to what the kernel keeps, 96 bytes) and
 * its data go back untouched; the data transferred is {@code dxfer_len - resid}, the rest reported
 * as residual underflow. When it could not answer, the initiator gets (fixed-format sense):
 * <table>
 *   <caption>Answers for failures of the host, not the device</caption>
 *   <tr><th>cause</th><th>answer</th></tr>
 *   <tr><td>timeout ({@code DID_TIME_OUT}, {@code DRIVER_TIMEOUT})</td>
 *       <td>CHECK CONDITION, ABORTED COMMAND, LOGICAL UNIT COMMUNICATION TIME-OUT (08/01)</td></tr>
 *   <tr><td>device gone ({@code DID_NO_CONNECT}, {@code DID_BAD_TARGET}, ENODEV, ENXIO)</td>
 *       <td>CHECK CONDITION, HARDWARE ERROR, LOGICAL UNIT COMMUNICATION FAILURE (08/00)</td></tr>
 *   <tr><td>host busy, asks for a retry, out of memory</td><td>BUSY</td></tr>
 *   <tr><td>command refused by the host kernel (EPERM, EACCES)</td>
 *       <td>CHECK CONDITION, ILLEGAL REQUEST, INVALID COMMAND OPERATION CODE (20/00)</td></tr>
 *   <tr><td>CDB or transfer rejected by the host kernel (EINVAL, EMSGSIZE, CDB over 252 bytes)</td>
 *       <td>CHECK CONDITION, ILLEGAL REQUEST, INVALID FIELD IN CDB (24/00)</td></tr>
 *   <tr><td>any other host, driver or I/O error; device closed</td>
 *       <td>CHECK CONDITION, ABORTED COMMAND, LOGICAL UNIT COMMUNICATION FAILURE (08/00)</td></tr>
 *   <tr><td>queue full</td><td>TASK SET FULL</td></tr>
 * </table>
 * Each kind of failure is logged once, with a count at close. A bidirectional command is declined
 * (the sg v3 interface moves data one way), so the core answers INVALID COMMAND OPERATION CODE.
 *
 * <h2>Threads, order, abort, reset, timeouts</h2>
 * See {@link org.scsi4j.backstore.passthrough.sg.SgDevice} and
 * {@link org.scsi4j.backstore.passthrough.sg.SgOptions}: by default one worker thread, so commands
 * reach the device in the order the core offers them; a queued command that is aborted never
 * reaches the device, a running one finishes (sg cannot cancel it); LOGICAL UNIT RESET is not
 * forwarded; the per-command timeout defaults to four hours because the kernel's error recovery
 * after a timeout can reset the device.
 */
package org.scsi4j.backstore.passthrough.sg;
