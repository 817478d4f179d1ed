/**
 * The event loops (ARCHITECTURE §4): each {@link org.scsi4j.iscsi.internal.loop.IoLoop} is an
 * agrona {@code Agent} that owns a {@link java.nio.channels.Selector} and its connections
 * outright and is the owner thread of every I_T nexus of those connections. The
 * {@link org.scsi4j.iscsi.internal.loop.Acceptor} lives on loop 0 and hands accepted sockets to
 * the loops round-robin. {@link org.scsi4j.iscsi.internal.loop.LoopBuffers} recycles receive
 * buffers and send arenas between a loop's connections.
 *
 * <p>A loop blocks in {@code select(timeout)} when it has nothing to do (never spins); other
 * threads reach it only through {@code execute}, {@code completionsPending} and
 * {@code Selector.wakeup()}.
 */
package org.scsi4j.iscsi.internal.loop;
