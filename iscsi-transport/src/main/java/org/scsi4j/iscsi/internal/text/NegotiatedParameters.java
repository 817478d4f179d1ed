package org.scsi4j.iscsi.internal.text;

/**
 * The outcome of a login's negotiation (RFC 7143 §13): the values both sides now operate
 * with. Immutable; produced by {@link LoginNegotiator#conclude()}.
 *
 * <p>MaxRecvDataSegmentLength is declarative per direction (§13.12):
 * {@link #targetMaxRecvDataSegmentLength()} is what we declared and bounds every data segment
 * we receive (the framer's limit); {@link #initiatorMaxRecvDataSegmentLength()} is what the
 * initiator declared and bounds every data segment we send (Data-In, Text/Login Responses).
 *
 * @param sessionType Discovery or Normal (§13.21)
 * @param initiatorName InitiatorName (§13.5)
 * @param initiatorAlias InitiatorAlias, or null (§13.7)
 * @param targetName TargetName, or null for Discovery (§13.4)
 * @param headerDigest HeaderDigest=CRC32C in force (§13.1)
 * @param dataDigest DataDigest=CRC32C in force (§13.1)
 * @param maxConnections MaxConnections (§13.2)
 * @param initialR2T InitialR2T (§13.10)
 * @param immediateData ImmediateData (§13.11)
 * @param targetMaxRecvDataSegmentLength our MaxRecvDataSegmentLength (§13.12)
 * @param initiatorMaxRecvDataSegmentLength the initiator's MaxRecvDataSegmentLength (§13.12)
 * @param maxBurstLength MaxBurstLength (§13.13)
 * @param firstBurstLength FirstBurstLength (§13.14), never above maxBurstLength
 * @param defaultTime2Wait DefaultTime2Wait (§13.15)
 * @param defaultTime2Retain DefaultTime2Retain (§13.16)
 * @param maxOutstandingR2T MaxOutstandingR2T (§13.17)
 * @param dataPduInOrder DataPDUInOrder (§13.18)
 * @param dataSequenceInOrder DataSequenceInOrder (§13.19)
 * @param errorRecoveryLevel ErrorRecoveryLevel (§13.20)
 * @param taskReporting TaskReporting (§13.23)
 * @param iscsiProtocolLevel iSCSIProtocolLevel (§13.24)
 * @param targetPortalGroupTag the portal group tag of the target (§13.9)
 */
public record NegotiatedParameters(SessionType sessionType, String initiatorName, String initiatorAlias,
                                   String targetName, boolean headerDigest, boolean dataDigest,
                                   int maxConnections, boolean initialR2T, boolean immediateData,
                                   int targetMaxRecvDataSegmentLength, int initiatorMaxRecvDataSegmentLength,
                                   int maxBurstLength, int firstBurstLength, int defaultTime2Wait,
                                   int defaultTime2Retain, int maxOutstandingR2T, boolean dataPduInOrder,
                                   boolean dataSequenceInOrder, int errorRecoveryLevel, String taskReporting,
                                   int iscsiProtocolLevel, int targetPortalGroupTag) {
}
