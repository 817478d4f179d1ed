/**
 * Test fixtures that ship in the module's test-jar: a blocking raw-socket iSCSI initiator
 * ({@link org.scsi4j.iscsi.testing.TestInitiator}) that logs in (None, CHAP, mutual CHAP),
 * runs SCSI commands with immediate/unsolicited data and R2T, and can send any hand-built PDU
 * ({@link org.scsi4j.iscsi.testing.Pdus}); received PDUs are {@link org.scsi4j.iscsi.testing.Pdu}s.
 * Built on the module's own PDU flyweights. For connections to break or watch, a TCP relay
 * ({@link org.scsi4j.iscsi.testing.TcpProxy}); for interop tests, a private tgt daemon
 * ({@link org.scsi4j.iscsi.testing.TgtDaemon}) and the host's tools, whose absence fails a test
 * naming the Debian package ({@link org.scsi4j.iscsi.testing.HostTools}).
 */
package org.scsi4j.iscsi.testing;
