/**
 * Reservations of a logical unit, shared by every nexus and transport that reaches it (SPC-4
 * §5.13, SPC-2 §5.5).
 * <ul>
 * <li>{@link org.scsi4j.core.internal.reservation.Reservations}: the per-unit state (an immutable
 *     {@code PrState} swapped whole) and the hooks the engine calls: the conflict check at every
 *     dispatch, I_T nexus loss, resets.
 * <li>{@code ConflictTable}: SPC-4 §5.13.1 / SBC-3 "commands allowed in the presence of various
 *     reservations" and the SPC-2 rule, one row per opcode and service action.
 * <li>{@code ServiceActions}: the PERSISTENT RESERVE OUT service actions as pure functions from
 *     one state to the next, with the unit attentions and aborts they cause.
 * <li>{@code PersistentReserveIn}, {@code PersistentReserveOut}, {@code Spc2Reserve}: the command
 *     handlers; {@link org.scsi4j.core.internal.reservation.ReservationCommands}: their rows of the
 *     opcode table; {@code TransportIds}: iSCSI TransportIDs (SPC-4 §7.6.4.6).
 * <li>{@link org.scsi4j.core.internal.reservation.AptplPersistence}, {@code AptplStore},
 *     {@code AptplFile}: APTPL state made durable (temporary file, fsync, atomic rename, directory
 *     fsync) on the target's one {@code scsi4j-pr-persist} thread before the command completes,
 *     and restored when the unit is created.
 * </ul>
 */
package org.scsi4j.core.internal.reservation;
