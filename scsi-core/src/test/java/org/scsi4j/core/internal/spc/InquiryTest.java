package org.scsi4j.core.internal.spc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.spc.SpcCdb.inquiry;
import static org.scsi4j.core.internal.spc.SpcCdb.u16;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.LuIdentity;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.MemoryBlockDevice;

/** Standard INQUIRY data and the INQUIRY CDB checks (SPC-4 §6.6). */
class InquiryTest {

    @Test
    void standardDataDescribesAnSpc4DiskWithImplicitAlua() {
        try (SpcTarget t = SpcTarget.disk()) {
            ScsiResponse r = t.in(inquiry(false, 0, 255), 255);
            assertThat(r.isGood()).isTrue();
            byte[] d = r.data();
            assertThat(d).hasSize(96);
            assertThat(r.underflow()).isTrue();
            assertThat(r.residual()).isEqualTo(255 - 96);
            assertThat(d[0]).as("qualifier 000b, direct access").isEqualTo((byte) 0x00);
            assertThat(d[1]).as("RMB 0").isEqualTo((byte) 0);
            assertThat(d[2]).as("VERSION SPC-4").isEqualTo((byte) 0x06);
            assertThat(d[3]).as("NORMACA 0, HISUP 1, RESPONSE DATA FORMAT 2").isEqualTo((byte) 0x12);
            assertThat(d[4] & 0xFF).as("ADDITIONAL LENGTH").isEqualTo(96 - 5);
            assertThat(d[5]).as("TPGS 01b, 3PC (EXTENDED COPY)").isEqualTo((byte) 0x18);
            assertThat(d[6]).as("single port: MULTIP 0").isEqualTo((byte) 0);
            assertThat(d[7]).as("CMDQUE").isEqualTo((byte) 0x02);
            LuIdentity id = t.target.identity(0);
            assertThat(ascii(d, 8, 8)).isEqualTo(pad(id.vendor(), 8));
            assertThat(ascii(d, 16, 16)).isEqualTo(pad(id.product(), 16));
            assertThat(ascii(d, 32, 4)).isEqualTo(pad(id.revision(), 4));
            assertThat(u16(d, 58)).as("SAM-5").isEqualTo(0x00A0);
            assertThat(u16(d, 60)).as("SPC-4").isEqualTo(0x0460);
            assertThat(u16(d, 62)).as("SBC-3").isEqualTo(0x04C0);
            assertThat(Arrays.copyOfRange(d, 64, 96)).containsOnly(0);
        }
    }

    @Test
    void identityFromTheSpecIsReported() {
        ScsiTarget target = ScsiTarget.builder(SpcTarget.TARGET_NAME)
                .logicalUnit(0, LogicalUnitSpec.disk("d0", new MemoryBlockDevice(512, 64))
                        .withVendor("ACME").withProduct("Rocket").withRevision("9.1")).build();
        try (SpcTarget t = new SpcTarget(target)) {
            byte[] d = t.in(inquiry(false, 0, 96), 96).data();
            assertThat(ascii(d, 8, 28)).isEqualTo("ACME    Rocket          9.1 ");
        }
    }

    @Test
    void allocationLengthTruncatesAndIsSixteenBits() {
        try (SpcTarget t = SpcTarget.disk()) {
            ScsiResponse r = t.in(inquiry(false, 0, 36), 36);
            assertThat(r.isGood()).isTrue();
            assertThat(r.data()).hasSize(36);
            assertThat(r.underflow()).isFalse();
            assertThat(r.overflow()).isFalse();
            assertThat(r.data()[4] & 0xFF).as("ADDITIONAL LENGTH is not truncated").isEqualTo(91);

            ScsiResponse shorter = t.in(inquiry(false, 0, 5), 64);
            assertThat(shorter.data()).hasSize(5);
            assertThat(shorter.underflow()).isTrue();
            assertThat(shorter.residual()).isEqualTo(59);

            assertThat(t.in(inquiry(false, 0, 0), 0).isGood()).as("allocation length 0 is no error").isTrue();

            ScsiResponse r511 = t.in(inquiry(false, 0, 511), 511);
            ScsiResponse r512 = t.in(inquiry(false, 0, 512), 512);
            assertThat(r511.data()).isEqualTo(r512.data()).hasSize(96);
        }
    }

    @Test
    void pageCodeWithoutEvpdIsAnInvalidField() {
        try (SpcTarget t = SpcTarget.disk()) {
            SenseAssert.invalidFieldInCdb(t.in(inquiry(false, 1, 256), 256), 2, -1);
            SenseAssert.invalidFieldInCdb(t.in(inquiry(false, 0x83, 256), 256), 2, -1);
        }
    }

    @Test
    void unsupportedVpdPageIsAnInvalidField() {
        try (SpcTarget t = SpcTarget.disk()) {
            SenseAssert.invalidFieldInCdb(t.in(inquiry(true, 0x81, 255), 255), 2, -1);
            SenseAssert.invalidFieldInCdb(t.in(inquiry(true, 0xB7, 255), 255), 2, -1);
        }
    }

    @Test
    void obsoleteCmddtAndReservedBitsAreRejectedByTheUsageMap() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] cmddt = inquiry(false, 0, 96);
            cmddt[1] = 0x02;
            SenseAssert.invalidFieldInCdb(t.in(cmddt, 96), 1, 1);
            byte[] reserved = inquiry(true, 0, 96);
            reserved[1] |= (byte) 0x20;
            SenseAssert.invalidFieldInCdb(t.in(reserved, 96), 1, 5);
            byte[] naca = inquiry(false, 0, 96);
            naca[5] = 0x04;
            SenseAssert.invalidFieldInCdb(t.in(naca, 96), 5, 2);
        }
    }

    @Test
    void unmappedLunAnswersWithQualifier011b() {
        try (SpcTarget t = SpcTarget.disk()) {
            ScsiResponse r = t.in(5, inquiry(false, 0, 96), 96);
            assertThat(r.isGood()).isTrue();
            byte[] d = r.data();
            assertThat(d[0]).as("PERIPHERAL QUALIFIER 011b, TYPE 1Fh").isEqualTo((byte) 0x7F);
            assertThat(d[2]).isEqualTo((byte) 0x06);
            assertThat(d[3]).isEqualTo((byte) 0x12);
            assertThat(u16(d, 62)).as("no SBC claim without a unit").isZero();

            ScsiResponse pages = t.in(5, inquiry(true, 0x00, 255), 255);
            assertThat(pages.isGood()).isTrue();
            assertThat(pages.data()).containsExactly(0x7F, 0x00, 0x00, 0x01, 0x00);
            SenseAssert.invalidFieldInCdb(t.in(5, inquiry(true, 0x83, 255), 255), 2, -1);
        }
    }

    @Test
    void secondTargetPortSetsMultiP() {
        try (SpcTarget t = SpcTarget.disk()) {
            t.secondPort(7);
            assertThat(t.in(inquiry(false, 0, 96), 96).data()[6]).isEqualTo((byte) 0x10);
        }
    }

    static String ascii(byte[] d, int off, int len) {
        return new String(d, off, len, StandardCharsets.US_ASCII);
    }

    static String pad(String s, int width) {
        return String.format("%-" + width + "s", s);
    }
}
