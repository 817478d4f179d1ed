package org.scsi4j.iscsi.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Value encodings of RFC 7143 §6.1. */
class TextValuesTest {

    @Test
    void numericalValues() {
        assertThat(TextValues.parseNumber("0")).isZero();
        assertThat(TextValues.parseNumber("262144")).isEqualTo(262144);
        assertThat(TextValues.parseNumber("0x40000")).isEqualTo(262144);
        assertThat(TextValues.parseNumber("0X00ff")).isEqualTo(255);
        assertThat(TextValues.parseNumber("999999999999999999")).isEqualTo(999_999_999_999_999_999L);
        assertThat(TextValues.parseNumber("0262144")).as("decimal-constant has no leading zero").isEqualTo(-1);
        assertThat(TextValues.parseNumber("")).isEqualTo(-1);
        assertThat(TextValues.parseNumber("-5")).isEqualTo(-1);
        assertThat(TextValues.parseNumber("12a")).isEqualTo(-1);
        assertThat(TextValues.parseNumber("0x")).isEqualTo(-1);
        assertThat(TextValues.parseNumber("0xg1")).isEqualTo(-1);
        assertThat(TextValues.parseNumber("99999999999999999999")).as("too big").isEqualTo(-1);
        assertThat(TextValues.parseNumber(" 1")).isEqualTo(-1);
    }

    @Test
    void booleans() {
        assertThat(TextValues.parseBoolean("Yes")).isTrue();
        assertThat(TextValues.parseBoolean("No")).isFalse();
        assertThat(TextValues.parseBoolean("yes")).as("case-sensitive").isNull();
        assertThat(TextValues.parseBoolean("")).isNull();
        assertThat(TextValues.formatBoolean(true)).isEqualTo("Yes");
    }

    @Test
    void binaryValuesInHexAndBase64() {
        assertThat(TextValues.decodeBinary("0x0102ff")).containsExactly(1, 2, 0xff);
        assertThat(TextValues.decodeBinary("0XABC")).as("odd digits get a leading zero").containsExactly(0x0a, 0xbc);
        assertThat(TextValues.decodeBinary("0bAQL/")).containsExactly(1, 2, 0xff);
        assertThat(TextValues.decodeBinary("0BAQI=")).containsExactly(1, 2);
        assertThat(TextValues.decodeBinary("0x")).isNull();
        assertThat(TextValues.decodeBinary("0xzz")).isNull();
        assertThat(TextValues.decodeBinary("0b!!")).isNull();
        assertThat(TextValues.decodeBinary("1234")).isNull();
        assertThat(TextValues.encodeHex(new byte[] {0, (byte) 0xab, 0x10})).isEqualTo("0x00ab10");
    }

    @Test
    void lists() {
        assertThat(TextValues.splitList("None,CRC32C")).containsExactly("None", "CRC32C");
        assertThat(TextValues.splitList("CRC32C")).containsExactly("CRC32C");
        assertThat(TextValues.splitList("a,,b,")).containsExactly("a", "", "b", "");
    }

    @Test
    void keyClasses() {
        assertThat(TextKeys.isSecurityKey("CHAP_R")).isTrue();
        assertThat(TextKeys.isSecurityKey("AuthMethod")).isTrue();
        assertThat(TextKeys.isSecurityKey("HeaderDigest")).isFalse();
        assertThat(TextKeys.isExtensionKey("X-com.example.key")).isTrue();
        assertThat(TextKeys.isExtensionKey("X#NodeArchitecture")).isTrue();
        assertThat(KeyTable.get("MaxBurstLength").section()).isEqualTo("13.13");
        assertThat(KeyTable.get("maxburstlength")).as("keys are case-sensitive").isNull();
    }
}
