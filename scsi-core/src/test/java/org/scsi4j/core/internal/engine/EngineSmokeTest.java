package org.scsi4j.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.MemoryBlockDevice;

class EngineSmokeTest {

    @Test
    void firstCommandReportsPowerOnThenTestUnitReadyIsGood() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, 1024);
        try (ScsiTarget target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:t").logicalUnit(0, LogicalUnitSpec.disk("d", dev)).build()) {
            LoopbackTransport lt = LoopbackTransport.start(target);
            LoopbackSession s = lt.login("iqn.2026-11.org.scsi4j:i");
            ScsiResponse first = s.execute(ScsiCommand.of(0, new byte[6]));
            assertThat(first.status()).isEqualTo(2);
            assertThat(first.senseKey()).isEqualTo(6);
            assertThat(first.asc()).isEqualTo(0x29);
            ScsiResponse second = s.execute(ScsiCommand.of(0, new byte[6]));
            assertThat(second.isGood()).isTrue();
            ScsiResponse badOp = s.execute(ScsiCommand.of(0, new byte[] {(byte) 0xFD, 0, 0, 0, 0, 0}));
            assertThat(badOp.senseKey()).isEqualTo(5);
            assertThat(badOp.asc()).isEqualTo(0x20);
            ScsiResponse noLun = s.execute(ScsiCommand.of(7, new byte[6]));
            assertThat(noLun.asc()).isEqualTo(0x25);
            ScsiResponse reserved = s.execute(ScsiCommand.of(0, new byte[] {0, 1, 0, 0, 0, 0}));
            assertThat(reserved.asc()).isEqualTo(0x24);
            assertThat(reserved.sense()[15] & 0xFF).isEqualTo(0xC8);   // SKSV, C/D, BPV, bit 0
            assertThat(reserved.sense()[17]).isEqualTo((byte) 1);      // byte 1
            s.close();
            lt.close();
            assertThat(lt.isAlive()).isFalse();
            assertThat(target.openNexusCount()).isZero();
            assertThat(target.outstandingBuffers()).isZero();
        }
    }
}
