/**
 * CDB decoding and dispatch: the opcode table (opcode and service action to a
 * {@link org.scsi4j.core.internal.command.CommandDescriptor} with CDB length, CDB usage map, data
 * direction and handler), the generic reserved-bit validation driven by that usage map, and the
 * {@link org.scsi4j.core.internal.command.CommandContext} through which handlers see a task.
 */
package org.scsi4j.core.internal.command;
