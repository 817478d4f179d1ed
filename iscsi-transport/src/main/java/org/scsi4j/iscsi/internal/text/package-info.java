/**
 * Login and Text key=value handling (RFC 7143 §6 and §13): the codec for the
 * {@code key=value\0} text data segments and the negotiation engine.
 *
 * <p>What this package owns:
 * <ul>
 *   <li>{@link org.scsi4j.iscsi.internal.text.TextSegmentAccumulator}: gathers a logical text
 *       data segment across PDUs with the C bit into a bounded buffer and parses it into
 *       {@link org.scsi4j.iscsi.internal.text.KeyValue} pairs, reporting every failure as a
 *       {@link org.scsi4j.iscsi.internal.text.TextOutcome}.</li>
 *   <li>{@link org.scsi4j.iscsi.internal.text.TextSegmentEncoder}: writes response pairs and cuts
 *       them into chunks no longer than the peer's MaxRecvDataSegmentLength.</li>
 *   <li>{@link org.scsi4j.iscsi.internal.text.KeyTable}: one row per RFC 7143 key (use, sender,
 *       result function, range, default).</li>
 *   <li>{@link org.scsi4j.iscsi.internal.text.LoginNegotiator}: answers the initiator's offers
 *       from the target's {@link org.scsi4j.iscsi.internal.text.TargetSettings} and produces
 *       {@link org.scsi4j.iscsi.internal.text.NegotiatedParameters}.</li>
 * </ul>
 *
 * <p>This code runs during login and text negotiation only, so it allocates freely; it is
 * single-threaded like the connection that owns it. Security keys (AuthMethod, CHAP_*) are
 * interpreted by {@code org.scsi4j.iscsi.internal.auth}.
 */
package org.scsi4j.iscsi.internal.text;
