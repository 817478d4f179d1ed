package org.scsi4j.core.internal.spc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.spc.ModeSenseTest.CHANGEABLE;
import static org.scsi4j.core.internal.spc.ModeSenseTest.CURRENT;
import static org.scsi4j.core.internal.spc.ModeSenseTest.page6;
import static org.scsi4j.core.internal.spc.SpcCdb.modeSelect10;
import static org.scsi4j.core.internal.spc.SpcCdb.modeSelect6;
import static org.scsi4j.core.internal.spc.SpcCdb.modeSense10;
import static org.scsi4j.core.internal.spc.SpcCdb.putInt;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.internal.engine.ModePages;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.core.testing.MemoryBlockDevice;

/** MODE SELECT(6)/(10) (SPC-4 §6.9, §6.10): changes, checks, and the unit attention it raises. */
class ModeSelectTest {

    @Test
    void roundTripChangesWceAndTellsTheOtherNexus() {
        try (SpcTarget t = SpcTarget.disk(new MemoryBlockDevice(512, 2048).volatileCache(true))) {
            LoopbackSession other = t.login("iqn.2026-11.org.scsi4j:other");
            // read the caching page with MODE SENSE(10), block descriptor included, and send it back
            byte[] sensed = t.in(modeSense10(false, false, CURRENT, 0x08, 0, 255), 255).data();
            byte[] list = sensed.clone();
            list[0] = 0;
            list[1] = 0;                                   // MODE DATA LENGTH is reserved in MODE SELECT
            list[3] = 0;                                   // DPOFUA reserved (ignored anyway)
            int page = 8 + 8;
            list[page + 2] &= ~0x04;                       // WCE off
            ScsiResponse r = t.out(modeSelect10(true, false, list.length), list);
            assertThat(r.isGood()).as("%s", r).isTrue();
            assertThat(page6(t, CURRENT, 0x08)[2]).isEqualTo((byte) 0);
            assertThat(t.lu(0).modePages().writeCacheEnabled()).isFalse();

            assertThat(t.none(Cdbs.testUnitReady()).isGood()).as("the changer gets no unit attention").isTrue();
            ScsiResponse ua = other.execute(ScsiCommand.of(0, SpcCdb.requestSense(false, 18)).dataIn(18));
            assertThat(ua.data()[2]).isEqualTo((byte) 0x06);
            assertThat(ua.data()[12]).as("MODE PARAMETERS CHANGED").isEqualTo((byte) 0x2A);
            assertThat(ua.data()[13]).isEqualTo((byte) 0x01);
            assertThat(other.execute(ScsiCommand.of(0, Cdbs.testUnitReady())).isGood()).isTrue();
        }
    }

