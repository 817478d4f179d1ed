/**
 * An iSCSI initiator client (RFC 7143): log in to any iSCSI target — with CHAP, one-way or
 * mutual — and run SCSI commands on its LUNs from any number of threads.
 *
 * <ul>
 *   <li>{@link org.scsi4j.iscsi.initiator.IscsiInitiator}: the initiator node (name,
 *       credentials, negotiation preferences, timeouts, reconnection policy); opens sessions and
 *       runs SendTargets discovery.</li>
 *   <li>{@link org.scsi4j.iscsi.initiator.IscsiSession}: one session (one connection,
 *       ErrorRecoveryLevel 0): {@code execute} (blocking), {@code submit} (a
 *       {@link org.scsi4j.iscsi.initiator.ScsiTask} with a future and ABORT TASK), task
 *       management, ping, logout. Reconnects by session reinstatement when the connection
 *       drops.</li>
 *   <li>{@link org.scsi4j.iscsi.initiator.ScsiResult}: status, sense, residuals, bytes moved;
 *       {@link org.scsi4j.iscsi.initiator.IscsiException} with a
 *       {@link org.scsi4j.iscsi.initiator.IscsiException.Reason} when there is no status.</li>
 * </ul>
 *
 * <p>Threading: one daemon I/O thread per session owns the socket (a selector loop with
 * non-blocking I/O), the CmdSN window, the task table and every Data-Out sequence; callers hand
 * tasks to it through a lock-free queue and park until it completes them. Task slots, PDU
 * flyweights and buffers are reused: a command allocates nothing on the way (use the
 * {@code execute} overload that fills a caller-owned {@code ScsiResult}). Data goes through one
 * copy each way, between the caller's buffer and the connection's direct buffers. The
 * implementation classes of this package are package-private.
 */
package org.scsi4j.iscsi.initiator;
