/**
 * SPC-4 primary commands every logical unit answers: INQUIRY and its VPD pages, REPORT LUNS,
 * REQUEST SENSE, TEST UNIT READY, MODE SENSE/SELECT, REPORT SUPPORTED OPERATION CODES and REPORT
 * TARGET PORT GROUPS. {@link org.scsi4j.core.internal.spc.SpcCommands#descriptors()} is their rows
 * of the opcode table; each handler is a stateless singleton that builds its parameter data in the
 * task's pooled, zero-filled buffer and lets the engine truncate it to the allocation length.
 */
package org.scsi4j.core.internal.spc;
