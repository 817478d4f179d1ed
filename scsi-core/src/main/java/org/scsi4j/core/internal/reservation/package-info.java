/**
 * Reservations of a logical unit, shared by every nexus and transport that reaches it: SPC-2
 * RESERVE/RELEASE and SPC-4 persistent reservations, the command-conflict rules, and the
 * unit attentions they cause.
 */
package org.scsi4j.core.internal.reservation;
