package org.scsi4j.core.internal.mmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scsi4j.core.internal.mmc.Cdrom.assertDataProtect;
import static org.scsi4j.core.internal.mmc.Cdrom.assertGood;
import static org.scsi4j.core.internal.mmc.Cdrom.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.mmc.Cdrom.assertNotReady;
import static org.scsi4j.core.internal.mmc.Cdrom.assertSense;
import static org.scsi4j.core.internal.mmc.MmcCdb.read10;
import static org.scsi4j.core.internal.mmc.MmcCdb.read12;
import static org.scsi4j.core.internal.mmc.MmcCdb.readCapacity10;
import static org.scsi4j.core.internal.mmc.MmcCdb.u32;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.device.DeviceGeometry;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.core.testing.MemoryBlockDevice;

/** The data path of a CD/DVD unit: READ (10)/(12) and READ CAPACITY reused from SBC, writes refused. */
class MmcReadTest {

    static byte[] read(LoopbackSession s, long lba, int blocks) {
        ScsiResponse r = s.execute(ScsiCommand.of(0, read10(lba, blocks)).dataIn(blocks * 2048));
        assertGood(r);
        return r.data();
    }

    @Test
    void readsReturnTheDiscsBlocks() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(7, 100))) {
            byte[] d = read(c.session, 98, 2);
            assertThat(d).hasSize(4096);
            assertThat(d[0]).isEqualTo(MemoryCdrom.expected(7, 98, 0));
            assertThat(d[2048 + 100]).isEqualTo(MemoryCdrom.expected(7, 99, 100));
            ScsiResponse r12 = c.in(read12(1, 1, 0x80), 2048);   // Streaming accepted
            assertGood(r12);
            assertThat(r12.data()[3]).isEqualTo(MemoryCdrom.expected(7, 1, 3));
            assertGood(c.in(read10(5, 0), 0));
        }
    }

    @Test
    void readErrors() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(7, 100))) {
            assertSense(c.in(read10(99, 2), 4096), 0x5, 0x21, 0x00);
            assertSense(c.in(read12(100, 1, 0), 2048), 0x5, 0x21, 0x00);
            byte[] relAdr = read10(0, 1);
            relAdr[1] = 1;
            assertInvalidFieldInCdb(c.in(relAdr, 2048), 1, 0);
            byte[] group = read10(0, 1);
            group[6] = 1;
            assertInvalidFieldInCdb(c.in(group, 2048), 6, 0);
            assertSense(c.in(Cdbs.read16(0, 1), 2048), 0x5, 0x20, 0x00);
            assertSense(c.in(new byte[] {0x08, 0, 0, 0, 1, 0}, 2048), 0x5, 0x20, 0x00);
        }
    }

    @Test
    void readCapacityReportsTwoKilobyteBlocks() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(7, 100))) {
            ScsiResponse r = c.in(readCapacity10(), 8);
            assertGood(r);
            assertThat(u32(r.data(), 0)).isEqualTo(99);
            assertThat(u32(r.data(), 4)).isEqualTo(2048);
        }
    }

    @Test
    void writesAreDataProtectAndAnEmptyDriveIsNotReady() {
        MemoryCdrom dev = new MemoryCdrom(7, 100);
        try (Cdrom c = new Cdrom(dev)) {
            assertDataProtect(c.out(Cdbs.write10(0, 1, false), new byte[2048]));
            byte[] w12 = new byte[12];
            w12[0] = (byte) 0xAA;
            w12[9] = 1;
            assertDataProtect(c.out(w12, new byte[2048]));
            assertDataProtect(c.none(new byte[] {0x04, 0x10, 0, 0, 0, 0}));          // FORMAT UNIT
            assertDataProtect(c.none(new byte[] {(byte) 0xA1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));   // BLANK
            assertGood(c.none(Cdbs.synchronizeCache10()));
            dev.remove();
            assertNotReady(c.in(read10(0, 1), 2048));
            assertNotReady(c.in(readCapacity10(), 8));
            assertNotReady(c.out(Cdbs.write10(0, 1, false), new byte[2048]));
        }
    }

    @Test
    void cdUnitsNeedTwoKilobyteBlocksWhichGeometryNowAllows() {
        assertThat(DeviceGeometry.of(2048, 10).capacityBytes()).isEqualTo(20480);
        assertThatThrownBy(() -> DeviceGeometry.of(1024, 10)).hasMessageContaining("512, 2048 or 4096");
        assertThatThrownBy(() -> LogicalUnitSpec.cdrom("cd", new MemoryBlockDevice(512, 10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2048-byte blocks");
    }
}
