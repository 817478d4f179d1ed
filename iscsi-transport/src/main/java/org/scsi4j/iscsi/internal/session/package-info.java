/**
 * The full feature phase of a session (RFC 7143 §4, §11) at ErrorRecoveryLevel 0 with one
 * connection per session, and its meeting with the SCSI core: the
 * {@link org.scsi4j.iscsi.internal.session.Session} is the connection's PDU handler, the
 * core's {@code NexusPort} and the owner of the I_T nexus; the command window
 * ({@link org.scsi4j.iscsi.internal.session.CommandWindow}); SCSI Command and Data-Out intake
 * with immediate data, unsolicited data and R2T ({@link org.scsi4j.iscsi.internal.session.CommandIntake},
 * {@link org.scsi4j.iscsi.internal.session.DataOutIntake}); the per-task transport state that
 * produces R2Ts, Data-In with phase collapse and SCSI Responses
 * ({@link org.scsi4j.iscsi.internal.session.TaskState}); NOP, Text, Logout, task management,
 * SNACK and Reject ({@link org.scsi4j.iscsi.internal.session.ControlIntake}).
 *
 * <p>Threading: everything runs on the connection's I/O loop, the owner thread of the nexus,
 * so no state here is locked. Only {@code Session.wakeup()} and the registry entry methods are
 * called from other threads, and they only hand work to the loop.
 */
package org.scsi4j.iscsi.internal.session;
