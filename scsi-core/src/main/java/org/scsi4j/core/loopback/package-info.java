/**
 * The in-process loopback transport (like LIO's tcm_loop): a host application or a test opens an
 * I_T nexus as a named initiator and submits CDBs with data, getting status, sense, data-in and
 * residuals back, with no network. It implements the same transport SPI as iSCSI, which keeps
 * that SPI honest.
 *
 * <p>One {@link org.scsi4j.core.loopback.LoopbackTransport} owns one dispatcher thread; every
 * session of it is served by that thread, so callers may submit from any thread.
 */
package org.scsi4j.core.loopback;
