/**
 * Virtual CD/DVD-ROM drives whose discs are ISO image files
 * ({@link org.scsi4j.backstore.vcdrom.VirtualCdrom}), for the core's MMC command set: export one
 * with {@code LogicalUnitSpec.cdrom(name, VirtualCdrom.of(name, path))}, or start empty with
 * {@link org.scsi4j.backstore.vcdrom.VirtualCdrom#empty(String)}, and change discs while
 * initiators stay connected. The core tells them (unit attention MEDIUM MAY HAVE CHANGED, a NEW
 * MEDIA event) and keeps their PREVENT ALLOW MEDIUM REMOVAL locks, which the drive's host calls
 * respect.
 */
package org.scsi4j.backstore.vcdrom;
