/**
 * What every I/O loop of an {@code IscsiServer} shares, all thread-safe: the validated
 * configuration ({@link org.scsi4j.iscsi.internal.server.ServerContext}), the exported targets
 * ({@link org.scsi4j.iscsi.internal.server.TargetEntry}), the session table with TSIH allocation,
 * reinstatement and the session limit ({@link org.scsi4j.iscsi.internal.server.SessionRegistry}),
 * and the log-once error counter ({@link org.scsi4j.iscsi.internal.server.ErrorLog}).
 *
 * <p>Nothing here runs on the hot path except reads of immutable configuration.
 */
package org.scsi4j.iscsi.internal.server;
