/**
 * iSCSI PDU codec (RFC 7143 §11): flyweights over {@link java.nio.ByteBuffer} and the framing
 * state machine that finds PDU boundaries in a receive buffer.
 *
 * <p>What this package owns:
 * <ul>
 *   <li>{@link org.scsi4j.iscsi.internal.pdu.Opcode} and {@link org.scsi4j.iscsi.internal.pdu.PduCodes}:
 *       the wire constants (opcodes, login status, reject reasons, TMF functions and responses,
 *       asynchronous events, logout reasons and responses, SNACK types).</li>
 *   <li>One flyweight per PDU type ({@code *Pdu}), all sharing the Basic Header Segment layout
 *       of {@link org.scsi4j.iscsi.internal.pdu.HeaderFlyweight}. A flyweight holds
 *       (buffer, offset), reads and writes with absolute big-endian access and never allocates;
 *       one instance per connection is re-{@code wrap}ped for every PDU.</li>
 *   <li>{@link org.scsi4j.iscsi.internal.pdu.PduFramer}: BHS → AHS → header digest → data
 *       (padded) → data digest, with mandatory limits and a sticky BAD state; it reports offsets
 *       and lengths and never copies.</li>
 *   <li>{@link org.scsi4j.iscsi.internal.pdu.Crc32cDigest}: the CRC32C header and data digests
 *       (RFC 7143 §13.1), stored least-significant byte first on the wire.</li>
 * </ul>
 *
 * <p>Nothing here knows sockets, sessions or SCSI semantics. All classes are single-threaded:
 * each connection's I/O loop owns its instances.
 */
package org.scsi4j.iscsi.internal.pdu;
