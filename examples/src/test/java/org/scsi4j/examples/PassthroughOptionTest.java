package org.scsi4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * {@code --passthrough iscsi://...}: one example target passes a LUN of another through. The other
 * one is an example target too, serving the tape drive, so the pass-through is seen end to end:
 * the tape's own INQUIRY, its records and its sense arrive through the first target.
 */
class PassthroughOptionTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    static ExampleTarget.Running start(String... args) throws IOException {
        return ExampleTarget.start(TargetOptions.parse(args), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
    }

    static byte[] cdb6(int opcode, int byte1, int length) {
        return new byte[] {(byte) opcode, (byte) byte1, (byte) (length >> 16), (byte) (length >> 8), (byte) length, 0};
    }

    @Test
    void aLunOfAnotherTargetIsServedAsItIs() throws Exception {
        String backendIqn = "iqn.2026-11.org.scsi4j:backend";
        try (ExampleTarget.Running backend = start("--listen", "127.0.0.1:0", "--iqn", backendIqn,
                "--tape", dir.resolve("shared.tape").toString());
             ExampleTarget.Running front = start("--listen", "127.0.0.1:0", "--ram", "1M",
                     "--passthrough", backend.urls().get(0))) {
            IscsiSession s = IscsiInitiator.builder("iqn.2026-11.org.scsi4j:front-user").build()
                    .login(front.server().boundAddress(), TargetOptions.DEFAULT_IQN);
            try (s) {
                s.execute(1, new byte[6], null, null, TIMEOUT); // POWER ON, from the front target's core
                ByteBuffer inquiry = ByteBuffer.allocate(36);
                assertThat(s.execute(1, new byte[] {0x12, 0, 0, 0, 36, 0}, null, inquiry, TIMEOUT).isGood()).isTrue();
                assertThat(inquiry.get(0) & 0x1F).as("the tape's device type").isEqualTo(0x01);
                assertThat(new String(inquiry.array(), 16, 16, StandardCharsets.US_ASCII)).startsWith("VIRTUAL TAPE");

                byte[] record = new byte[700];
                Arrays.fill(record, (byte) 'P');
                assertThat(s.execute(1, cdb6(0x0A, 0, 700), ByteBuffer.wrap(record), null, TIMEOUT).isGood()).isTrue();
                assertThat(s.execute(1, cdb6(0x01, 0, 0), null, null, TIMEOUT).isGood()).isTrue();
                ByteBuffer in = ByteBuffer.allocate(1000);
                ScsiResult read = s.execute(1, cdb6(0x08, 0, 1000), null, in, TIMEOUT);
                assertThat(read.senseByte(2) & 0x20).as("the tape's ILI, untouched").isNotZero();
                assertThat(ByteBuffer.wrap(read.sense()).getInt(3)).isEqualTo(300);
                assertThat(Arrays.copyOf(in.array(), 700)).isEqualTo(record);
            }
        }
    }

    @Test
    void aTargetThatCannotBeReachedIsNamed() {
        assertThatThrownBy(() -> start("--listen", "127.0.0.1:0",
                "--passthrough", "iscsi://127.0.0.1:1/iqn.2026-11.org.scsi4j:nowhere/0"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("127.0.0.1:1");
    }
}
