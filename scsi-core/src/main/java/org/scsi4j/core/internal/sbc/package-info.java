/**
 * The SBC-3 disk command set over the device SPI: READ/WRITE, READ CAPACITY, SYNCHRONIZE CACHE,
 * VERIFY, WRITE AND VERIFY, WRITE SAME, UNMAP, PRE-FETCH, START STOP UNIT, COMPARE AND WRITE,
 * ORWRITE, GET LBA STATUS, READ DEFECT DATA, FORMAT UNIT, SANITIZE, SBC-4's WRITE ATOMIC, and the
 * disk's opcode table ({@link org.scsi4j.core.internal.sbc.DiskCommands}) that joins them with the
 * SPC commands.
 *
 * <p>{@link org.scsi4j.core.internal.sbc.SbcCommands} is the table (usage maps, data-out lengths,
 * flags, timeouts); one small class per command family holds its stateless handler, and
 * {@code DiskIo} the field decoding and checks they share. Handlers keep per-task state only in
 * the {@link org.scsi4j.core.internal.command.CommandContext} and continue device calls with
 * static method references, so READ and WRITE allocate nothing.
 *
 * <p>Per logical unit ({@link org.scsi4j.core.internal.sbc.SbcUnit}): the
 * {@link org.scsi4j.core.internal.sbc.RangeLock} every write goes through, which makes the
 * read-modify-write commands atomic across nexuses and owner threads, and the
 * {@link org.scsi4j.core.internal.sbc.SanitizeState} the engine consults at dispatch.
 */
package org.scsi4j.core.internal.sbc;
