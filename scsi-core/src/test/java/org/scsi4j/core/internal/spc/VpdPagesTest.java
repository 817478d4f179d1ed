package org.scsi4j.core.internal.spc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.spc.InquiryTest.ascii;
import static org.scsi4j.core.internal.spc.InquiryTest.pad;
import static org.scsi4j.core.internal.spc.SpcCdb.inquiry;
import static org.scsi4j.core.internal.spc.SpcCdb.u16;
import static org.scsi4j.core.internal.spc.SpcCdb.u32;
import static org.scsi4j.core.internal.spc.SpcCdb.u64;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.LuIdentity;
import org.scsi4j.core.internal.sbc.BlockLimits;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.MemoryBlockDevice;

/** The VPD pages of a disk (SPC-4 §7.8, SBC-3 §6.5). */
class VpdPagesTest {

    @Test
    void supportedPagesListsExactlyTheReturnedPagesInOrder() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] d = page(t, 0x00);
            assertThat(d).containsExactly(0x00, 0x00, 0x00, 0x06, 0x00, 0x80, 0x83, 0xB0, 0xB1, 0xB2);
            for (int i = 4; i < d.length; i++) {
                int code = d[i] & 0xFF;
                byte[] p = page(t, code);
                assertThat(p[1] & 0xFF).as("page code of page 0x%02x", code).isEqualTo(code);
                assertThat(p).as("page 0x%02x length", code).hasSize(4 + u16(p, 2));
            }
        }
    }

    @Test
    void unitSerialNumberIsTheIdentitySerial() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] d = page(t, 0x80);
            String serial = t.target.identity(0).serial();
            assertThat(u16(d, 2)).isEqualTo(serial.length());
            assertThat(ascii(d, 4, serial.length())).isEqualTo(serial);
        }
    }

    @Test
    void deviceIdentificationCarriesNaaT10PortGroupAndTargetName() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] d = page(t, 0x83);
            LuIdentity id = t.target.identity(0);
            int p = 4;
            // NAA, binary, logical unit
            assertThat(Arrays.copyOfRange(d, p, p + 4)).containsExactly(0x01, 0x03, 0x00, 0x08);
            assertThat(u64(d, p + 4)).isEqualTo(id.naa());
            p += 12;
            // T10 vendor ID, ASCII, logical unit
            String t10 = pad(id.vendor(), 8) + pad(id.product(), 16) + id.serial();
            assertThat(Arrays.copyOfRange(d, p, p + 4)).containsExactly(0x02, 0x01, 0x00, t10.length());
            assertThat(ascii(d, p + 4, t10.length())).isEqualTo(t10);
            p += 4 + t10.length();
            // relative target port, target port association
            assertThat(Arrays.copyOfRange(d, p, p + 4)).containsExactly(0x01, 0x14, 0x00, 0x04);
            assertThat(u16(d, p + 6)).isEqualTo(LoopbackTransport.DEFAULT_RELATIVE_PORT_ID);
            p += 8;
            // target port group 1
            assertThat(Arrays.copyOfRange(d, p, p + 4)).containsExactly(0x01, 0x15, 0x00, 0x04);
            assertThat(u16(d, p + 6)).isEqualTo(1);
            p += 8;
            // SCSI name string, UTF-8, target device: null-terminated, padded to a multiple of 4
            byte[] name = SpcTarget.TARGET_NAME.getBytes(StandardCharsets.UTF_8);
            int padded = (name.length + 4) & ~3;
            assertThat(Arrays.copyOfRange(d, p, p + 4)).containsExactly(0x03, 0x28, 0x00, padded);
            assertThat(Arrays.copyOfRange(d, p + 4, p + 4 + name.length)).isEqualTo(name);
            assertThat(Arrays.copyOfRange(d, p + 4 + name.length, p + 4 + padded)).containsOnly(0);
            p += 4 + padded;
            assertThat(p).isEqualTo(d.length);
            assertThat(u16(d, 2)).isEqualTo(d.length - 4);
        }
    }

    @Test
    void relativeTargetPortIsThePortTheCommandCameThrough() {
        try (SpcTarget t = SpcTarget.disk()) {
            LoopbackSession other = t.login(t.secondPort(7), "iqn.2026-11.org.scsi4j:other");
            ScsiResponse r = other.execute(ScsiCommand.of(0, inquiry(true, 0x83, 512)).dataIn(512));
            byte[] d = r.data();
            int p = 4 + 12 + 4 + (d[4 + 12 + 3] & 0xFF);        // after NAA and T10 vendor ID
            assertThat(d[p + 1]).isEqualTo((byte) 0x14);
            assertThat(u16(d, p + 6)).isEqualTo(7);
        }
    }

    @Test
    void blockLimitsReportTheLimitsSbcEnforces() {
        try (SpcTarget t = SpcTarget.disk(new MemoryBlockDevice(512, 2048).unmapSupported(true))) {
            byte[] d = page(t, 0xB0);
            assertThat(d).hasSize(64);
            assertThat(u16(d, 2)).isEqualTo(0x3C);
            assertThat(d[4]).as("WSNZ").isEqualTo((byte) 0);
            assertThat(d[5] & 0xFF).as("MAXIMUM COMPARE AND WRITE LENGTH").isEqualTo(BlockLimits.MAX_COMPARE_AND_WRITE_BLOCKS);
            assertThat(u16(d, 6)).as("OPTIMAL TRANSFER LENGTH GRANULARITY").isEqualTo(1);
            assertThat(u32(d, 8)).isEqualTo(BlockLimits.MAX_TRANSFER_BYTES / 512);
            assertThat(u32(d, 12)).isEqualTo(BlockLimits.OPTIMAL_TRANSFER_BYTES / 512);
            assertThat(u32(d, 20)).isEqualTo(BlockLimits.MAX_UNMAP_LBA_COUNT);
            assertThat(u32(d, 24)).isEqualTo(BlockLimits.MAX_UNMAP_DESCRIPTORS);
            assertThat(u32(d, 28)).as("OPTIMAL UNMAP GRANULARITY").isEqualTo(1);
            assertThat(u32(d, 32)).as("UGAVALID, alignment").isZero();
            assertThat(u64(d, 36)).isEqualTo(BlockLimits.MAX_WRITE_SAME_BLOCKS);
            assertThat(u32(d, 44)).as("MAXIMUM ATOMIC TRANSFER LENGTH").isEqualTo(BlockLimits.MAX_ATOMIC_TRANSFER_BYTES / 512);
            assertThat(Arrays.copyOfRange(d, 48, 64)).as("no atomic alignment, granularity, boundary").containsOnly(0);
        }
    }

    @Test
    void blockLimitsWithoutUnmapReportNoUnmapLimits() {
        try (SpcTarget t = SpcTarget.disk(new MemoryBlockDevice(4096, 256).unmapSupported(false))) {
            byte[] d = page(t, 0xB0);
            assertThat(u32(d, 8)).isEqualTo(BlockLimits.MAX_TRANSFER_BYTES / 4096);
            assertThat(u32(d, 20)).isZero();
            assertThat(u32(d, 24)).isZero();
        }
    }

    @Test
    void blockDeviceCharacteristicsSayNonRotating() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] d = page(t, 0xB1);
            assertThat(u16(d, 2)).isEqualTo(0x3C);
            assertThat(u16(d, 4)).as("MEDIUM ROTATION RATE").isEqualTo(1);
            assertThat(d[7] & 0xC0).as("WABEREQ 01b: SANITIZE BLOCK ERASE offered, reads succeed after it").isEqualTo(0x40);
            assertThat(d[7] & 0x3F).as("WACEREQ, NOMINAL FORM FACTOR").isZero();
        }
    }

    @Test
    void logicalBlockProvisioningFollowsUnmapSupport() {
        try (SpcTarget t = SpcTarget.disk(new MemoryBlockDevice(512, 2048).unmapSupported(true))) {
            byte[] d = page(t, 0xB2);
            assertThat(d).containsExactly(0x00, 0xB2, 0x00, 0x04, 0x00, 0xE4, 0x02, 0x00);
        }
        try (SpcTarget t = SpcTarget.disk(new MemoryBlockDevice(512, 2048).unmapSupported(false))) {
            byte[] d = page(t, 0xB2);
            assertThat(d).containsExactly(0x00, 0xB2, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00);
        }
    }

    @Test
    void vpdPageIsTruncatedToTheAllocationLength() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] full = page(t, 0x83);
            ScsiResponse r = t.in(inquiry(true, 0x83, 4), 4);
            assertThat(r.isGood()).isTrue();
            assertThat(r.data()).isEqualTo(Arrays.copyOf(full, 4));
            ScsiResponse under = t.in(inquiry(true, 0xB0, 255), 255);
            assertThat(under.data()).hasSize(64);
            assertThat(under.underflow()).isTrue();
            assertThat(under.residual()).isEqualTo(255 - 64);
        }
    }

    static byte[] page(SpcTarget t, int code) {
        ScsiResponse r = t.in(inquiry(true, code, 1024), 1024);
        assertThat(r.isGood()).as("VPD page 0x%02x: %s", code, r).isTrue();
        return r.data();
    }
}
