package org.scsi4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsi4j.iscsi.initiator.IscsiInitiator;
import org.scsi4j.iscsi.initiator.IscsiSession;
import org.scsi4j.iscsi.initiator.ScsiResult;

/**
 * {@code --tape} next to a RAM disk in the example target, over iSCSI with scsi4j's own initiator:
 * records written, read back with the sense SSC gives, and still there after a restart (with the
 * cartridge write-protected then).
 */
class TapeOverIscsiTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final int TAPE = 1;

    @TempDir
    Path dir;

    static byte[] cdb6(int opcode, int byte1, int length) {
        return new byte[] {(byte) opcode, (byte) byte1, (byte) (length >> 16), (byte) (length >> 8), (byte) length, 0};
    }

    static ExampleTarget.Running start(String tapeOption) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return ExampleTarget.start(TargetOptions.parse("--listen", "127.0.0.1:0", "--ram", "16M",
                "--tape", tapeOption), quiet);
    }

    static IscsiSession login(ExampleTarget.Running running) throws Exception {
        IscsiSession s = IscsiInitiator.builder("iqn.2026-11.org.scsi4j:tape-test").build()
                .login(running.server().boundAddress(), TargetOptions.DEFAULT_IQN);
        ScsiResult ready = s.execute(TAPE, new byte[6], null, null, TIMEOUT);
        assertThat(ready.senseKey()).as("POWER ON first").isEqualTo(0x6);
        assertThat(s.execute(TAPE, new byte[6], null, null, TIMEOUT).isGood()).isTrue();
        return s;
    }

    @Test
    void theTapeLunWritesReadsAndKeepsItsRecordsAcrossARestartWriteProtected() throws Exception {
        Path tape = dir.resolve("backup.tape");
        byte[] record = new byte[3000];
        Arrays.fill(record, (byte) 'R');
        try (ExampleTarget.Running running = start(tape + ",size=1M"); IscsiSession s = login(running)) {
            assertThat(running.urls()).hasSize(2);
            ByteBuffer inquiry = ByteBuffer.allocate(36);
            assertThat(s.execute(TAPE, new byte[] {0x12, 0, 0, 0, 36, 0}, null, inquiry, TIMEOUT).isGood()).isTrue();
            assertThat(inquiry.get(0) & 0x1F).as("sequential-access device").isEqualTo(0x01);
            assertThat(new String(inquiry.array(), 16, 16, StandardCharsets.US_ASCII)).startsWith("VIRTUAL TAPE");

            assertThat(s.execute(TAPE, cdb6(0x0A, 0, record.length), ByteBuffer.wrap(record), null, TIMEOUT).isGood()).isTrue();
            assertThat(s.execute(TAPE, cdb6(0x10, 0, 1), null, null, TIMEOUT).isGood()).as("WRITE FILEMARKS").isTrue();
            assertThat(s.execute(TAPE, cdb6(0x01, 0, 0), null, null, TIMEOUT).isGood()).as("REWIND").isTrue();

            ByteBuffer in = ByteBuffer.allocate(8192);
            ScsiResult shortRead = s.execute(TAPE, cdb6(0x08, 0, 8192), null, in, TIMEOUT);
            assertThat(shortRead.status()).isEqualTo(ScsiResult.CHECK_CONDITION);
            assertThat(shortRead.senseByte(2) & 0x20).as("ILI").isNotZero();
            assertThat(ByteBuffer.wrap(shortRead.sense()).getInt(3)).as("INFORMATION").isEqualTo(8192 - 3000);
            assertThat(shortRead.bytesReceived()).isEqualTo(3000);
            assertThat(Arrays.copyOf(in.array(), 3000)).isEqualTo(record);

            ScsiResult mark = s.execute(TAPE, cdb6(0x08, 0x02, 8192), null, ByteBuffer.allocate(8192), TIMEOUT);
            assertThat(mark.senseByte(2) & 0x80).as("FILEMARK").isNotZero();
        }
        try (ExampleTarget.Running running = start(tape + ",ro"); IscsiSession s = login(running)) {
            ScsiResult refused = s.execute(TAPE, cdb6(0x0A, 0, 10), ByteBuffer.allocate(10), null, TIMEOUT);
            assertThat(refused.senseKey()).as("DATA PROTECT: the cartridge is write-protected").isEqualTo(0x7);
            ByteBuffer in = ByteBuffer.allocate(3000);
            assertThat(s.execute(TAPE, cdb6(0x08, 0, 3000), null, in, TIMEOUT).isGood()).as("read after restart").isTrue();
            assertThat(in.array()).isEqualTo(record);
            ScsiResult eod = s.execute(TAPE, cdb6(0x11, 1, 1), null, null, TIMEOUT);
            assertThat(eod.isGood()).as("SPACE over the filemark").isTrue();
            ScsiResult blank = s.execute(TAPE, cdb6(0x08, 0x02, 512), null, ByteBuffer.allocate(512), TIMEOUT);
            assertThat(blank.senseKey()).as("BLANK CHECK at end of data").isEqualTo(0x8);
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("scsi4j-tape-"));
    }
}
