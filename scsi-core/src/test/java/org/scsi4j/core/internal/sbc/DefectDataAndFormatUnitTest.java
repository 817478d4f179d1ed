package org.scsi4j.core.internal.sbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.sbc.Disk.assertGood;
import static org.scsi4j.core.internal.sbc.Disk.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.sbc.Disk.assertInvalidFieldInParameterList;
import static org.scsi4j.core.internal.sbc.Disk.assertSense;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.MemoryBlockDevice;

class DefectDataAndFormatUnitTest {
    private static final long BLOCKS = 1024;

    @ParameterizedTest(name = "format {0}")
    @ValueSource(ints = {0, 3, 4, 5, 6})
    void readDefectDataReturnsEmptyListsInTheRequestedFormat(int format) {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS))) {
            ScsiResponse ten = d.in(SbcCdb.readDefectData10(0x18 | format, 32), 32);
            assertGood(ten);
            assertThat(ten.data()).containsExactly(0, 0x18 | format, 0, 0);
            ScsiResponse twelve = d.in(SbcCdb.readDefectData12(0x10 | format, 0, 32), 32);
            assertGood(twelve);
            assertThat(twelve.data()).containsExactly(0, 0x10 | format, 0, 0, 0, 0, 0, 0);
            ScsiResponse none = d.in(SbcCdb.readDefectData10(format, 32), 32);
            assertThat(none.data()).containsExactly(0, format, 0, 0);
        }
    }

    @Test
    void readDefectDataFieldsAndAllocationLength() {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS))) {
            assertInvalidFieldInCdb(d.in(SbcCdb.readDefectData10(0x07, 32), 32), 2, 2);
            assertInvalidFieldInCdb(d.in(SbcCdb.readDefectData12(0x07, 0, 32), 32), 1, 2);
            assertInvalidFieldInCdb(d.in(SbcCdb.readDefectData10(0x20, 32), 32), 2, 5);
            assertThat(d.in(SbcCdb.readDefectData10(0x08, 2), 2).data()).containsExactly(0, 0x08);
            assertThat(d.in(SbcCdb.readDefectData12(0, 5, 0), 0).data()).isEmpty();
            // libiscsi 1.19 puts the ADDRESS DESCRIPTOR INDEX where it zeroes the list bits
            assertGood(d.in(SbcCdb.readDefectData12(0, 0, 32), 32));
        }
    }

    @Test
    void formatUnitWithoutDataIsANoOp() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            byte[] data = d.pattern(4, 1);
            d.write(0, data);
            assertGood(d.none(SbcCdb.formatUnit(0)));
            assertGood(d.none(SbcCdb.formatUnit(0x08)));                 // CMPLST
            assertThat(d.read(0, 4)).as("nothing formatted, nothing erased").isEqualTo(data);
            for (int fmtpinfo = 1; fmtpinfo < 4; fmtpinfo++) {
                assertInvalidFieldInCdb(d.none(SbcCdb.formatUnit(fmtpinfo << 6)), 1, fmtpinfo == 1 ? 6 : 7);
            }
            byte[] vendor = SbcCdb.formatUnit(0);
            vendor[2] = 1;
            assertInvalidFieldInCdb(d.none(vendor), 2, 0);
        }
    }

    @Test
    void formatUnitParameterListHeaderIsChecked() {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS))) {
            assertGood(d.out(SbcCdb.formatUnit(0x10), new byte[4]));
            assertGood(d.out(SbcCdb.formatUnit(0x10), new byte[] {0, (byte) 0x82, 0, 0}));       // FOV, IMMED
            assertGood(d.out(SbcCdb.formatUnit(0x10), new byte[] {0, (byte) 0xF0, 0, 0}));       // FOV DPRY DCRT STPF
            assertGood(d.out(SbcCdb.formatUnit(0x30), new byte[8]));                            // long list
            assertInvalidFieldInParameterList(d.out(SbcCdb.formatUnit(0x10), new byte[] {1, 0, 0, 0}), 0);
            assertInvalidFieldInParameterList(d.out(SbcCdb.formatUnit(0x10), new byte[] {0, 0x40, 0, 0}), 1);
            assertInvalidFieldInParameterList(d.out(SbcCdb.formatUnit(0x10), new byte[] {0, (byte) 0x88, 0, 0}), 1);
            assertInvalidFieldInParameterList(d.out(SbcCdb.formatUnit(0x10), new byte[] {0, 0, 0, 8}), 2);
            assertInvalidFieldInParameterList(d.out(SbcCdb.formatUnit(0x30), new byte[] {0, 0, 0, 0x10, 0, 0, 0, 0}), 3);
            assertInvalidFieldInParameterList(d.out(SbcCdb.formatUnit(0x30), new byte[] {0, 0, 0, 0, 0, 0, 0, 8}), 4);
        }
    }

    @Test
    void formatUnitOnAWriteProtectedUnitIsDataProtect() {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS), false, true)) {
            assertSense(d.none(SbcCdb.formatUnit(0)), 0x7, 0x27, 0x00);
        }
    }
}
