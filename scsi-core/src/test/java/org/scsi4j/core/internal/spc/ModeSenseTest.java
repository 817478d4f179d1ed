package org.scsi4j.core.internal.spc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.spc.SpcCdb.modeSense10;
import static org.scsi4j.core.internal.spc.SpcCdb.modeSense6;
import static org.scsi4j.core.internal.spc.SpcCdb.u16;
import static org.scsi4j.core.internal.spc.SpcCdb.u32;
import static org.scsi4j.core.internal.spc.SpcCdb.u64;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.MemoryBlockDevice;

/** MODE SENSE(6)/(10) (SPC-4 §6.11, §6.12) over the caching, control and IEC pages. */
class ModeSenseTest {
    static final int CURRENT = 0;
    static final int CHANGEABLE = 1;
    static final int DEFAULT = 2;
    static final int SAVED = 3;

    @Test
    void allPagesWithShortBlockDescriptor() {
        try (SpcTarget t = SpcTarget.disk()) {
            ScsiResponse r = t.in(modeSense6(false, CURRENT, 0x3F, 0, 255), 255);
            assertThat(r.isGood()).isTrue();
            byte[] d = r.data();
            assertThat(d).hasSize(4 + 8 + 20 + 12 + 12);
            assertThat(d[0] & 0xFF).as("MODE DATA LENGTH").isEqualTo(d.length - 1);
            assertThat(d[1]).as("MEDIUM TYPE").isEqualTo((byte) 0);
            assertThat(d[2]).as("WP 0, DPOFUA 1").isEqualTo((byte) 0x10);
            assertThat(d[3]).as("BLOCK DESCRIPTOR LENGTH").isEqualTo((byte) 8);
            assertThat(u32(d, 4)).isEqualTo(2048);
            assertThat(d[8]).isEqualTo((byte) 0);
            assertThat(u32(d, 8) & 0xFFFFFF).isEqualTo(512);
            assertThat(d[12]).isEqualTo((byte) 0x08);
            assertThat(d[13]).isEqualTo((byte) 0x12);
            assertThat(d[32]).isEqualTo((byte) 0x0A);
            assertThat(d[33]).isEqualTo((byte) 0x0A);
            assertThat(d[44]).isEqualTo((byte) 0x1C);
            assertThat(d[45]).isEqualTo((byte) 0x0A);
            assertThat(r.underflow()).isTrue();
            assertThat(r.residual()).isEqualTo(255 - d.length);
        }
    }

