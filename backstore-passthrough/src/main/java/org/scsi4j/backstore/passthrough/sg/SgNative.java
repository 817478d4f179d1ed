package org.scsi4j.backstore.passthrough.sg;

import java.nio.ByteBuffer;

/**
 * The one piece of the sg backend that needs more than Java 17: the native address of a direct
 * buffer, which goes into the pointer fields of {@code struct sg_io_hdr}. This is the Java 17
 * version, used where the Java 22 one (in {@code META-INF/versions/22}, from
 * {@code src/main/java22}) is not: it only explains why the backend is unavailable.
 *
 * <p>Java 17 has no public way to learn a buffer's address (the incubating foreign API needs
 * {@code --add-modules}, {@code sun.nio.ch.DirectBuffer} needs {@code --add-exports}); a library
 * that asks its users for JVM flags is what the project rules out.
 */
final class SgNative {
    private SgNative() {
    }

    /** Whether {@link #address} works in this runtime. */
    static boolean available() {
        return false;
    }

    /** Throws, saying why the pass-through is unavailable here. */
    static void requireAvailable() throws SgUnsupportedException {
        throw new SgUnsupportedException(reason());
    }

    /** The native address of {@code direct}'s position (the Java 22 version); here it throws. */
    static long address(ByteBuffer direct) {
        throw new UnsupportedOperationException(reason());
    }

    private static String reason() {
        int feature = Runtime.version().feature();
        if (feature < 22) {
            return "the SCSI generic pass-through (/dev/sgN) needs Java 22 or later (it uses the Foreign Function"
                    + " & Memory API, final in Java 22); this is Java " + feature;
        }
        return "this copy of scsi4j backstore-passthrough has no Java 22 layer (META-INF/versions/22), so its SCSI"
                + " generic pass-through is off: use a scsi4j jar built with JDK 22 or later, on the class path as a"
                + " jar (a classes directory has no multi-release view)";
    }
}
