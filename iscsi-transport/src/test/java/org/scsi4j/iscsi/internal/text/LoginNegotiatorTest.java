package org.scsi4j.iscsi.internal.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scsi4j.iscsi.internal.pdu.LoginStage.FULL_FEATURE_PHASE;
import static org.scsi4j.iscsi.internal.pdu.LoginStage.OPERATIONAL_NEGOTIATION;
import static org.scsi4j.iscsi.internal.pdu.LoginStage.SECURITY_NEGOTIATION;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.scsi4j.iscsi.internal.pdu.LoginStage;
import org.scsi4j.iscsi.internal.pdu.PduCodes.LoginStatus;

/** Per-key semantics of RFC 7143 §6.2 and §13 as the target answers them. */
class LoginNegotiatorTest {
    private static final String TARGET = "iqn.2026-11.org.scsi4j:disk";
    private static final String INITIATOR = "iqn.2026-11.org.example:host";

    private TargetSettings settings = TargetSettings.builder().build();
    private boolean discoveryAllowed = true;

    private LoginNegotiator negotiator(boolean leading) {
        return new LoginNegotiator((initiator, type, target) -> {
            if (type == SessionType.DISCOVERY) {
                return discoveryAllowed ? settings : null;
            }
            return TARGET.equals(target) ? settings : null;
        }, leading);
    }