    @Test
    void allSubpagesGiveTheSamePages() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] all = t.in(modeSense6(true, CURRENT, 0x3F, 0, 255), 255).data();
            assertThat(t.in(modeSense6(true, CURRENT, 0x3F, 0xFF, 255), 255).data()).isEqualTo(all);
            byte[] control = t.in(modeSense6(true, CURRENT, 0x0A, 0xFF, 255), 255).data();
            assertThat(control).hasSize(4 + 12);
            assertThat(Arrays.copyOfRange(control, 4, 16)).isEqualTo(Arrays.copyOfRange(all, 24, 36));
        }
    }

    @Test
    void cachingPageFollowsTheVolatileCache() {
        try (SpcTarget t = SpcTarget.disk(new MemoryBlockDevice(512, 2048).volatileCache(true))) {
            assertThat(page6(t, CURRENT, 0x08)[2]).as("WCE").isEqualTo((byte) 0x04);
            assertThat(page6(t, CHANGEABLE, 0x08)[2]).as("WCE changeable").isEqualTo((byte) 0x04);
            assertThat(page6(t, DEFAULT, 0x08)[2]).isEqualTo((byte) 0x04);
        }
        try (SpcTarget t = SpcTarget.disk(new MemoryBlockDevice(512, 2048).volatileCache(false))) {
            byte[] current = page6(t, CURRENT, 0x08);
            assertThat(current).hasSize(20);
            assertThat(Arrays.copyOfRange(current, 2, 20)).containsOnly(0);
            assertThat(Arrays.copyOfRange(page6(t, CHANGEABLE, 0x08), 2, 20)).as("nothing changeable").containsOnly(0);
        }
    }

    @Test
    void controlPageValuesAndMask() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] c = page6(t, CURRENT, 0x0A);
            assertThat(c).containsExactly(0x0A, 0x0A, 0x22, 0x10, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00);
            byte[] m = page6(t, CHANGEABLE, 0x0A);
            assertThat(m).containsExactly(0x0A, 0x0A, 0x04, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);
            assertThat(page6(t, DEFAULT, 0x0A)).isEqualTo(c);
        }
    }

    @Test
    void controlPageDefaultDescriptorSenseComesFromTheSpec() {
        ScsiTarget target = ScsiTarget.builder(SpcTarget.TARGET_NAME).logicalUnit(0,
                LogicalUnitSpec.disk("d0", new MemoryBlockDevice(512, 64)).withDescriptorSense(true)).build();
        try (SpcTarget t = new SpcTarget(target)) {
            assertThat(page6(t, CURRENT, 0x0A)[2]).isEqualTo((byte) 0x26);
            assertThat(page6(t, DEFAULT, 0x0A)[2]).isEqualTo((byte) 0x26);
        }
    }

    @Test
    void informationalExceptionsPageValuesAndMask() {
        try (SpcTarget t = SpcTarget.disk()) {
            assertThat(page6(t, CURRENT, 0x1C)).containsExactly(0x1C, 0x0A, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            assertThat(page6(t, CHANGEABLE, 0x1C)).containsExactly(0x1C, 0x0A, 0x08, 0x0F, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    @Test
    void changeableValuesHaveAZeroBlockDescriptor() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] d = t.in(modeSense6(false, CHANGEABLE, 0x08, 0, 255), 255).data();
            assertThat(d[3]).isEqualTo((byte) 8);
            assertThat(Arrays.copyOfRange(d, 4, 12)).containsOnly(0);
        }
    }

    @Test
    void savedValuesAreNotSupported() {
        try (SpcTarget t = SpcTarget.disk()) {
            SenseAssert.checkCondition(t.in(modeSense6(false, SAVED, 0x3F, 0, 255), 255), 0x5, 0x39, 0x00);
            SenseAssert.checkCondition(t.in(modeSense10(false, false, SAVED, 0x08, 0, 255), 255), 0x5, 0x39, 0x00);
        }
    }

    @Test
    void unknownPageOrSubpageIsAnInvalidField() {
        try (SpcTarget t = SpcTarget.disk()) {
            SenseAssert.invalidFieldInCdb(t.in(modeSense6(false, CURRENT, 0x19, 0, 255), 255), 2, 5);
            SenseAssert.invalidFieldInCdb(t.in(modeSense6(false, CURRENT, 0x01, 0, 255), 255), 2, 5);
            SenseAssert.invalidFieldInCdb(t.in(modeSense10(false, false, CURRENT, 0x0A, 0x01, 255), 255), 3, -1);
            SenseAssert.invalidFieldInCdb(t.in(modeSense6(false, CURRENT, 0x3F, 0x05, 255), 255), 3, -1);
        }
    }

    @Test
    void dbdOmitsTheBlockDescriptor() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] d = t.in(modeSense6(true, CURRENT, 0x08, 0, 255), 255).data();
            assertThat(d).hasSize(4 + 20);
            assertThat(d[3]).isEqualTo((byte) 0);
            assertThat(d[4]).isEqualTo((byte) 0x08);
            byte[] d10 = t.in(modeSense10(true, true, CURRENT, 0x08, 0, 255), 255).data();
            assertThat(d10).hasSize(8 + 20);
            assertThat(d10[4]).as("LONGLBA only with a descriptor").isEqualTo((byte) 0);
            assertThat(u16(d10, 6)).isZero();
        }
    }

    @Test
    void modeSense10WithShortAndLongLbaDescriptors() {
        try (SpcTarget t = SpcTarget.disk(new MemoryBlockDevice(4096, 5_000_000_000L))) {
            byte[] s = t.in(modeSense10(false, false, CURRENT, 0x0A, 0, 255), 255).data();
            assertThat(s).hasSize(8 + 8 + 12);
            assertThat(u16(s, 0)).isEqualTo(s.length - 2);
            assertThat(s[3]).isEqualTo((byte) 0x10);
            assertThat(s[4]).isEqualTo((byte) 0);
            assertThat(u16(s, 6)).isEqualTo(8);
            assertThat(u32(s, 8)).as("capacity above 32 bits").isEqualTo(0xFFFF_FFFFL);
            assertThat(u32(s, 12) & 0xFFFFFF).isEqualTo(4096);

            byte[] l = t.in(modeSense10(true, false, CURRENT, 0x0A, 0, 255), 255).data();
            assertThat(l).hasSize(8 + 16 + 12);
            assertThat(l[4]).as("LONGLBA").isEqualTo((byte) 1);
            assertThat(u16(l, 6)).isEqualTo(16);
            assertThat(u64(l, 8)).isEqualTo(5_000_000_000L);
            assertThat(u32(l, 20)).isEqualTo(4096);
            assertThat(l[24]).isEqualTo((byte) 0x0A);
        }
    }

    @Test
    void readOnlyMappingSetsWp() {
        ScsiTarget target = ScsiTarget.builder(SpcTarget.TARGET_NAME)
                .logicalUnit(0, LogicalUnitSpec.disk("d0", new MemoryBlockDevice(512, 64)), true).build();
        try (SpcTarget t = new SpcTarget(target)) {
            assertThat(t.in(modeSense6(true, CURRENT, 0x3F, 0, 4), 4).data()[2]).isEqualTo((byte) 0x90);
            assertThat(t.in(modeSense10(false, true, CURRENT, 0x3F, 0, 8), 8).data()[3]).isEqualTo((byte) 0x90);
        }
    }

    @Test
    void shortAllocationLengthTruncatesWithoutOverflow() {
        try (SpcTarget t = SpcTarget.disk()) {
            ScsiResponse r = t.in(modeSense6(false, CURRENT, 0x3F, 0, 4), 4);
            assertThat(r.isGood()).isTrue();
            assertThat(r.data()).hasSize(4);
            assertThat(r.overflow()).isFalse();
            assertThat(r.underflow()).isFalse();
            assertThat(r.data()[0] & 0xFF).as("full MODE DATA LENGTH").isEqualTo(55);
        }
    }

    @Test
    void reservedBitsAreRejected() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] llbaaIn6 = modeSense6(false, CURRENT, 0x3F, 0, 255);
            llbaaIn6[1] |= 0x10;
            SenseAssert.invalidFieldInCdb(t.in(llbaaIn6, 255), 1, 4);
            byte[] reserved10 = modeSense10(false, false, CURRENT, 0x3F, 0, 255);
            reserved10[5] = 0x40;
            SenseAssert.invalidFieldInCdb(t.in(reserved10, 255), 5, 6);
        }
    }

    /** One page read with DBD through MODE SENSE(6), header stripped. */
    static byte[] page6(SpcTarget t, int pc, int page) {
        ScsiResponse r = t.in(modeSense6(true, pc, page, 0, 255), 255);
        assertThat(r.isGood()).as("MODE SENSE page 0x%02x pc %d: %s", page, pc, r).isTrue();
        byte[] d = r.data();
        return Arrays.copyOfRange(d, 4, d.length);
    }
}
