package org.scsi4j.backstore.passthrough.sg;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The real {@link SgIo}: one file descriptor on {@code /dev/sgN}, driven through the sg v3
 * interface's {@code write(2)} of a {@code struct sg_io_hdr} (the command starts) and
 * {@code read(2)} of it (blocks until the command is done; status, sense and data are filled in).
 * The driver's {@code SG_IO} ioctl is exactly that pair; doing it with a plain {@link FileChannel}
 * needs no foreign function call, hence no {@code --enable-native-access} and no JDK warning. Only
 * the buffers' addresses need Java 22 ({@link SgNative}).
 *
 * <p>Why one descriptor per worker: {@code read(2)} returns whichever of the descriptor's requests
 * finished first, so a shared descriptor would hand one thread another's answer.
 *
 * <p>Opened {@code O_RDWR} ({@link FileChannel} cannot add {@code O_EXCL} or {@code O_NONBLOCK}):
 * read-write is what lets every command through (the driver filters commands on read-only
 * descriptors); sharing the device with other programs is the administrator's call, as with any
 * sg user. Without {@code O_NONBLOCK}, {@code read(2)} blocks until the command is done, which is
 * what a worker wants.
 *
 * <p>The driver refuses {@code read(2)}/{@code write(2)} from a process whose credentials changed
 * after it opened the descriptor (EPERM); a JVM does not change them.
 */
final class SgChannel implements SgIo {
    private final Path path;
    private final FileChannel channel;
    private final SgIoHeader header = new SgIoHeader(ByteBuffer.allocateDirect(SgIoHeader.SIZE));
    private int packId;

    private SgChannel(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * Opens a descriptor on {@code path}, which the caller has checked is a SCSI generic device
     * ({@link SgNode#check}): bytes written to anything else would not be an sg_io_hdr to it.
     */
    static SgChannel open(Path path) throws IOException {
        SgNative.requireAvailable();
        try {
            return new SgChannel(path, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE));
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(path.toString(), null,
                    "the SCSI generic device needs read and write access for this user (typically membership of the"
                            + " group that owns it, such as 'disk' or 'tape')");
        } catch (FileSystemException e) {
            throw new FileSystemException(path.toString(), null, "cannot open the SCSI generic device: " + e.getReason());
        }
    }

    @Override
    public SgResult execute(ByteBuffer cdb, int direction, ByteBuffer data, ByteBuffer sense, int timeoutMillis)
            throws IOException {
        int dxferLen = direction == DXFER_NONE ? 0 : data.remaining();
        long dxferp = dxferLen == 0 ? 0L : SgNative.address(data);
        int mxSbLen = Math.min(sense.remaining(), 255);
        header.request(direction, cdb.remaining(), mxSbLen, dxferLen, dxferp, SgNative.address(cdb),
                mxSbLen == 0 ? 0L : SgNative.address(sense), timeoutMillis, ++packId);
        ByteBuffer h = header.buffer();
        try {
            h.clear();
            int written = channel.write(h);
            if (written != SgIoHeader.SIZE) {
                throw new IOException(path + ": the driver took " + written + " of the " + SgIoHeader.SIZE
                        + " bytes of an sg_io_hdr: not a SCSI generic device");
            }
            h.clear();
            int read = channel.read(h);
            if (read != SgIoHeader.SIZE) {
                throw new IOException(path + ": " + (read < 0 ? "no reply (end of file)" : "a reply of " + read + " bytes")
                        + " to an sg_io_hdr: not a SCSI generic device");
            }
            if (header.interfaceId() != SgIoHeader.INTERFACE_ID_V3 || header.packId() != packId) {
                throw new IOException(path + ": the reply is not the sg_io_hdr just sent: not a SCSI generic device");
            }
            return header.result();
        } finally {
            // the kernel used these addresses until read(2) returned
            Reference.reachabilityFence(cdb);
            Reference.reachabilityFence(data);
            Reference.reachabilityFence(sense);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a device descriptor reports nothing we could act on
        }
    }

    @Override
    public String toString() {
        return "SgChannel[" + path + "]";
    }
}