    @Test
    void dSenseSwitchesTheSenseFormatAtOnce() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] list = list6(page6(t, CURRENT, 0x0A));
            list[4 + 2] |= 0x04;                           // D_SENSE
            assertThat(t.out(modeSelect6(true, false, list.length), list).isGood()).isTrue();
            assertThat(t.lu(0).modePages().descriptorSense()).isTrue();

            ScsiResponse bad = t.in(SpcCdb.inquiry(false, 1, 96), 96);
            byte[] s = bad.sense();
            assertThat(s[0]).as("descriptor format").isEqualTo((byte) 0x72);
            assertThat(bad.asc()).isEqualTo(0x24);
            assertThat(Arrays.copyOfRange(s, 8, 16)).as("sense key specific descriptor: byte 2 of the CDB")
                    .containsExactly(0x02, 0x06, 0, 0, 0xC0, 0x00, 0x02, 0);

            list[4 + 2] &= ~0x04;
            assertThat(t.out(modeSelect6(true, false, list.length), list).isGood()).isTrue();
            assertThat(t.in(SpcCdb.inquiry(false, 1, 96), 96).sense()[0]).isEqualTo((byte) 0x70);
        }
    }

    @Test
    void swpSetsWriteProtectUntilCleared() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] list = list6(page6(t, CURRENT, 0x0A));
            list[4 + 4] |= 0x08;                           // SWP
            assertThat(t.out(modeSelect6(true, false, list.length), list).isGood()).isTrue();
            assertThat(t.lu(0).modePages().softwareWriteProtect()).isTrue();
            byte[] sensed = t.in(SpcCdb.modeSense6(true, CURRENT, 0x0A, 0, 255), 255).data();
            assertThat(sensed[2]).as("WP").isEqualTo((byte) 0x90);
            assertThat(sensed[4 + 4]).as("SWP").isEqualTo((byte) 0x08);
            list[4 + 4] = 0;
            assertThat(t.out(modeSelect6(true, false, list.length), list).isGood()).isTrue();
            assertThat(t.in(SpcCdb.modeSense6(true, CURRENT, 0x0A, 0, 255), 255).data()[2]).isEqualTo((byte) 0x10);
        }
    }

    @Test
    void informationalExceptionsTakeDexcptAndMrie() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] list = list6(page6(t, CURRENT, 0x1C));
            list[4 + 2] = 0;                               // DEXCPT off
            list[4 + 3] = 4;                               // MRIE: unconditionally generate recovered error
            assertThat(t.out(modeSelect6(true, false, list.length), list).isGood()).isTrue();
            ModePages m = t.lu(0).modePages();
            assertThat(m.informationalExceptionsDisabled()).isFalse();
            assertThat(m.informationalExceptionsMrie()).isEqualTo(4);
            list[4 + 3] = 7;                               // reserved MRIE
            SenseAssert.invalidFieldInParameterList(t.out(modeSelect6(true, false, list.length), list), 4 + 3, 3);
            assertThat(m.informationalExceptionsMrie()).isEqualTo(4);
        }
    }

    @Test
    void bitsOutsideTheChangeableMaskAreRejectedWithAPointer() {
        try (SpcTarget t = SpcTarget.disk(new MemoryBlockDevice(512, 2048).volatileCache(false))) {
            byte[] control = list6(page6(t, CURRENT, 0x0A));
            control[4 + 3] |= 0x02;                        // QERR 01b
            SenseAssert.invalidFieldInParameterList(t.out(modeSelect6(true, false, control.length), control), 7, 1);
            control = list6(page6(t, CURRENT, 0x0A));
            control[4 + 2] &= ~0xE0;                       // TST 000b
            SenseAssert.invalidFieldInParameterList(t.out(modeSelect6(true, false, control.length), control), 6, 5);
            control = list6(page6(t, CURRENT, 0x0A));
            control[4 + 5] |= 0x40;                        // TAS
            SenseAssert.invalidFieldInParameterList(t.out(modeSelect6(true, false, control.length), control), 9, 6);

            byte[] caching = list6(page6(t, CURRENT, 0x08));
            caching[4 + 2] |= 0x04;                        // WCE without a volatile cache
            SenseAssert.invalidFieldInParameterList(t.out(modeSelect6(true, false, caching.length), caching), 6, 2);
            assertThat(t.lu(0).modePages().writeCacheEnabled()).isFalse();
        }
    }

    @Test
    void aRejectedListChangesNothing() {
        try (SpcTarget t = SpcTarget.disk(new MemoryBlockDevice(512, 2048).volatileCache(true))) {
            LoopbackSession other = t.login("iqn.2026-11.org.scsi4j:other");
            byte[] caching = page6(t, CURRENT, 0x08);
            caching[2] = 0;                                // WCE off: valid
            byte[] control = page6(t, CURRENT, 0x0A);
            control[3] |= 0x02;                            // QERR: invalid
            byte[] list = new byte[4 + caching.length + control.length];
            System.arraycopy(caching, 0, list, 4, caching.length);
            System.arraycopy(control, 0, list, 4 + caching.length, control.length);
            SenseAssert.invalidFieldInParameterList(t.out(modeSelect6(true, false, list.length), list),
                    4 + caching.length + 3, 1);
            assertThat(t.lu(0).modePages().writeCacheEnabled()).isTrue();
            assertThat(other.execute(ScsiCommand.of(0, Cdbs.testUnitReady())).isGood())
                    .as("no MODE PARAMETERS CHANGED").isTrue();
        }
    }

    @Test
    void unchangedPagesRaiseNoUnitAttentionAndPsIsIgnored() {
        try (SpcTarget t = SpcTarget.disk()) {
            LoopbackSession other = t.login("iqn.2026-11.org.scsi4j:other");
            byte[] list = list6(page6(t, CURRENT, 0x0A));
            list[4] |= (byte) 0x80;                        // PS
            assertThat(t.out(modeSelect6(true, false, list.length), list).isGood()).isTrue();
            assertThat(other.execute(ScsiCommand.of(0, Cdbs.testUnitReady())).isGood()).isTrue();
        }
    }

    @Test
    void pfAndSpAreChecked() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] list = list6(page6(t, CURRENT, 0x0A));
            SenseAssert.invalidFieldInCdb(t.out(modeSelect6(false, false, list.length), list), 1, 4);
            SenseAssert.invalidFieldInCdb(t.out(modeSelect6(true, true, list.length), list), 1, 0);
            SenseAssert.invalidFieldInCdb(t.out(modeSelect10(true, true, list.length + 4), new byte[list.length + 4]), 1, 0);
        }
    }

    @Test
    void emptyListIsGood() {
        try (SpcTarget t = SpcTarget.disk()) {
            assertThat(t.none(modeSelect6(true, false, 0)).isGood()).isTrue();
            assertThat(t.none(modeSelect10(true, false, 0)).isGood()).isTrue();
        }
    }

    @Test
    void shortListsAreParameterListLengthErrors() {
        try (SpcTarget t = SpcTarget.disk()) {
            SenseAssert.checkCondition(t.out(modeSelect6(true, false, 3), new byte[3]), 0x5, 0x1A, 0x00);
            SenseAssert.checkCondition(t.out(modeSelect10(true, false, 6), new byte[6]), 0x5, 0x1A, 0x00);
            byte[] cut = Arrays.copyOf(list6(page6(t, CURRENT, 0x0A)), 4 + 5);
            SenseAssert.checkCondition(t.out(modeSelect6(true, false, cut.length), cut), 0x5, 0x1A, 0x00);
            byte[] lonelyByte = new byte[5];
            lonelyByte[4] = 0x0A;
            SenseAssert.checkCondition(t.out(modeSelect6(true, false, 5), lonelyByte), 0x5, 0x1A, 0x00);
            byte[] descriptorCut = new byte[4 + 4];
            descriptorCut[3] = 8;
            SenseAssert.checkCondition(t.out(modeSelect6(true, false, 8), descriptorCut), 0x5, 0x1A, 0x00);
        }
    }

    @Test
    void blockDescriptorMustMatchTheCurrentFormat() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] page = page6(t, CURRENT, 0x0A);
            byte[] list = new byte[4 + 8 + page.length];
            list[3] = 8;
            putInt(list, 4, 2048);
            putInt(list, 8, 512);
            System.arraycopy(page, 0, list, 12, page.length);
            assertThat(t.out(modeSelect6(true, false, list.length), list).isGood()).isTrue();
            putInt(list, 4, 0);
            assertThat(t.out(modeSelect6(true, false, list.length), list).isGood()).as("count 0: no change").isTrue();

            putInt(list, 8, 4096);
            SenseAssert.invalidFieldInParameterList(t.out(modeSelect6(true, false, list.length), list), 9, -1);
            putInt(list, 8, 512);
            putInt(list, 4, 1000);
            SenseAssert.invalidFieldInParameterList(t.out(modeSelect6(true, false, list.length), list), 4, -1);

            byte[] noPages = Arrays.copyOf(list, 12);
            putInt(noPages, 4, 2048);
            assertThat(t.out(modeSelect6(true, false, 12), noPages).isGood()).as("descriptor only").isTrue();
        }
    }

    @Test
    void longLbaBlockDescriptorInModeSelect10() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] list = new byte[8 + 16];
            list[4] = 0x01;                                // LONGLBA
            list[7] = 16;
            putInt(list, 8 + 4, 2048);
            putInt(list, 8 + 12, 512);
            assertThat(t.out(modeSelect10(true, false, list.length), list).isGood()).isTrue();
            list[4] = 0;                                   // 16 bytes without LONGLBA
            SenseAssert.invalidFieldInParameterList(t.out(modeSelect10(true, false, list.length), list), 6, -1);
            list[4] = 0x02;                                // reserved bit of the header
            SenseAssert.invalidFieldInParameterList(t.out(modeSelect10(true, false, list.length), list), 4, 1);
        }
    }

    @Test
    void unknownPagesAndWrongLengthsAreRejected() {
        try (SpcTarget t = SpcTarget.disk()) {
            byte[] unknown = new byte[4 + 12];
            unknown[4] = 0x19;
            unknown[5] = 0x0A;
            SenseAssert.invalidFieldInParameterList(t.out(modeSelect6(true, false, unknown.length), unknown), 4, 5);

            byte[] wrongLength = list6(page6(t, CURRENT, 0x1C));
            wrongLength[5] = 0x06;
            wrongLength = Arrays.copyOf(wrongLength, 4 + 8);
            SenseAssert.invalidFieldInParameterList(t.out(modeSelect6(true, false, wrongLength.length), wrongLength), 5, -1);

            byte[] subpage = new byte[4 + 4 + 10];
            subpage[4] = 0x40 | 0x0A;
            subpage[5] = 0x01;
            subpage[7] = 10;
            SenseAssert.invalidFieldInParameterList(t.out(modeSelect6(true, false, subpage.length), subpage), 4, 6);

            byte[] medium = list6(page6(t, CURRENT, 0x0A));
            medium[1] = 0x05;
            SenseAssert.invalidFieldInParameterList(t.out(modeSelect6(true, false, medium.length), medium), 1, -1);
        }
    }

    @Test
    void changeableMaskMatchesWhatModeSelectTakes() {
        try (SpcTarget t = SpcTarget.disk(new MemoryBlockDevice(512, 2048).volatileCache(true))) {
            for (int code : new int[] {0x08, 0x0A, 0x1C}) {
                byte[] mask = page6(t, CHANGEABLE, code);
                byte[] current = page6(t, CURRENT, code);
                byte[] flipped = current.clone();
                for (int i = 2; i < mask.length; i++) {
                    flipped[i] ^= mask[i];
                }
                if (code == 0x1C) {
                    flipped[3] = (byte) (current[3] ^ 0x04);   // keep MRIE within 0..6
                }
                byte[] list = list6(flipped);
                assertThat(t.out(modeSelect6(true, false, list.length), list).isGood()).as("page 0x%02x", code).isTrue();
                assertThat(page6(t, CURRENT, code)).isEqualTo(flipped);
                list = list6(current);
                assertThat(t.out(modeSelect6(true, false, list.length), list).isGood()).isTrue();
            }
        }
    }

    /** A MODE SELECT(6) parameter list with no block descriptor and this page. */
    static byte[] list6(byte[] page) {
        byte[] list = new byte[4 + page.length];
        System.arraycopy(page, 0, list, 4, page.length);
        return list;
    }
}
