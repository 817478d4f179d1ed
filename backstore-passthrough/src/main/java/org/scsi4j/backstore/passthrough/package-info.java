/**
 * Pass-through to real SCSI devices: a LUN of another iSCSI target, or a Linux SCSI generic
 * device ({@code /dev/sgN}), exported as a {@link org.scsi4j.core.spi.device.ScsiDevice} so that
 * several initiators can share it; the core keeps reservations, unit attentions and task
 * management per I_T nexus in front of it.
 *
 * <ul>
 *   <li>{@link org.scsi4j.backstore.passthrough.PassthroughDevices}: opens either kind from a
 *       one-line spec ({@code iscsi://...} or {@code sg:/dev/sgN}).</li>
 *   <li>{@link org.scsi4j.backstore.passthrough.IscsiLunDevice}: a LUN of another iSCSI target,
 *       through the initiator client of {@code iscsi-transport}; reconnects by itself.</li>
 *   <li>{@link org.scsi4j.backstore.passthrough.sg}: the SG_IO backend.</li>
 * </ul>
 */
package org.scsi4j.backstore.passthrough;
