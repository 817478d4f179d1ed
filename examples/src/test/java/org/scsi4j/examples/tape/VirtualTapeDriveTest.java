package org.scsi4j.examples.tape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsi4j.core.testing.FakeDeviceCommand;
import org.scsi4j.core.testing.FakeDeviceCommand.Result;

/** The tape drive driven directly through the raw-device SPI, as the core would, with no target. */
class VirtualTapeDriveTest {
    static final int FILEMARK_DETECTED = 0x0001;
    static final int END_OF_PARTITION = 0x0002;
    static final int BEGINNING_OF_PARTITION = 0x0004;
    static final int END_OF_DATA = 0x0005;

    @TempDir
    Path dir;
    Path file;
    VirtualTapeDrive drive;

    @BeforeEach
    void load() throws IOException {
        file = dir.resolve("tape.img");
        drive = VirtualTapeDrive.open(file, VirtualTapeDrive.DEFAULT_CAPACITY, false);
    }

    @AfterEach
    void unload() {
        drive.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("scsi4j-tape-"));
    }

    Result run(FakeDeviceCommand c) throws Exception {
        assertThat(drive.execute(c)).as("taken").isTrue();
        return c.await();
    }

    Result write(byte[] record) throws Exception {
        return run(FakeDeviceCommand.dataOut(TapeCdbs.write(record.length), record));
    }

    Result read(int length) throws Exception {
        return run(FakeDeviceCommand.dataIn(TapeCdbs.read(length, false), length));
    }

    Result filemark() throws Exception {
        return run(FakeDeviceCommand.noData(TapeCdbs.writeFilemarks(1)));
    }

    Result space(int code, int count) throws Exception {
        return run(FakeDeviceCommand.noData(TapeCdbs.space(code, count)));
    }

    Result rewind() throws Exception {
        return run(FakeDeviceCommand.noData(TapeCdbs.rewind()));
    }

    /** READ POSITION's first logical object location: the number of the next record or filemark. */
    int position() throws Exception {
        Result r = run(FakeDeviceCommand.dataIn(TapeCdbs.readPosition(0), 20));
        assertThat(r.good()).isTrue();
        return ByteBuffer.wrap(r.data()).getInt(4);
    }

    static byte[] record(int length, int fill) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    /** Records A(100) B(200), a filemark, record C(50), a filemark, record D(10): objects 0..5, EOD at 6. */
    void writeTwoFiles() throws Exception {
        assertThat(write(record(100, 'A')).good()).isTrue();
        assertThat(write(record(200, 'B')).good()).isTrue();
        assertThat(filemark().good()).isTrue();
        assertThat(write(record(50, 'C')).good()).isTrue();
        assertThat(filemark().good()).isTrue();
        assertThat(write(record(10, 'D')).good()).isTrue();
        assertThat(position()).isEqualTo(6);
    }

    @Test
    void recordsAndFilemarksReadBackAfterRewindWithTheSenseSscGivesAtEachMark() throws Exception {
        writeTwoFiles();
        assertThat(rewind().good()).isTrue();
        assertThat(position()).isZero();

        Result a = read(100);
        assertThat(a.good()).isTrue();
        assertThat(a.data()).isEqualTo(record(100, 'A'));
        assertThat(read(200).data()).isEqualTo(record(200, 'B'));

        Result mark = read(512);
        assertThat(mark.status()).isEqualTo(2);
        assertThat(mark.senseKey()).isZero();
        assertThat(mark.filemark()).isTrue();
        assertThat(mark.ascAndQualifier()).isEqualTo(FILEMARK_DETECTED);
        assertThat(mark.valid()).isTrue();
        assertThat(mark.information()).isEqualTo(512);
        assertThat(mark.data()).isEmpty();
        assertThat(position()).as("after the filemark").isEqualTo(3);

        assertThat(read(50).data()).isEqualTo(record(50, 'C'));
        assertThat(read(50).filemark()).isTrue();
        assertThat(read(10).data()).isEqualTo(record(10, 'D'));

        Result eod = read(64);
        assertThat(eod.senseKey()).isEqualTo(0x8);
        assertThat(eod.ascAndQualifier()).isEqualTo(END_OF_DATA);
        assertThat(eod.information()).isEqualTo(64);
        assertThat(eod.eom()).isFalse();
        assertThat(position()).as("stays at EOD").isEqualTo(6);
        assertThat(a.thread()).isEqualTo("scsi4j-tape-tape.img");
    }

    @Test
    void aShortRecordIsAnIncorrectLengthWithTheResidueUnlessSiliAndALongOneAlways() throws Exception {
        write(record(100, 'A'));
        write(record(100, 'B'));
        write(record(100, 'C'));
        rewind();

        Result shorter = read(150);
        assertThat(shorter.status()).isEqualTo(2);
        assertThat(shorter.senseKey()).isZero();
        assertThat(shorter.ili()).isTrue();
        assertThat(shorter.valid()).isTrue();
        assertThat(shorter.information()).isEqualTo(50);
        assertThat(shorter.data()).isEqualTo(record(100, 'A'));

        Result silenced = run(FakeDeviceCommand.dataIn(TapeCdbs.read(150, true), 150));
        assertThat(silenced.good()).isTrue();
        assertThat(silenced.data()).isEqualTo(record(100, 'B'));

        Result longer = run(FakeDeviceCommand.dataIn(TapeCdbs.read(60, true), 60));
        assertThat(longer.ili()).isTrue();
        assertThat(longer.information()).as("requested - actual, negative").isEqualTo(-40);
        assertThat(longer.data()).isEqualTo(record(60, 'C'));
        assertThat(position()).as("after the long record all the same").isEqualTo(3);
    }

    @Test
    void spacingOverBlocksStopsAtFilemarksOnTheirFarSideWithTheResidue() throws Exception {
        writeTwoFiles();
        rewind();
        Result forward = space(0, 5);
        assertThat(forward.filemark()).isTrue();
        assertThat(forward.ascAndQualifier()).isEqualTo(FILEMARK_DETECTED);
        assertThat(forward.information()).as("5 asked, 2 spaced over").isEqualTo(3);
        assertThat(position()).as("after the filemark").isEqualTo(3);

        Result backward = space(0, -2);
        assertThat(backward.filemark()).isTrue();
        assertThat(backward.information()).as("positive for a reverse space too").isEqualTo(2);
        assertThat(position()).as("before the filemark").isEqualTo(2);

        assertThat(space(0, -2).good()).isTrue();
        assertThat(position()).isZero();
        Result bom = space(0, -1);
        assertThat(bom.eom()).isTrue();
        assertThat(bom.senseKey()).isZero();
        assertThat(bom.ascAndQualifier()).isEqualTo(BEGINNING_OF_PARTITION);
        assertThat(bom.information()).isEqualTo(1);

        space(1, 2);
        assertThat(position()).isEqualTo(5);
        Result eod = space(0, 3);
        assertThat(eod.senseKey()).isEqualTo(0x8);
        assertThat(eod.ascAndQualifier()).isEqualTo(END_OF_DATA);
        assertThat(eod.information()).isEqualTo(2);
        assertThat(position()).isEqualTo(6);
    }

    @Test
    void spacingOverFilemarksAndToEndOfData() throws Exception {
        writeTwoFiles();
        rewind();
        assertThat(space(1, 1).good()).isTrue();
        assertThat(position()).as("after the first filemark").isEqualTo(3);
        assertThat(read(50).data()).isEqualTo(record(50, 'C'));
        assertThat(space(1, -1).good()).isTrue();
        assertThat(position()).as("before the first filemark").isEqualTo(2);

        Result pastEnd = space(1, 3);
        assertThat(pastEnd.senseKey()).isEqualTo(0x8);
        assertThat(pastEnd.information()).as("two of three crossed").isEqualTo(1);
        assertThat(position()).isEqualTo(6);

        Result pastBeginning = space(1, -3);
        assertThat(pastBeginning.eom()).isTrue();
        assertThat(pastBeginning.ascAndQualifier()).isEqualTo(BEGINNING_OF_PARTITION);
        assertThat(pastBeginning.information()).isEqualTo(1);
        assertThat(position()).isZero();

        assertThat(space(3, 0).good()).isTrue();
        assertThat(position()).isEqualTo(6);
        assertThat(space(2, 1).senseKey()).as("sequential filemarks: not supported").isEqualTo(0x5);
    }

    @Test
    void readPositionReportsTheBeginningTheObjectNumberAndInTheLongFormTheFile() throws Exception {
        Result start = run(FakeDeviceCommand.dataIn(TapeCdbs.readPosition(0), 20));
        assertThat(start.data()[0] & 0x80).as("BOP").isNotZero();
        writeTwoFiles();
        rewind();
        space(1, 2);
        Result shortForm = run(FakeDeviceCommand.dataIn(TapeCdbs.readPosition(0), 20));
        ByteBuffer s = ByteBuffer.wrap(shortForm.data());
        assertThat(s.get(0) & 0xC0).as("neither BOP nor EOP").isZero();
        assertThat(s.getInt(4)).isEqualTo(5);
        assertThat(s.getInt(8)).isEqualTo(5);
        assertThat(s.getInt(12)).as("nothing buffered").isZero();

        Result longForm = run(FakeDeviceCommand.dataIn(TapeCdbs.readPosition(6), 32));
        ByteBuffer l = ByteBuffer.wrap(longForm.data());
        assertThat(l.getLong(8)).as("logical object number").isEqualTo(5);
        assertThat(l.getLong(16)).as("logical file identifier").isEqualTo(2);
        assertThat(run(FakeDeviceCommand.dataIn(TapeCdbs.readPosition(8), 32)).senseKey()).isEqualTo(0x5);
    }

    @Test
    void writingInTheMiddleEndsTheDataThere() throws Exception {
        writeTwoFiles();
        rewind();
        space(0, 1);
        assertThat(write(record(30, 'X')).good()).isTrue();
        rewind();
        assertThat(read(100).data()).isEqualTo(record(100, 'A'));
        assertThat(read(30).data()).isEqualTo(record(30, 'X'));
        assertThat(read(30).ascAndQualifier()).isEqualTo(END_OF_DATA);
        assertThat(Files.size(file)).isEqualTo(8 + 4 + 100 + 4 + 30);
    }

    @Test
    void theCartridgeSurvivesARestartAndAnInterruptedWriteIsDropped() throws Exception {
        writeTwoFiles();
        drive.close();
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.allocate(4 + 3).putInt(0, 4096)); // a record header and 3 of its 4096 bytes
        }
        drive = VirtualTapeDrive.open(file, VirtualTapeDrive.DEFAULT_CAPACITY, false);
        assertThat(position()).as("a loaded cartridge starts at the beginning").isZero();
        assertThat(read(100).data()).isEqualTo(record(100, 'A'));
        space(3, 0);
        assertThat(position()).isEqualTo(6);
        space(0, -1);
        assertThat(read(10).data()).isEqualTo(record(10, 'D'));
        assertThat(read(10).ascAndQualifier()).isEqualTo(END_OF_DATA);
    }

    @Test
    void writesInTheLastThirtySecondReportEarlyWarningAndOneThatDoesNotFitOverflows() throws Exception {
        drive.close();
        Files.delete(file);
        drive = VirtualTapeDrive.open(file, 64 * 1024, false);
        byte[] block = record(16 * 1024 - 4, 'W');
        for (int i = 0; i < 3; i++) {
            assertThat(write(block).good()).isTrue();
        }
        Result warning = write(record(14 * 1024, 'W'));
        assertThat(warning.status()).isEqualTo(2);
        assertThat(warning.senseKey()).isZero();
        assertThat(warning.eom()).isTrue();
        assertThat(warning.ascAndQualifier()).isEqualTo(END_OF_PARTITION);
        assertThat(warning.information()).as("all written").isZero();
        assertThat(run(FakeDeviceCommand.dataIn(TapeCdbs.readPosition(0), 20)).data()[0] & 0x40).as("EOP").isNotZero();

        Result overflow = write(record(4 * 1024, 'W'));
        assertThat(overflow.senseKey()).isEqualTo(0xD);
        assertThat(overflow.eom()).isTrue();
        assertThat(overflow.ascAndQualifier()).isEqualTo(END_OF_PARTITION);
        assertThat(overflow.information()).as("nothing written").isEqualTo(4 * 1024);
        assertThat(position()).isEqualTo(4);
        assertThat(filemark().eom()).as("a filemark still fits, in the early-warning zone").isTrue();
    }

    @Test
    void modeSelectSwitchesToFixedBlocksAndReadsCheckEachBlockLength() throws Exception {
        assertThat(run(FakeDeviceCommand.dataIn(TapeCdbs.readFixed(1), 512)).senseKey())
                .as("fixed without a block length").isEqualTo(0x5);
        byte[] params = TapeCdbs.blockLengthParameters(512);
        assertThat(run(FakeDeviceCommand.dataOut(TapeCdbs.modeSelect(params.length), params)).good()).isTrue();
        byte[] three = new byte[3 * 512];
        for (int i = 0; i < three.length; i++) {
            three[i] = (byte) (i / 512 + 1);
        }
        assertThat(run(FakeDeviceCommand.dataOut(TapeCdbs.writeFixed(3), three)).good()).isTrue();
        assertThat(write(record(100, 'S')).good()).as("variable write in fixed mode").isTrue();
        assertThat(position()).isEqualTo(4);
        rewind();

        Result two = run(FakeDeviceCommand.dataIn(TapeCdbs.readFixed(2), 1024));
        assertThat(two.good()).isTrue();
        assertThat(two.data()).isEqualTo(Arrays.copyOf(three, 1024));
        Result mismatch = run(FakeDeviceCommand.dataIn(TapeCdbs.readFixed(3), 1536));
        assertThat(mismatch.ili()).isTrue();
        assertThat(mismatch.information()).as("3 asked, 1 read before the short block").isEqualTo(2);
        assertThat(Arrays.copyOf(mismatch.data(), 512)).isEqualTo(Arrays.copyOfRange(three, 1024, 1536));
        assertThat(position()).isEqualTo(4);

        Result sense = run(FakeDeviceCommand.dataIn(TapeCdbs.modeSense6(0x3F, 255), 255));
        ByteBuffer m = ByteBuffer.wrap(sense.data());
        assertThat(m.get(3)).as("block descriptor length").isEqualTo((byte) 8);
        assertThat(m.getInt(4 + 4) & 0xFFFFFF).as("block length").isEqualTo(512);
        byte[] variable = TapeCdbs.blockLengthParameters(0);
        run(FakeDeviceCommand.dataOut(TapeCdbs.modeSelect(variable.length), variable));
        assertThat(run(FakeDeviceCommand.dataIn(TapeCdbs.readFixed(1), 512)).senseKey()).isEqualTo(0x5);
    }

    @Test
    void modeSenseShowsTheDeviceConfigurationPageAndWriteProtection() throws Exception {
        Result ten = run(FakeDeviceCommand.dataIn(TapeCdbs.modeSense10(0x10, 64), 64));
        ByteBuffer m = ByteBuffer.wrap(ten.data());
        assertThat(m.getShort(0)).as("mode data length").isEqualTo((short) (8 + 8 + 16 - 2));
        assertThat(m.get(3) & 0x80).as("WP").isZero();
        assertThat(m.get(8 + 8) & 0x3F).isEqualTo(0x10);
        Result noPage = run(FakeDeviceCommand.dataIn(TapeCdbs.modeSense6(0x00, 255), 255));
        assertThat(noPage.data()).as("page 00h: header and block descriptor, as st asks").hasSize(12);
        assertThat(noPage.data()[0]).as("mode data length").isEqualTo((byte) 11);
        assertThat(run(FakeDeviceCommand.dataIn(TapeCdbs.modeSense6(0x01, 255), 255)).senseKey())
                .as("a page the drive does not have").isEqualTo(0x5);
        Result truncated = run(FakeDeviceCommand.dataIn(TapeCdbs.modeSense6(0x10, 4), 255));
        assertThat(truncated.data()).hasSize(4);
        byte[] page = {0, 0, 0, 0, 0x10, 0x0E, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(run(FakeDeviceCommand.dataOut(TapeCdbs.modeSelect(page.length), page)).senseKey())
                .as("pages are not changeable").isEqualTo(0x5);

        write(record(10, 'P'));
        drive.close();
        drive = VirtualTapeDrive.open(file, VirtualTapeDrive.DEFAULT_CAPACITY, true);
        Result ro = run(FakeDeviceCommand.dataIn(TapeCdbs.modeSense6(0x10, 255), 255));
        assertThat(ro.data()[2] & 0x80).as("WP").isNotZero();
        Result refused = write(record(10, 'Q'));
        assertThat(refused.senseKey()).isEqualTo(0x7);
        assertThat(refused.ascAndQualifier()).isEqualTo(0x2700);
        assertThat(read(10).data()).isEqualTo(record(10, 'P'));
    }

    @Test
    void readBlockLimitsAdmitsAnyRecordUpTo24Bits() throws Exception {
        ByteBuffer limits = ByteBuffer.wrap(run(FakeDeviceCommand.dataIn(TapeCdbs.readBlockLimits(), 6)).data());
        assertThat(limits.getInt(0)).isEqualTo(0xFFFFFF);
        assertThat(limits.getShort(4)).isEqualTo((short) 1);
    }

    @Test
    void unloadingLeavesNoMediumUntilLoadedAgainAtTheBeginning() throws Exception {
        writeTwoFiles();
        assertThat(run(FakeDeviceCommand.noData(TapeCdbs.loadUnload(false))).good()).isTrue();
        Result notReady = run(FakeDeviceCommand.noData(TapeCdbs.testUnitReady()));
        assertThat(notReady.senseKey()).isEqualTo(0x2);
        assertThat(notReady.ascAndQualifier()).isEqualTo(0x3A00);
        assertThat(read(100).senseKey()).isEqualTo(0x2);
        assertThat(run(FakeDeviceCommand.noData(TapeCdbs.loadUnload(true))).good()).isTrue();
        assertThat(run(FakeDeviceCommand.noData(TapeCdbs.testUnitReady())).good()).isTrue();
        assertThat(position()).isZero();
    }

    @Test
    void commandsOfOtherDeviceTypesAreDeclinedForTheCoreToAnswer() {
        assertThat(drive.peripheralDeviceType()).isEqualTo(0x01);
        assertThat(drive.removableMedium()).isTrue();
        for (int opcode : new int[] {0x03, 0x12, 0x19, 0x28, 0x2B, 0xA0}) {
            byte[] cdb = new byte[10];
            cdb[0] = (byte) opcode;
            assertThat(drive.execute(FakeDeviceCommand.dataIn(cdb, 64))).as("opcode %02x", opcode).isFalse();
        }
    }

    @Test
    void aFileThatIsNotACartridgeIsRefused() throws Exception {
        Path other = Files.writeString(dir.resolve("notes.txt"), "not a tape");
        assertThatThrownBy(() -> VirtualTapeDrive.open(other, VirtualTapeDrive.DEFAULT_CAPACITY, false))
                .isInstanceOf(IOException.class).hasMessageContaining("not a scsi4j tape cartridge");
        assertThatThrownBy(() -> VirtualTapeDrive.open(dir.resolve("missing.img"), VirtualTapeDrive.DEFAULT_CAPACITY, true))
                .isInstanceOf(IOException.class);
    }
}
