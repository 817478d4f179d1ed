package org.scsi4j.iscsi.internal.pdu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The iSCSI CRC32C header and data digest, RFC 7143 §13.1 (generator 0x11EDC6F41, register
 * initialised to all ones, result complemented; padding bytes are covered), over
 * {@link CRC32C} which the JDK accelerates with CPU instructions.
 *
 * <p><b>Wire byte order.</b> The 32-bit digest goes on the wire least-significant byte first
 * (RFC 7143 §13.1's bit ordering; the RFC's CRC examples show 32 zero bytes giving
 * {@code aa 36 91 8a}, i.e. CRC 0x8a9136aa). Verified against the Linux kernel initiator's
 * PDUs in {@code linux-kernel-initiator.pcap}. {@link #getDigest} and {@link #putDigest} do the
 * byte swap; {@link #compute} returns the plain CRC value.
 *
 * <p>One instance per connection; not thread-safe. Never allocates: ranges of direct buffers
 * are digested by moving the buffer's position and limit and restoring them afterwards.
 */
public final class Crc32cDigest {
    /** Length of a header or data digest on the wire. */
    public static final int DIGEST_LENGTH = 4;

    private final CRC32C crc = new CRC32C();

    /** @return the CRC32C of {@code length} bytes of {@code buffer} from absolute {@code index} */
    public int compute(ByteBuffer buffer, int index, int length) {
        crc.reset();
        update(buffer, index, length);
        return (int) crc.getValue();
    }

    /** Starts an incremental computation (a digest over data held in several buffers). */
    public Crc32cDigest reset() {
        crc.reset();
        return this;
    }

    /** Adds {@code length} bytes of {@code buffer} from absolute {@code index}. */
    public Crc32cDigest update(ByteBuffer buffer, int index, int length) {
        if (buffer.hasArray()) {
            crc.update(buffer.array(), buffer.arrayOffset() + index, length);
            return this;
        }
        int position = buffer.position();
        int limit = buffer.limit();
        buffer.limit(buffer.capacity());
        buffer.position(index);
        buffer.limit(index + length);
        crc.update(buffer);
        buffer.limit(buffer.capacity());
        buffer.position(position);
        buffer.limit(limit);
        return this;
    }

    /** @return the digest of everything added since {@link #reset()} */
    public int value() {
        return (int) crc.getValue();
    }

    /**
     * @return true when the digest stored at {@code digestIndex} matches the CRC32C of the
     *         {@code length} bytes at {@code index}
     */
    public boolean verify(ByteBuffer buffer, int index, int length, int digestIndex) {
        return compute(buffer, index, length) == getDigest(buffer, digestIndex);
    }

    /** Computes the digest of a range and stores it at {@code digestIndex} in wire order. */
    public void sign(ByteBuffer buffer, int index, int length, int digestIndex) {
        putDigest(buffer, digestIndex, compute(buffer, index, length));
    }

    /** @return the digest stored at {@code index} (least-significant byte first on the wire) */
    public static int getDigest(ByteBuffer buffer, int index) {
        int raw = buffer.getInt(index);
        return buffer.order() == ByteOrder.BIG_ENDIAN ? Integer.reverseBytes(raw) : raw;
    }

    /** Stores {@code digest} at {@code index} least-significant byte first. */
    public static void putDigest(ByteBuffer buffer, int index, int digest) {
        buffer.putInt(index, buffer.order() == ByteOrder.BIG_ENDIAN
                ? Integer.reverseBytes(digest) : digest);
    }
}
