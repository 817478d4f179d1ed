package org.scsi4j.backstore.vcdrom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test images: files whose every byte is known. */
final class Images {
    private Images() {
    }

    /** The byte at {@code offset} of an image made with {@code seed}. */
    static byte at(int seed, long offset) {
        return (byte) (seed * 131 + offset * 7 + (offset >>> 11));
    }

    /** Writes an image of {@code bytes} bytes derived from {@code seed}. */
    static Path write(Path dir, String fileName, int seed, int bytes) throws IOException {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = at(seed, i);
        }
        return Files.write(dir.resolve(fileName), b);
    }
}
