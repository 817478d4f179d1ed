package org.scsi4j.iscsi.initiator;

/**
 * What a login negotiated (RFC 7143 §13) and the session identity it produced. Immutable; a
 * reconnection produces a new instance ({@link IscsiSession#parameters()}).
 *
 * @param targetName the target logged in to (null for a Discovery session)
 * @param targetAlias TargetAlias the target declared, or null (§13.6)
 * @param targetPortalGroupTag TargetPortalGroupTag the target declared, or -1 (§13.9)
 * @param isid the initiator session ID, 48 bits (§11.12.5); constant across reconnections
 * @param tsih the target session identifying handle (§11.12.6)
 * @param headerDigest HeaderDigest=CRC32C in force (§13.1)
 * @param dataDigest DataDigest=CRC32C in force (§13.1)
 * @param initiatorMaxRecvDataSegmentLength what we declared: the largest data segment we accept (§13.12)
 * @param targetMaxRecvDataSegmentLength what the target declared: the largest data segment we may send
 * @param maxBurstLength MaxBurstLength (§13.13)
 * @param firstBurstLength FirstBurstLength (§13.14); 0 when irrelevant (InitialR2T=Yes, ImmediateData=No)
 * @param immediateData ImmediateData (§13.11)
 * @param initialR2T InitialR2T (§13.10)
 * @param maxOutstandingR2T MaxOutstandingR2T (§13.17)
 * @param defaultTime2Wait DefaultTime2Wait in seconds (§13.15)
 * @param defaultTime2Retain DefaultTime2Retain in seconds (§13.16)
 * @param errorRecoveryLevel ErrorRecoveryLevel (§13.20); this initiator always negotiates 0
 */
public record SessionParameters(String targetName, String targetAlias, int targetPortalGroupTag, long isid,
                                int tsih, boolean headerDigest, boolean dataDigest,
                                int initiatorMaxRecvDataSegmentLength, int targetMaxRecvDataSegmentLength,
                                int maxBurstLength, int firstBurstLength, boolean immediateData,
                                boolean initialR2T, int maxOutstandingR2T, int defaultTime2Wait,
                                int defaultTime2Retain, int errorRecoveryLevel) {
}
