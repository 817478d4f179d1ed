package org.scsi4j.examples.tape;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.core.testing.MemoryBlockDevice;

/** The tape drive exported next to a disk by a {@link ScsiTarget}, driven through the loopback transport. */
class TapeLoopbackTest {
    static final int TAPE = 1;

    @TempDir
    Path dir;

    static byte[] record(int length, int fill) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void aTapeLunNextToADiskReadsWritesAndReportsItsSenseThroughTheCore() throws Exception {
        VirtualTapeDrive drive = VirtualTapeDrive.open(dir.resolve("tape.img"), VirtualTapeDrive.DEFAULT_CAPACITY, false);
        try (ScsiTarget target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:tape")
                .logicalUnit(0, LogicalUnitSpec.disk("disk", new MemoryBlockDevice(512, 2048)))
                .logicalUnit(TAPE, LogicalUnitSpec.rawDevice("tape", drive)).build();
             LoopbackTransport lt = LoopbackTransport.start(target)) {
            LoopbackSession s = lt.login("iqn.2026-11.org.scsi4j:initiator");
            s.clearUnitAttentions(0);
            s.clearUnitAttentions(TAPE);

            ScsiResponse inquiry = s.execute(ScsiCommand.of(TAPE, Cdbs.inquiry(96)).dataIn(96));
            assertThat(inquiry.isGood()).isTrue();
            assertThat(inquiry.data()[0] & 0x1F).as("sequential-access device").isEqualTo(0x01);
            assertThat(inquiry.data()[1] & 0x80).as("RMB").isNotZero();
            ScsiResponse luns = s.execute(ScsiCommand.of(0, Cdbs.reportLuns(64)).dataIn(64));
            assertThat(ByteBuffer.wrap(luns.data()).getInt(0)).as("two LUNs").isEqualTo(16);
            assertThat(s.execute(ScsiCommand.of(TAPE, Cdbs.testUnitReady())).isGood()).isTrue();

            byte[] first = record(1000, 'F');
            assertThat(s.execute(ScsiCommand.of(TAPE, TapeCdbs.write(1000)).dataOut(first)).isGood()).isTrue();
            assertThat(s.execute(ScsiCommand.of(TAPE, TapeCdbs.writeFilemarks(1))).isGood()).isTrue();
            assertThat(s.execute(ScsiCommand.of(TAPE, TapeCdbs.rewind())).isGood()).isTrue();

            ScsiResponse shortRead = s.execute(ScsiCommand.of(TAPE, TapeCdbs.read(4096, false)).dataIn(4096));
            assertThat(shortRead.status()).isEqualTo(0x02);
            assertThat(shortRead.sense()[2] & 0x20).as("ILI").isNotZero();
            assertThat(ByteBuffer.wrap(shortRead.sense()).getInt(3)).as("INFORMATION").isEqualTo(4096 - 1000);
            assertThat(shortRead.data()).as("the record, with the CHECK CONDITION").isEqualTo(first);
            assertThat(shortRead.underflow()).isTrue();
            assertThat(shortRead.residual()).isEqualTo(4096 - 1000);

            ScsiResponse mark = s.execute(ScsiCommand.of(TAPE, TapeCdbs.read(4096, true)).dataIn(4096));
            assertThat(mark.sense()[2] & 0x80).as("FILEMARK").isNotZero();
            assertThat(mark.asc() << 8 | mark.ascq()).isEqualTo(0x0001);
            ScsiResponse eod = s.execute(ScsiCommand.of(TAPE, TapeCdbs.read(4096, true)).dataIn(4096));
            assertThat(eod.senseKey()).as("BLANK CHECK").isEqualTo(0x8);
            assertThat(eod.asc() << 8 | eod.ascq()).as("END-OF-DATA DETECTED").isEqualTo(0x0005);

            ScsiResponse erase = s.execute(ScsiCommand.of(TAPE, new byte[] {0x19, 0, 0, 0, 0, 0}));
            assertThat(erase.senseKey()).as("declined: ILLEGAL REQUEST").isEqualTo(0x5);
            assertThat(erase.asc()).as("INVALID COMMAND OPERATION CODE").isEqualTo(0x20);

            ScsiResponse disk = s.execute(ScsiCommand.of(0, Cdbs.read10(0, 1)).dataIn(512));
            assertThat(disk.isGood()).as("the disk next to it").isTrue();
            s.close();
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("scsi4j-tape-"));
    }

    @Test
    void theCoreKeepsReservationsInFrontOfTheDrive() throws Exception {
        VirtualTapeDrive drive = VirtualTapeDrive.open(dir.resolve("shared.img"), VirtualTapeDrive.DEFAULT_CAPACITY, false);
        try (ScsiTarget target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:tape")
                .logicalUnit(0, LogicalUnitSpec.rawDevice("tape", drive)).build();
             LoopbackTransport lt = LoopbackTransport.start(target)) {
            LoopbackSession a = lt.login("iqn.2026-11.org.scsi4j:a");
            LoopbackSession b = lt.login("iqn.2026-11.org.scsi4j:b");
            a.clearUnitAttentions(0);
            b.clearUnitAttentions(0);
            assertThat(a.execute(ScsiCommand.of(0, new byte[] {0x16, 0, 0, 0, 0, 0})).isGood()).as("RESERVE(6)").isTrue();
            ScsiResponse other = b.execute(ScsiCommand.of(0, TapeCdbs.write(10)).dataOut(record(10, 'B')));
            assertThat(other.status()).as("RESERVATION CONFLICT").isEqualTo(0x18);
            assertThat(a.execute(ScsiCommand.of(0, TapeCdbs.write(10)).dataOut(record(10, 'A'))).isGood()).isTrue();
            a.close();
            b.close();
        }
    }
}
