package org.scsi4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the example target says when a {@code --block}, {@code --passthrough} or {@code --tape}
 * unit cannot be opened (the message {@code main} prints after "cannot start:"), and that the units
 * opened before it are released.
 */
class BackstoreErrorsTest {
    @TempDir
    Path dir;

    static ExampleTarget.Running start(String... units) throws IOException {
        String[] args = new String[units.length + 2];
        args[0] = "--listen";
        args[1] = "127.0.0.1:0";
        System.arraycopy(units, 0, args, 2, units.length);
        return ExampleTarget.start(TargetOptions.parse(args),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void aMissingBlockDeviceIsNamed() {
        assertThatThrownBy(() -> start("--block", "/dev/scsi4j-no-such-disk"))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessage("/dev/scsi4j-no-such-disk: no such block device");
    }

    @Test
    void somethingThatIsNotABlockDeviceIsRefusedAndTheUnitsBeforeItAreReleased() throws Exception {
        Path file = Files.write(dir.resolve("disk.img"), new byte[4096]);
        assertThatThrownBy(() -> start("--tape", dir.resolve("t.tape").toString(), "--block", file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file + " is a regular file, not a block device");
        assertThat(Thread.getAllStackTraces().keySet()).as("the tape opened first is closed")
                .noneMatch(t -> t.getName().startsWith("scsi4j-tape-"));
        assertThatThrownBy(() -> start("--block", "/dev/null"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/dev/null is not a block device");
    }

    @Test
    void aWriteProtectedCartridgeMustExistAndAForeignFileIsNoCartridge() throws Exception {
        assertThatThrownBy(() -> start("--tape", dir.resolve("none.tape") + ",ro"))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no such tape cartridge (a write-protected one is not created)");
        Path notes = Files.writeString(dir.resolve("notes.txt"), "shopping list");
        assertThatThrownBy(() -> start("--tape", notes.toString()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(notes + " is not a scsi4j tape cartridge");
        assertThat(Files.readString(notes)).as("left as it was").isEqualTo("shopping list");
    }

    @Test
    void anSgPathThatIsMissingOrNotAScsiGenericDeviceIsNamed() {
        assertThatThrownBy(() -> start("--passthrough", "sg:/dev/scsi4j-no-such-sg"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("/dev/scsi4j-no-such-sg: no such device");
        assertThatThrownBy(() -> start("--passthrough", "sg:/dev/null"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("/dev/null").hasMessageContaining("not a SCSI generic device");
    }
}
