/**
 * Login authentication (RFC 7143 §12 and §9.2): the security negotiation stage with
 * AuthMethod None or CHAP (RFC 1994 semantics, MD5, one-way or mutual).
 *
 * <p>What this package owns:
 * <ul>
 *   <li>{@link org.scsi4j.iscsi.internal.auth.Chap}: the CHAP response function
 *       MD5(identifier ‖ secret ‖ challenge) and its constants.</li>
 *   <li>{@link org.scsi4j.iscsi.internal.auth.ChapCredentials}: a CHAP name and secret, with the
 *       secret-strength rule of §9.2.1 enforced at configuration time.</li>
 *   <li>{@link org.scsi4j.iscsi.internal.auth.AuthSettings}: which methods a target accepts and
 *       where the secrets come from.</li>
 *   <li>{@link org.scsi4j.iscsi.internal.auth.SecurityNegotiation}: the state machine one login
 *       connection runs through during SecurityNegotiation.</li>
 * </ul>
 *
 * <p>Runs during login only; allocation is fine. Single-threaded like its connection.
 */
package org.scsi4j.iscsi.internal.auth;
