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
 *
 * <p><b>What a pass-through cannot make per-initiator.</b> State the device itself keys by I_T
 * nexus and the core does not emulate stays shared: the device sees every front initiator as its
 * one nexus. The core keeps reservations, unit attentions, task sets and REPORT LUNS per nexus;
 * EXTENDED COPY list identifiers (and RECEIVE COPY RESULTS), the device's own sense data reported
 * by REQUEST SENSE, and mode page settings are the device's, shared by all front initiators, as
 * they would be for initiators behind one host bus adapter.
 */
package org.scsi4j.backstore.passthrough;
