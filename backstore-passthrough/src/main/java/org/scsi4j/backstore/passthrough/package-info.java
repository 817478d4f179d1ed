/**
 * Pass-through to real SCSI devices: a LUN of another iSCSI target, or a Linux SCSI generic
 * device ({@code /dev/sgN}), exported as a {@link org.scsi4j.core.spi.device.ScsiDevice} so that
 * several initiators can share it; the core keeps reservations, unit attentions and task
 * management per I_T nexus in front of it.
 */
package org.scsi4j.backstore.passthrough;
