package org.scsi4j.examples.tape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A virtual tape cartridge in one file: the logical objects of the tape (records and filemarks) in
 * the order they were written, and nothing about the drive (position, block size).
 *
 * <p><b>Format.</b> The 8 ASCII bytes {@code S4JTAPE1}, then one entry per object: a 4-byte
 * big-endian length followed by the record's bytes, or the length -1 for a filemark. The end of the
 * file is the end of data (EOD). An entry cut short by a crash is dropped when the file is opened.
 *
 * <p>Objects are numbered from 0; object {@code n} with {@code n == objects()} is EOD. An index of
 * every object's offset is kept in memory (built by scanning the file at open), so spacing
 * backwards is as cheap as forwards. Not thread-safe: the drive's one thread owns it.
 */
final class Cartridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Cartridge.class);
    private static final byte[] MAGIC = "S4JTAPE1".getBytes(StandardCharsets.US_ASCII);
    static final int ENTRY_HEADER = 4;
    private static final int FILEMARK = -1;

    private final Path path;
    private final FileChannel channel;
    private final boolean readOnly;
    /** offsets[i]: where object i's entry starts; offsets[count]: the end of data. */
    private long[] offsets = new long[64];
    private final BitSet filemarks = new BitSet();
    private int count;
    private final ByteBuffer header = ByteBuffer.allocate(ENTRY_HEADER);

    private Cartridge(Path path, FileChannel channel, boolean readOnly) {
        this.path = path;
        this.channel = channel;
        this.readOnly = readOnly;
    }

    /**
     * Opens the cartridge in {@code path}; a missing file (or an empty one) becomes a blank
     * cartridge, unless {@code readOnly}.
     *
     * @throws IOException when the file cannot be opened or is not a cartridge
     */
    static Cartridge open(Path path, boolean readOnly) throws IOException {
        FileChannel ch = readOnly ? FileChannel.open(path, StandardOpenOption.READ)
                : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        try {
            Cartridge c = new Cartridge(path, ch, readOnly);
            c.load();
            return c;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private void load() throws IOException {
        long size = channel.size();
        if (size == 0 && !readOnly) {
            channel.write(ByteBuffer.wrap(MAGIC), 0);
            channel.force(true);
            size = MAGIC.length;
        }
        ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
        channel.read(magic, 0);
        if (!Arrays.equals(magic.array(), MAGIC)) {
            throw new IOException(path + " is not a scsi4j tape cartridge (it does not start with "
                    + new String(MAGIC, StandardCharsets.US_ASCII) + ")");
        }
        long at = MAGIC.length;
        while (at + ENTRY_HEADER <= size) {
            int length = readHeader(at);
            long next = at + ENTRY_HEADER + Math.max(length, 0);
            if (length < FILEMARK || next > size) {
                break;
            }
            index(at, length == FILEMARK);
            at = next;
        }
        offsets[count] = at;
        if (at != size) {
            LOG.warn("{}: {} bytes after the last complete object dropped (interrupted write)", path, size - at);
            if (!readOnly) {
                channel.truncate(at);
            }
        }
    }

    private void index(long offset, boolean filemark) {
        if (count + 1 >= offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[count] = offset;
        filemarks.set(count, filemark);
        count++;
    }

    private int readHeader(long at) throws IOException {
        header.clear();
        while (header.hasRemaining() && channel.read(header, at + header.position()) >= 0) {
            // a positional read may return less than asked
        }
        return header.getInt(0);
    }

    /** How many objects (records and filemarks) the cartridge holds: the object number of EOD. */
    int objects() {
        return count;
    }

    boolean isFilemark(int object) {
        return filemarks.get(object);
    }

    /** The filemarks among objects {@code 0 .. object-1}: the file number at {@code object}. */
    int filemarksBefore(int object) {
        return filemarks.get(0, object).cardinality();
    }

    /** The length in bytes of record {@code object}. */
    int recordLength(int object) {
        return (int) (offsets[object + 1] - offsets[object] - ENTRY_HEADER);
    }

    /** Bytes the objects before {@code object} take on the cartridge (entry headers included). */
    long bytesBefore(int object) {
        return offsets[object] - MAGIC.length;
    }

    boolean isReadOnly() {
        return readOnly;
    }

    /** Copies the start of record {@code object} into {@code dst} (as much as it has room for). */
    void readRecord(int object, ByteBuffer dst) throws IOException {
        int n = Math.min(recordLength(object), dst.remaining());
        ByteBuffer window = dst.slice(dst.position(), n);
        long at = offsets[object] + ENTRY_HEADER;
        while (window.hasRemaining()) {
            if (channel.read(window, at + window.position()) < 0) {
                throw new IOException(path + ": unexpected end of file in record " + object);
            }
        }
        dst.position(dst.position() + n);
    }

    /**
     * Writes a record as object {@code object}: as on a real tape, everything from that object on
     * is gone (it becomes the last object, followed by EOD).
     */
    void writeRecord(int object, ByteBuffer data) throws IOException {
        append(object, data.remaining(), data);
    }

    /** Writes a filemark as object {@code object}, ending the data there as {@link #writeRecord} does. */
    void writeFilemark(int object) throws IOException {
        append(object, FILEMARK, null);
    }

    private void append(int object, int length, ByteBuffer data) throws IOException {
        truncate(object);
        long at = offsets[count];
        header.clear();
        header.putInt(0, length);
        writeFully(header, at);
        if (data != null) {
            writeFully(data, at + ENTRY_HEADER);
        }
        index(at, length == FILEMARK);
        offsets[count] = at + ENTRY_HEADER + Math.max(length, 0);
    }

    /** Drops objects {@code object ..} (a write there ends the data). */
    private void truncate(int object) throws IOException {
        if (object < count) {
            channel.truncate(offsets[object]);
            filemarks.clear(object, count);
            count = object;
        }
    }

    private void writeFully(ByteBuffer src, long at) throws IOException {
        long pos = at;
        while (src.hasRemaining()) {
            pos += channel.write(src, pos);
        }
    }

    /** Makes what was written durable (WRITE FILEMARKS, REWIND, unload, close). */
    void sync() throws IOException {
        if (!readOnly) {
            channel.force(false);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            sync();
        } finally {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return path + " (" + count + " objects, " + bytesBefore(count) + " bytes)";
    }
}
