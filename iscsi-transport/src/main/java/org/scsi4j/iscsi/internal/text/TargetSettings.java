package org.scsi4j.iscsi.internal.text;

import java.util.List;

/**
 * What the target is willing to negotiate for one target node (RFC 7143 §13): for each
 * negotiated key, the value the target would select on its own; for lists, the values it
 * allows, in its order of preference (used when the target offers the key itself — when the
 * initiator offers a list, §6.2.1 makes the initiator's order win). Validated on construction;
 * a bad setting fails fast and names itself.
 *
 * @param headerDigests allowed HeaderDigest values, from "CRC32C" and "None" (§13.1)
 * @param dataDigests allowed DataDigest values (§13.1)
 * @param maxConnections MaxConnections (§13.2); the session layer supports 1 for now
 * @param initialR2T InitialR2T the target wants (§13.10)
 * @param immediateData ImmediateData the target accepts (§13.11)
 * @param maxRecvDataSegmentLength our declared MaxRecvDataSegmentLength (§13.12)
 * @param maxBurstLength MaxBurstLength (§13.13)
 * @param firstBurstLength FirstBurstLength, at most maxBurstLength (§13.14)
 * @param defaultTime2Wait DefaultTime2Wait in seconds (§13.15)
 * @param defaultTime2Retain DefaultTime2Retain in seconds (§13.16); 0 fits ErrorRecoveryLevel 0
 * @param maxOutstandingR2T MaxOutstandingR2T (§13.17)
 * @param dataPduInOrder DataPDUInOrder the target needs (§13.18)
 * @param dataSequenceInOrder DataSequenceInOrder the target needs (§13.19)
 * @param errorRecoveryLevel highest ErrorRecoveryLevel supported (§13.20); 0 for now
 * @param targetPortalGroupTag the portal group tag sent to initiators (§13.9)
 * @param targetAlias TargetAlias to declare, or null (§13.6)
 * @param iscsiProtocolLevel highest iSCSIProtocolLevel supported (§13.24, RFC 7144)
 */
