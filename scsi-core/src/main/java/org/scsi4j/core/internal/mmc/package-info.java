/**
 * The MMC-6 command set of a read-only CD/DVD drive ({@link org.scsi4j.core.CommandSet#CDROM},
 * peripheral device type 5), over the same device SPI as disks: 2048-byte blocks, a removable
 * medium whose state lives in {@link org.scsi4j.core.internal.medium.MediumState}, and the commands
 * initiators use to find and follow a disc - GET CONFIGURATION, GET EVENT STATUS NOTIFICATION,
 * READ TOC/PMA/ATIP, READ DISC/TRACK INFORMATION, MECHANISM STATUS, the MM capabilities mode page,
 * PREVENT ALLOW MEDIUM REMOVAL and START STOP UNIT with LOEJ.
 *
 * <p>The table ({@link org.scsi4j.core.internal.mmc.MmcCommands}) reuses the SPC rows and SBC's
 * READ and READ CAPACITY handlers; the medium is modelled as one finished disc with one data
 * track ({@code Disc}), CD-ROM or DVD-ROM by its size. Writes answer DATA PROTECT.
 */
package org.scsi4j.core.internal.mmc;