    private static List<KeyValue> keys(String... pairs) {
        List<KeyValue> list = new ArrayList<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            list.add(new KeyValue(pair.substring(0, eq), pair.substring(eq + 1)));
        }
        return list;
    }

    private static String[] normal(String... more) {
        String[] all = Arrays.copyOf(new String[] {"InitiatorName=" + INITIATOR, "TargetName=" + TARGET}, 2 + more.length);
        System.arraycopy(more, 0, all, 2, more.length);
        return all;
    }

    private static Map<String, String> answer(LoginNegotiator n, LoginStage stage, String... pairs) {
        List<KeyValue> response = new ArrayList<>();
        assertThat(n.negotiate(keys(pairs), stage, response)).isEqualTo(NegotiationOutcome.OK);
        Map<String, String> map = new LinkedHashMap<>();
        response.forEach(kv -> assertThat(map.put(kv.key(), kv.value())).as("answered once: " + kv.key()).isNull());
        return map;
    }

    private Map<String, String> first(String... pairs) {
        return answer(negotiator(true), OPERATIONAL_NEGOTIATION, normal(pairs));
    }

    private static NegotiationOutcome outcome(LoginNegotiator n, LoginStage stage, String... pairs) {
        return n.negotiate(keys(pairs), stage, new ArrayList<>());
    }

    @Test
    void digestListsPickTheInitiatorsFirstAllowedValue() {
        assertThat(first("HeaderDigest=None,CRC32C", "DataDigest=CRC32C,None"))
                .containsEntry("HeaderDigest", "None").containsEntry("DataDigest", "CRC32C");
        assertThat(first("HeaderDigest=Y-vendor,CRC32C")).containsEntry("HeaderDigest", "CRC32C");
        settings = TargetSettings.builder().headerDigests("CRC32C").dataDigests("None").build();
        assertThat(first("HeaderDigest=None,CRC32C", "DataDigest=CRC32C")).containsEntry("HeaderDigest", "CRC32C")
                .containsEntry("DataDigest", "Reject");
        assertThat(first("HeaderDigest=None")).containsEntry("HeaderDigest", "Reject");
    }

    @Test
    void numericalMinimumAndMaximum() {
        settings = TargetSettings.builder().maxBurstLength(131072).defaultTime2Wait(5).build();
        assertThat(first("MaxConnections=4", "MaxBurstLength=16776192", "MaxOutstandingR2T=8", "ErrorRecoveryLevel=2",
                "DefaultTime2Wait=2", "DefaultTime2Retain=20", "iSCSIProtocolLevel=1"))
                .containsEntry("MaxConnections", "1").containsEntry("MaxBurstLength", "131072")
                .containsEntry("MaxOutstandingR2T", "1").containsEntry("ErrorRecoveryLevel", "0")
                .containsEntry("DefaultTime2Wait", "5").containsEntry("DefaultTime2Retain", "0")
                .containsEntry("iSCSIProtocolLevel", "0");
        assertThat(first("MaxBurstLength=0x1000")).as("hex-constant").containsEntry("MaxBurstLength", "4096");
    }

    @Test
    void outOfRangeOrMalformedValuesAreRejected() {
        assertThat(first("MaxConnections=0", "MaxBurstLength=511", "MaxOutstandingR2T=70000", "ErrorRecoveryLevel=3",
                "DefaultTime2Wait=3601", "InitialR2T=yes", "ImmediateData=", "FirstBurstLength=lots",
                "MaxRecvDataSegmentLength=16777216", "TaskReporting=FastAbort"))
                .containsEntry("MaxConnections", "Reject").containsEntry("MaxBurstLength", "Reject")
                .containsEntry("MaxOutstandingR2T", "Reject").containsEntry("ErrorRecoveryLevel", "Reject")
                .containsEntry("DefaultTime2Wait", "Reject").containsEntry("InitialR2T", "Reject")
                .containsEntry("ImmediateData", "Reject").containsEntry("FirstBurstLength", "Reject")
                .containsEntry("TaskReporting", "Reject")
                .as("our declaration takes the place of the Reject: a key is never sent twice")
                .containsEntry("MaxRecvDataSegmentLength", "262144");
        assertThat(first("InitiatorAlias=" + "a".repeat(256))).containsEntry("InitiatorAlias", "Reject");
    }

    @Test
    void booleanOrAndAnd() {
        assertThat(first("InitialR2T=No", "ImmediateData=Yes", "DataPDUInOrder=No", "DataSequenceInOrder=No"))
                .containsEntry("InitialR2T", "Yes").containsEntry("ImmediateData", "Yes")
                .containsEntry("DataPDUInOrder", "Yes").containsEntry("DataSequenceInOrder", "Yes");
        settings = TargetSettings.builder().initialR2T(false).immediateData(false).build();
        assertThat(first("InitialR2T=No", "ImmediateData=Yes"))
                .containsEntry("InitialR2T", "No").containsEntry("ImmediateData", "No");
        assertThat(first("InitialR2T=Yes", "ImmediateData=No"))
                .as("answers §6.2.2 makes optional are still sent")
                .containsEntry("InitialR2T", "Yes").containsEntry("ImmediateData", "No");
    }

    @Test
    void firstBurstLengthIsClampedToMaxBurstLengthAndIrrelevantWithoutUnsolicitedData() {
        settings = TargetSettings.builder().maxBurstLength(32768).firstBurstLength(32768).build();
        assertThat(first("FirstBurstLength=262144", "MaxBurstLength=16384"))
                .containsEntry("FirstBurstLength", "16384").containsEntry("MaxBurstLength", "16384");
        settings = TargetSettings.builder().immediateData(false).build();
        LoginNegotiator n = negotiator(true);
        assertThat(answer(n, OPERATIONAL_NEGOTIATION, normal("InitialR2T=Yes", "ImmediateData=Yes", "FirstBurstLength=4096")))
                .containsEntry("FirstBurstLength", "Irrelevant");
        assertThat(n.conclude().firstBurstLength()).isEqualTo(65536);
    }

    @Test
    void maxRecvDataSegmentLengthIsDeclaredPerDirection() {
        settings = TargetSettings.builder().maxRecvDataSegmentLength(65536).build();
        LoginNegotiator n = negotiator(true);
        Map<String, String> response = answer(n, OPERATIONAL_NEGOTIATION, normal("MaxRecvDataSegmentLength=262144"));
        assertThat(response).as("our declaration, not an answer").containsEntry("MaxRecvDataSegmentLength", "65536");
        assertThat(answer(n, OPERATIONAL_NEGOTIATION, "MaxRecvDataSegmentLength=4096"))
                .as("re-declaration is allowed and not answered; ours is declared once").isEmpty();
        NegotiatedParameters p = n.conclude();
        assertThat(p.targetMaxRecvDataSegmentLength()).isEqualTo(65536);
        assertThat(p.initiatorMaxRecvDataSegmentLength()).isEqualTo(4096);
    }

    @Test
    void withoutAnOperationalStageBothDirectionsKeepTheDefault() {
        LoginNegotiator n = negotiator(true);
        answer(n, SECURITY_NEGOTIATION, normal("AuthMethod=None"));
        NegotiatedParameters p = n.conclude();
        assertThat(p.targetMaxRecvDataSegmentLength()).isEqualTo(8192);
        assertThat(p.initiatorMaxRecvDataSegmentLength()).isEqualTo(8192);
    }

    @Test
    void unknownAndExtensionKeysAreNotUnderstood() {
        assertThat(first("FooBar=1", "X-com.example.tuning=7", "X#NodeArchitecture=Linux", "RDMAExtensions=No"))
                .containsEntry("FooBar", "NotUnderstood").containsEntry("X-com.example.tuning", "NotUnderstood")
                .containsEntry("X#NodeArchitecture", "NotUnderstood").containsEntry("RDMAExtensions", "NotUnderstood");
    }

    @Test
    void obsoletedMarkerKeys() {
        assertThat(first("IFMarker=No", "OFMarker=Yes", "IFMarkInt=2048~65535", "OFMarkInt=2048"))
                .containsEntry("IFMarker", "No").containsEntry("OFMarker", "No")
                .containsEntry("IFMarkInt", "Reject").containsEntry("OFMarkInt", "Reject");
    }

    @Test
    void keysOnlyATargetSendsAreRejected() {
        assertThat(first("TargetAlias=x", "TargetAddress=1.2.3.4:3260,1", "TargetPortalGroupTag=9"))
                .containsEntry("TargetAlias", "Reject").containsEntry("TargetAddress", "Reject")
                .as("the declaration replaces the Reject").containsEntry("TargetPortalGroupTag", "1");
    }

    @Test
    void firstResponseDeclaresThePortalGroupTagAndAliasOnce() {
        settings = TargetSettings.builder().targetPortalGroupTag(7).targetAlias("fast disk").build();
        LoginNegotiator n = negotiator(true);
        assertThat(answer(n, SECURITY_NEGOTIATION, normal("AuthMethod=None")))
                .containsExactly(Map.entry("TargetPortalGroupTag", "7"), Map.entry("TargetAlias", "fast disk"));
        Map<String, String> operational = answer(n, OPERATIONAL_NEGOTIATION, "HeaderDigest=None");
        assertThat(operational).doesNotContainKeys("TargetPortalGroupTag", "TargetAlias")
                .containsEntry("MaxRecvDataSegmentLength", "262144");
        assertThat(n.conclude().targetPortalGroupTag()).isEqualTo(7);
    }

    @Test
    void discoverySessionsAnswerDataTransferKeysIrrelevant() {
        LoginNegotiator n = negotiator(true);
        Map<String, String> response = answer(n, OPERATIONAL_NEGOTIATION, "InitiatorName=" + INITIATOR,
                "SessionType=Discovery", "HeaderDigest=None", "MaxConnections=1", "InitialR2T=No", "ImmediateData=Yes",
                "MaxBurstLength=262144", "FirstBurstLength=262144", "MaxOutstandingR2T=1", "DataPDUInOrder=Yes",
                "DataSequenceInOrder=Yes", "DefaultTime2Wait=2", "DefaultTime2Retain=0", "ErrorRecoveryLevel=0",
                "TaskReporting=RFC3720", "MaxRecvDataSegmentLength=32768");
        assertThat(response).containsEntry("HeaderDigest", "None").containsEntry("DefaultTime2Wait", "2")
                .containsEntry("DefaultTime2Retain", "0").containsEntry("ErrorRecoveryLevel", "0");
        for (String key : List.of("MaxConnections", "InitialR2T", "ImmediateData", "MaxBurstLength", "FirstBurstLength",
                "MaxOutstandingR2T", "DataPDUInOrder", "DataSequenceInOrder", "TaskReporting")) {
            assertThat(response).containsEntry(key, "Irrelevant");
        }
        assertThat(response).doesNotContainKey("TargetPortalGroupTag");
        NegotiatedParameters p = n.conclude();
        assertThat(p.sessionType()).isEqualTo(SessionType.DISCOVERY);
        assertThat(p.targetName()).isNull();
        assertThat(p.initiatorMaxRecvDataSegmentLength()).isEqualTo(32768);
    }

    @Test
    void leadingOnlyKeysOnANonLeadingConnectionAreIrrelevant() {
        Map<String, String> response = answer(negotiator(false), OPERATIONAL_NEGOTIATION,
                normal("MaxBurstLength=4096", "HeaderDigest=CRC32C"));
        assertThat(response).containsEntry("MaxBurstLength", "Irrelevant").containsEntry("HeaderDigest", "CRC32C");
        assertThat(response).as("non-leading logins make no LO offers").doesNotContainKey("DefaultTime2Retain");
    }

    @Test
    void aKeyOfferedTwiceIsAnInitiatorError() {
        assertThat(outcome(negotiator(true), OPERATIONAL_NEGOTIATION, normal("MaxBurstLength=512", "MaxBurstLength=512")))
                .isEqualTo(NegotiationOutcome.KEY_REPEATED);
        LoginNegotiator n = negotiator(true);
        answer(n, OPERATIONAL_NEGOTIATION, normal("ImmediateData=Yes"));
        assertThat(outcome(n, OPERATIONAL_NEGOTIATION, "ImmediateData=Yes")).isEqualTo(NegotiationOutcome.KEY_REPEATED);
        assertThat(NegotiationOutcome.KEY_REPEATED.loginStatus()).isEqualTo(LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void identityKeysMayBeRepeatedUnchangedOnly() {
        LoginNegotiator n = negotiator(true);
        answer(n, SECURITY_NEGOTIATION, normal("SessionType=Normal", "InitiatorAlias=a"));
        answer(n, OPERATIONAL_NEGOTIATION, normal("SessionType=Normal", "InitiatorAlias=b"));
        assertThat(outcome(n, OPERATIONAL_NEGOTIATION, "TargetName=iqn.other")).isEqualTo(NegotiationOutcome.KEY_REPEATED);
        assertThat(n.conclude().initiatorAlias()).isEqualTo("b");
    }

    @Test
    void theFirstRequestMustIdentifyInitiatorAndTarget() {
        assertThat(outcome(negotiator(true), OPERATIONAL_NEGOTIATION, "TargetName=" + TARGET))
                .isEqualTo(NegotiationOutcome.MISSING_PARAMETER);
        assertThat(outcome(negotiator(true), OPERATIONAL_NEGOTIATION, "InitiatorName=" + INITIATOR))
                .isEqualTo(NegotiationOutcome.MISSING_PARAMETER);
        assertThat(outcome(negotiator(true), OPERATIONAL_NEGOTIATION, "InitiatorName=" + INITIATOR, "TargetName=iqn.nope"))
                .isEqualTo(NegotiationOutcome.TARGET_NOT_FOUND);
        assertThat(outcome(negotiator(true), OPERATIONAL_NEGOTIATION, normal("SessionType=Bogus")))
                .isEqualTo(NegotiationOutcome.SESSION_TYPE_NOT_SUPPORTED);
        discoveryAllowed = false;
        assertThat(outcome(negotiator(true), OPERATIONAL_NEGOTIATION, "InitiatorName=i", "SessionType=Discovery"))
                .isEqualTo(NegotiationOutcome.SESSION_TYPE_NOT_SUPPORTED);
        assertThat(NegotiationOutcome.TARGET_NOT_FOUND.loginStatus()).isEqualTo(LoginStatus.NOT_FOUND);
        assertThat(NegotiationOutcome.MISSING_PARAMETER.loginStatus()).isEqualTo(LoginStatus.MISSING_PARAMETER);
    }

    @Test
    void securityKeysBelongToTheSecurityStage() {
        LoginNegotiator n = negotiator(true);
        assertThat(answer(n, SECURITY_NEGOTIATION, normal("AuthMethod=CHAP,None", "HeaderDigest=CRC32C")))
                .as("security keys are left to auth; operational keys tolerated")
                .doesNotContainKey("AuthMethod").containsEntry("HeaderDigest", "CRC32C");
        assertThat(outcome(n, OPERATIONAL_NEGOTIATION, "CHAP_A=5")).isEqualTo(NegotiationOutcome.KEY_IN_WRONG_STAGE);
    }

    @Test
    void targetOffersKeysTheInitiatorLeftOutWhenTheDefaultDoesNotFit() {
        settings = TargetSettings.builder().headerDigests("CRC32C").maxBurstLength(65536).firstBurstLength(16384)
                .defaultTime2Retain(0).build();
        LoginNegotiator n = negotiator(true);
        Map<String, String> response = answer(n, OPERATIONAL_NEGOTIATION, normal("DataDigest=None"));
        assertThat(response).containsEntry("HeaderDigest", "CRC32C").containsEntry("MaxBurstLength", "65536")
                .containsEntry("FirstBurstLength", "16384").containsEntry("DefaultTime2Retain", "0")
                .containsEntry("DataDigest", "None").doesNotContainKeys("MaxConnections", "ImmediateData");
        assertThat(n.awaitingAnswers()).isTrue();
        assertThat(answer(n, OPERATIONAL_NEGOTIATION, "HeaderDigest=CRC32C", "MaxBurstLength=32768",
                "FirstBurstLength=16384")).doesNotContainKeys("HeaderDigest", "MaxBurstLength");
        assertThat(n.awaitingAnswers()).isTrue();
        answer(n, OPERATIONAL_NEGOTIATION, "DefaultTime2Retain=Reject");
        assertThat(n.awaitingAnswers()).isFalse();
        NegotiatedParameters p = n.conclude();
        assertThat(p.headerDigest()).isTrue();
        assertThat(p.maxBurstLength()).isEqualTo(32768);
        assertThat(p.firstBurstLength()).isEqualTo(16384);
        assertThat(p.defaultTime2Retain()).as("rejected offer keeps the default").isEqualTo(20);
    }

    @Test
    void immediateDataNoIsOfferedWithoutWaitingAndMakesFirstBurstLengthIrrelevant() {
        settings = TargetSettings.builder().immediateData(false).firstBurstLength(16384).build();
        LoginNegotiator n = negotiator(true);
        Map<String, String> response = answer(n, OPERATIONAL_NEGOTIATION, normal("DefaultTime2Retain=0"));
        assertThat(response).containsEntry("ImmediateData", "No").doesNotContainKey("FirstBurstLength");
        assertThat(n.awaitingAnswers()).as("AND offered No needs no answer (§6.2.2)").isFalse();
        assertThat(n.conclude().immediateData()).isFalse();
    }

    @Test
    void anAnswerOutsideTheOfferIsAnError() {
        settings = TargetSettings.builder().maxBurstLength(65536).build();
        LoginNegotiator n = negotiator(true);
        answer(n, OPERATIONAL_NEGOTIATION, normal());
        assertThat(outcome(n, OPERATIONAL_NEGOTIATION, "MaxBurstLength=131072")).isEqualTo(NegotiationOutcome.INVALID_ANSWER);

        settings = TargetSettings.builder().headerDigests("CRC32C").build();
        LoginNegotiator digests = negotiator(true);
        answer(digests, OPERATIONAL_NEGOTIATION, normal());
        assertThat(outcome(digests, OPERATIONAL_NEGOTIATION, "HeaderDigest=None")).isEqualTo(NegotiationOutcome.INVALID_ANSWER);
    }

    @Test
    void taskReportingAndDefaults() {
        assertThat(first("TaskReporting=ResponseFence,RFC3720")).containsEntry("TaskReporting", "RFC3720");
        LoginNegotiator n = negotiator(true);
        answer(n, OPERATIONAL_NEGOTIATION, normal("DefaultTime2Retain=0"));
        NegotiatedParameters p = n.conclude();
        assertThat(p.sessionType()).isEqualTo(SessionType.NORMAL);
        assertThat(p.initiatorName()).isEqualTo(INITIATOR);
        assertThat(p.targetName()).isEqualTo(TARGET);
        assertThat(p.headerDigest()).isFalse();
        assertThat(p.dataDigest()).isFalse();
        assertThat(p.maxConnections()).isEqualTo(1);
        assertThat(p.initialR2T()).isTrue();
        assertThat(p.immediateData()).isTrue();
        assertThat(p.maxBurstLength()).isEqualTo(262144);
        assertThat(p.firstBurstLength()).isEqualTo(65536);
        assertThat(p.defaultTime2Wait()).isEqualTo(2);
        assertThat(p.defaultTime2Retain()).isZero();
        assertThat(p.maxOutstandingR2T()).isEqualTo(1);
        assertThat(p.dataPduInOrder()).isTrue();
        assertThat(p.dataSequenceInOrder()).isTrue();
        assertThat(p.errorRecoveryLevel()).isZero();
        assertThat(p.taskReporting()).isEqualTo("RFC3720");
        assertThat(p.iscsiProtocolLevel()).isZero();
    }

    @Test
    void fullFeaturePhaseTextNegotiation() {
        LoginNegotiator n = negotiator(true);
        assertThat(first("SendTargets=All")).as("FFPO key during login").containsEntry("SendTargets", "Reject");
        answer(n, OPERATIONAL_NEGOTIATION, normal());
        List<KeyValue> response = new ArrayList<>();
        assertThat(n.negotiate(keys("SendTargets=All", "MaxRecvDataSegmentLength=16384", "InitialR2T=No", "X-a=b"),
                FULL_FEATURE_PHASE, response)).isEqualTo(NegotiationOutcome.OK);
        assertThat(response).containsExactly(new KeyValue("SendTargets", "Reject"), new KeyValue("InitialR2T", "Reject"),
                new KeyValue("X-a", "NotUnderstood"));
        assertThat(n.conclude().initiatorMaxRecvDataSegmentLength()).isEqualTo(16384);
        assertThat(answer(n, FULL_FEATURE_PHASE, "SendTargets=" + TARGET)).as("each Text exchange is a new sequence").isEmpty();
        assertThat(n.sendTargets()).isEqualTo(TARGET);

        LoginNegotiator discovery = negotiator(true);
        answer(discovery, OPERATIONAL_NEGOTIATION, "InitiatorName=i", "SessionType=Discovery");
        assertThat(answer(discovery, FULL_FEATURE_PHASE, "SendTargets=All")).isEmpty();
        assertThat(discovery.sendTargets()).isEqualTo("All");
        assertThatThrownBy(() -> negotiator(true).negotiate(keys("SendTargets=All"), FULL_FEATURE_PHASE, new ArrayList<>()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void settingsFailFastAndNameThemselves() {
        assertThatThrownBy(() -> TargetSettings.builder().firstBurstLength(524288).build())
                .hasMessageContaining("firstBurstLength");
        assertThatThrownBy(() -> TargetSettings.builder().headerDigests("MD5").build()).hasMessageContaining("headerDigests");
        assertThatThrownBy(() -> TargetSettings.builder().errorRecoveryLevel(1).build()).hasMessageContaining("errorRecoveryLevel");
        assertThatThrownBy(() -> TargetSettings.builder().maxRecvDataSegmentLength(100).build())
                .hasMessageContaining("maxRecvDataSegmentLength");
        TargetSettings s = TargetSettings.builder().targetAlias("a").build();
        assertThat(s.toBuilder().build()).isEqualTo(s);
    }
}
