/**
 * The iSCSI target (RFC 7143) of scsi4j: {@link org.scsi4j.iscsi.IscsiServer} listens on
 * portals and exports {@link org.scsi4j.iscsi.ExportedTarget}s — each a
 * {@link org.scsi4j.core.ScsiTarget} under an iSCSI name, optionally behind CHAP
 * ({@link org.scsi4j.iscsi.ChapCredentials}) — to initiators such as Linux open-iscsi,
 * libiscsi and QEMU.
 *
 * <p>Scope: ErrorRecoveryLevel 0, one connection per session (MaxConnections=1), Discovery
 * and Normal sessions, AuthMethod None or CHAP (one-way or mutual), HeaderDigest and
 * DataDigest None or CRC32C ({@link org.scsi4j.iscsi.Digest}), immediate and unsolicited data
 * and R2T, phase collapse, task management, NOP-In pings, session reinstatement.
 *
 * <p>Everything under {@code org.scsi4j.iscsi.internal} is implementation and may change.
 */
package org.scsi4j.iscsi;
