package org.scsi4j.iscsi.internal.pdu;

/**
 * A type-neutral view of any BHS (RFC 7143 §11.2.1): opcode, I and F bits, TotalAHSLength,
 * DataSegmentLength, LUN and Initiator Task Tag. The receive path wraps it first to dispatch on
 * {@link #opcode()}, then wraps the per-opcode flyweight at the same offset for the rest.
 */
public final class BasicHeaderSegment extends HeaderFlyweight<BasicHeaderSegment> {
}
