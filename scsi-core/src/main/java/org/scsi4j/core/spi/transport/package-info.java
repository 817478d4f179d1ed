/**
 * The transport SPI: how a transport (iSCSI, the in-process loopback, a host app's own) meets
 * the SCSI core. The verb list follows LIO's fabric operations.
 *
 * <p>The transport calls the core through {@link org.scsi4j.core.spi.transport.ScsiTargetPort}
 * (open an I_T nexus) and {@link org.scsi4j.core.spi.transport.ItNexus} (submit a task, deliver
 * data-out, submit a task-management function, release a task). The core calls the transport
 * back through {@link org.scsi4j.core.spi.transport.NexusPort} (request data-out, complete a task
 * with data-in, status and sense, answer a TMF, report an aborted task, wake the owner).
 *
 * <p><b>Threading.</b> Every I_T nexus has one <em>owner thread</em>: the thread that calls its
 * {@link org.scsi4j.core.spi.transport.ItNexus} methods (an event loop, say). The core calls that
 * nexus's {@link org.scsi4j.core.spi.transport.NexusPort} only from inside those calls, except
 * {@link org.scsi4j.core.spi.transport.NexusPort#wakeup()}, which may come from any thread and asks
 * the owner to call {@link org.scsi4j.core.spi.transport.ItNexus#processCompletions()} soon.
 * So a transport needs no locks for per-nexus state.
 */
package org.scsi4j.core.spi.transport;
