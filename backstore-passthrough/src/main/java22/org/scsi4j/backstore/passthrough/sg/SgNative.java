package org.scsi4j.backstore.passthrough.sg;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * The Java 22 version of the one class that needs more than Java 17 (the base version explains
 * the split): the native address of a direct buffer, for the pointer fields of
 * {@code struct sg_io_hdr}.
 *
 * <p>Neither {@link MemorySegment#ofBuffer} nor {@link MemorySegment#address()} is a restricted
 * method, so this needs no {@code --enable-native-access} and the JDK prints no warning: the
 * kernel is reached through {@code write(2)}/{@code read(2)} of a plain {@code FileChannel} (see
 * {@link SgChannel}), not through a foreign function call.
 */
final class SgNative {
    private SgNative() {
    }

    static boolean available() {
        return true;
    }

    static void requireAvailable() throws SgUnsupportedException {
        // nothing to check: this version exists only in a Java 22+ runtime
    }

    /**
     * The native address of {@code direct}'s position. The caller keeps the buffer reachable for
     * as long as the kernel may use the address.
     *
     * @throws IllegalArgumentException for a heap buffer, which has no stable address
     */
    static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("sg_io_hdr pointers need direct buffers");
        }
        return MemorySegment.ofBuffer(direct).address();
    }
}
