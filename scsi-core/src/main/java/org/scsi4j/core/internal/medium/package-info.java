/**
 * Removable-medium state of a logical unit, shared by every command set that has one (MMC CD/DVD
 * drives and removable SBC disks): whether a medium is present, the generation the core
 * last saw, the per-I_T-nexus PREVENT ALLOW MEDIUM REMOVAL state (SPC-4 and MMC-6 PREVENT ALLOW MEDIUM REMOVAL)
 * and the media events GET EVENT STATUS NOTIFICATION reports (MMC-6).
 *
 * <p>The device owns the medium ({@link org.scsi4j.core.spi.device.RemovableMedium}); the core
 * polls it at every dispatch ({@code LogicalUnit.checkMedium()}) and turns a change into the unit
 * attention NOT READY TO READY CHANGE, MEDIUM MAY HAVE CHANGED (SPC-4 §5.14) for every nexus
 * plus a NEW MEDIA or MEDIA REMOVAL event.
 */
package org.scsi4j.core.internal.medium;
