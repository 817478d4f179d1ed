package org.scsi4j.backstore.file.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackingFileTest {

    @TempDir
    Path dir;

    @Test
    void directRefusalNamesTheFileSystemAndTheWayOut() {
        Path file = dir.resolve("disk.img");
        IOException cause = new FileSystemException(file.toString(), null, "Invalid argument");
        IOException e = BackingFile.directRefused(file, cause);
        assertThat(e).hasMessageStartingWith("file system of " + file + " (")
                .hasMessageContaining("does not support O_DIRECT")
                .hasMessageContaining("Invalid argument")
                .hasMessageEndingWith("open it without 'direct'")
                .hasCause(cause);
    }

    @Test
    void fileSystemBlockSizeIsAPowerOfTwo() throws IOException {
        int size = BackingFile.fileSystemBlockSize(dir);
        assertThat(Integer.bitCount(size)).isEqualTo(1);
    }
}
