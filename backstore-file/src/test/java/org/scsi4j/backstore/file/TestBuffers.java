package org.scsi4j.backstore.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.scsi4j.core.spi.device.IoCompletion;
import org.scsi4j.core.spi.device.IoStatus;

/** Buffers with recognisable contents, and a completion that records what it was told. */
final class TestBuffers {

    private TestBuffers() {
    }

    /** A direct buffer of {@code length} bytes whose byte i is a function of {@code seed} and i. */
    static ByteBuffer pattern(int length, int seed) {
        ByteBuffer b = ByteBuffer.allocateDirect(length);
        for (int i = 0; i < length; i++) {
            b.put(i, (byte) (seed * 31 + i * 7 + (i >>> 9)));
        }
        return b;
    }

    /** A direct buffer of {@code length} bytes, all {@code value}. */
    static ByteBuffer filled(int length, int value) {
        ByteBuffer b = ByteBuffer.allocateDirect(length);
        for (int i = 0; i < length; i++) {
            b.put(i, (byte) value);
        }
        return b;
    }

    static boolean allZero(ByteBuffer b) {
        for (int i = b.position(); i < b.limit(); i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** An {@link IoCompletion} for devices that complete inline. */
    static final class Recorder implements IoCompletion {
        int calls;
        IoStatus status;
        long information;

        @Override
        public void complete(IoStatus status, long information) {
            calls++;
            this.status = status;
            this.information = information;
        }

        /** Asserts exactly one completion, with {@code expected}, and resets for the next operation. */
        void expect(IoStatus expected) {
            assertThat(calls).as("completion calls").isEqualTo(1);
            assertThat(status).isEqualTo(expected);
            calls = 0;
            status = null;
        }
    }
}
