/**
 * The login phase of a connection (RFC 7143 §6.3, §11.12–13): the
 * {@link org.scsi4j.iscsi.internal.login.LoginHandler} state machine over Login Request and
 * Response PDUs (stages and their transitions, multi-PDU text with the C bit both ways,
 * version, ISID/TSIH/CID checks), the security stage through {@code internal.auth}, the
 * operational stage through {@code internal.text}'s negotiator, target lookup and
 * authorization, the session limit, TSIH allocation and session reinstatement; on success it
 * hands the connection to a full feature phase {@code session.Session}.
 */
package org.scsi4j.iscsi.internal.login;
