/**
 * The SBC-3 disk command set over the device SPI: READ/WRITE, READ CAPACITY, SYNCHRONIZE CACHE,
 * VERIFY, WRITE AND VERIFY, WRITE SAME, UNMAP, PRE-FETCH, START STOP UNIT, and the disk's opcode
 * table ({@link org.scsi4j.core.internal.sbc.DiskCommands}) that joins them with the SPC commands.
 */
package org.scsi4j.core.internal.sbc;