public record TargetSettings(List<String> headerDigests, List<String> dataDigests, int maxConnections,
                             boolean initialR2T, boolean immediateData, int maxRecvDataSegmentLength,
                             int maxBurstLength, int firstBurstLength, int defaultTime2Wait,
                             int defaultTime2Retain, int maxOutstandingR2T, boolean dataPduInOrder,
                             boolean dataSequenceInOrder, int errorRecoveryLevel, int targetPortalGroupTag,
                             String targetAlias, int iscsiProtocolLevel) {

    public TargetSettings {
        headerDigests = digests("headerDigests", headerDigests);
        dataDigests = digests("dataDigests", dataDigests);
        range("maxConnections", maxConnections, 1, 65535);
        range("maxRecvDataSegmentLength", maxRecvDataSegmentLength, 512, (1 << 24) - 1);
        range("maxBurstLength", maxBurstLength, 512, (1 << 24) - 1);
        range("firstBurstLength", firstBurstLength, 512, maxBurstLength);
        range("defaultTime2Wait", defaultTime2Wait, 0, 3600);
        range("defaultTime2Retain", defaultTime2Retain, 0, 3600);
        range("maxOutstandingR2T", maxOutstandingR2T, 1, 65535);
        range("errorRecoveryLevel", errorRecoveryLevel, 0, 0);
        range("targetPortalGroupTag", targetPortalGroupTag, 0, 65535);
        range("iscsiProtocolLevel", iscsiProtocolLevel, 0, 31);
        if (targetAlias != null && (targetAlias.isEmpty() || targetAlias.length() > TextValues.MAX_VALUE_LENGTH)) {
            throw new IllegalArgumentException("targetAlias must be 1..255 characters");
        }
    }

    /** @return the defaults: digests allowed but not required, 256 KiB segments and bursts */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this record's values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.headerDigests = headerDigests;
        b.dataDigests = dataDigests;
        b.maxConnections = maxConnections;
        b.initialR2T = initialR2T;
        b.immediateData = immediateData;
        b.maxRecvDataSegmentLength = maxRecvDataSegmentLength;
        b.maxBurstLength = maxBurstLength;
        b.firstBurstLength = firstBurstLength;
        b.defaultTime2Wait = defaultTime2Wait;
        b.defaultTime2Retain = defaultTime2Retain;
        b.maxOutstandingR2T = maxOutstandingR2T;
        b.dataPduInOrder = dataPduInOrder;
        b.dataSequenceInOrder = dataSequenceInOrder;
        b.errorRecoveryLevel = errorRecoveryLevel;
        b.targetPortalGroupTag = targetPortalGroupTag;
        b.targetAlias = targetAlias;
        b.iscsiProtocolLevel = iscsiProtocolLevel;
        return b;
    }

    /** @return the values allowed for a list key: HeaderDigest, DataDigest, TaskReporting */
    public List<String> allowedValues(String key) {
        switch (key) {
            case TextKeys.HEADER_DIGEST: return headerDigests;
            case TextKeys.DATA_DIGEST: return dataDigests;
            case TextKeys.TASK_REPORTING: return List.of(TextKeys.RFC3720);
            default: throw new IllegalArgumentException("not a list key: " + key);
        }
    }

    /** @return the target's value for a numerical key */
    public long number(String key) {
        switch (key) {
            case TextKeys.MAX_CONNECTIONS: return maxConnections;
            case TextKeys.MAX_BURST_LENGTH: return maxBurstLength;
            case TextKeys.FIRST_BURST_LENGTH: return firstBurstLength;
            case TextKeys.DEFAULT_TIME_2_WAIT: return defaultTime2Wait;
            case TextKeys.DEFAULT_TIME_2_RETAIN: return defaultTime2Retain;
            case TextKeys.MAX_OUTSTANDING_R2T: return maxOutstandingR2T;
            case TextKeys.ERROR_RECOVERY_LEVEL: return errorRecoveryLevel;
            case TextKeys.ISCSI_PROTOCOL_LEVEL: return iscsiProtocolLevel;
            default: throw new IllegalArgumentException("not a numerical key: " + key);
        }
    }

    /** @return the target's value for a boolean key */
    public boolean flag(String key) {
        switch (key) {
            case TextKeys.INITIAL_R2T: return initialR2T;
            case TextKeys.IMMEDIATE_DATA: return immediateData;
            case TextKeys.DATA_PDU_IN_ORDER: return dataPduInOrder;
            case TextKeys.DATA_SEQUENCE_IN_ORDER: return dataSequenceInOrder;
            default: throw new IllegalArgumentException("not a boolean key: " + key);
        }
    }

    private static List<String> digests(String name, List<String> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(name + " must allow at least one digest");
        }
        for (String v : values) {
            if (!TextKeys.CRC32C.equals(v) && !TextKeys.NONE.equals(v)) {
                throw new IllegalArgumentException(name + ": unsupported digest " + v);
            }
        }
        return List.copyOf(values);
    }

    private static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", was " + value);
        }
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private List<String> headerDigests = List.of(TextKeys.CRC32C, TextKeys.NONE);
        private List<String> dataDigests = List.of(TextKeys.CRC32C, TextKeys.NONE);
        private int maxConnections = 1;
        private boolean initialR2T = true;
        private boolean immediateData = true;
        private int maxRecvDataSegmentLength = 262144;
        private int maxBurstLength = 262144;
        private int firstBurstLength = 65536;
        private int defaultTime2Wait = 2;
        private int defaultTime2Retain = 0;
        private int maxOutstandingR2T = 1;
        private boolean dataPduInOrder = true;
        private boolean dataSequenceInOrder = true;
        private int errorRecoveryLevel = 0;
        private int targetPortalGroupTag = 1;
        private String targetAlias;
        private int iscsiProtocolLevel = 0;

        private Builder() {
        }

        public Builder headerDigests(String... values) {
            this.headerDigests = List.of(values);
            return this;
        }

        public Builder dataDigests(String... values) {
            this.dataDigests = List.of(values);
            return this;
        }

        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        public Builder initialR2T(boolean value) {
            this.initialR2T = value;
            return this;
        }

        public Builder immediateData(boolean value) {
            this.immediateData = value;
            return this;
        }

        public Builder maxRecvDataSegmentLength(int value) {
            this.maxRecvDataSegmentLength = value;
            return this;
        }

        public Builder maxBurstLength(int value) {
            this.maxBurstLength = value;
            return this;
        }

        public Builder firstBurstLength(int value) {
            this.firstBurstLength = value;
            return this;
        }

        public Builder defaultTime2Wait(int value) {
            this.defaultTime2Wait = value;
            return this;
        }

        public Builder defaultTime2Retain(int value) {
            this.defaultTime2Retain = value;
            return this;
        }

        public Builder maxOutstandingR2T(int value) {
            this.maxOutstandingR2T = value;
            return this;
        }

        public Builder dataPduInOrder(boolean value) {
            this.dataPduInOrder = value;
            return this;
        }

        public Builder dataSequenceInOrder(boolean value) {
            this.dataSequenceInOrder = value;
            return this;
        }

        public Builder errorRecoveryLevel(int value) {
            this.errorRecoveryLevel = value;
            return this;
        }

        public Builder targetPortalGroupTag(int value) {
            this.targetPortalGroupTag = value;
            return this;
        }

        public Builder targetAlias(String value) {
            this.targetAlias = value;
            return this;
        }

        public Builder iscsiProtocolLevel(int value) {
            this.iscsiProtocolLevel = value;
            return this;
        }

        public TargetSettings build() {
            return new TargetSettings(headerDigests, dataDigests, maxConnections, initialR2T, immediateData,
                    maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, defaultTime2Wait,
                    defaultTime2Retain, maxOutstandingR2T, dataPduInOrder, dataSequenceInOrder,
                    errorRecoveryLevel, targetPortalGroupTag, targetAlias, iscsiProtocolLevel);
        }
    }
}
