package org.scsi4j.examples.tape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.scsi4j.core.spi.device.ScsiDevice;
import org.scsi4j.core.spi.device.ScsiDeviceCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tape drive (SSC-3, peripheral device type 01h) holding a virtual {@link Cartridge} kept in a
 * file: a device type scsi4j does not ship, written only against the raw-CDB device SPI
 * ({@link ScsiDevice}). Export it with {@code LogicalUnitSpec.rawDevice(name, drive)}.
 *
 * <p><b>Commands taken</b> (the table in the constructor): TEST UNIT READY, REWIND, READ BLOCK
 * LIMITS, READ(6), WRITE(6), WRITE FILEMARKS(6), SPACE(6) over blocks, filemarks or to end of data,
 * MODE SELECT(6), MODE SENSE(6)/(10), LOAD UNLOAD and READ POSITION. Every other command is declined,
 * so the core answers INQUIRY (as a sequential-access device with a removable medium) and REQUEST
 * SENSE itself, and anything else with INVALID COMMAND OPERATION CODE. The core also keeps REPORT
 * LUNS, reservations, unit attentions and task management, which the drive never sees.
 *
 * <p><b>Tape semantics.</b> Variable-block mode by default (each WRITE is one record; READ returns
 * one record, with ILI and the residue when its length is not the one asked for, unless SILI
 * allows a shorter one); fixed-block mode once MODE SELECT sets a block length. Reading or spacing
 * over a filemark, or into end of data, or backwards into the beginning of the medium, ends with
 * the sense SSC-3 gives for it (FILEMARK, BLANK CHECK, EOM) and the residue in INFORMATION. Writing
 * anywhere ends the data there. The cartridge holds {@code capacity} bytes: writes that end in its
 * last 1/32 complete with the early warning (EOM, NO SENSE), a write that does not fit fails with
 * VOLUME OVERFLOW. The position is not kept across restarts (a loaded cartridge starts at the
 * beginning); the data is, and WRITE FILEMARKS, REWIND, unloading and {@link #close()} make it durable.
 *
 * <p><b>Threading.</b> {@link #execute} only checks the opcode and queues the command on the
 * drive's one thread ({@code scsi4j-tape-<file>}), which owns the cartridge and the position, so
 * nothing here needs a lock; commands run in the order they arrived. {@link #close()} stops it.
 */
public final class VirtualTapeDrive implements ScsiDevice {
    /** The capacity of a cartridge when none is given: 1 GiB. */
    public static final long DEFAULT_CAPACITY = 1L << 30;
    private static final Logger LOG = LoggerFactory.getLogger(VirtualTapeDrive.class);
    private static final int SEQUENTIAL_ACCESS = 0x01;
    private static final int GOOD = 0x00;
    private static final int CHECK_CONDITION = 0x02;
    private static final int BUSY = 0x08;
    private static final int TASK_ABORTED = 0x40;

    /** One command's code: runs on the drive thread; returns the sense (null: GOOD) and the bytes moved. */
    @FunctionalInterface
    private interface Command {
        Outcome run(ScsiDeviceCommand c, ByteBuffer cdb) throws IOException;
    }

    private record Outcome(TapeSense sense, int transferred) {
        static Outcome good(int transferred) {
            return new Outcome(null, transferred);
        }
    }

    private final Map<Integer, Command> commands = Map.ofEntries(
            Map.entry(0x00, this::testUnitReady),
            Map.entry(0x01, this::rewind),
            Map.entry(0x05, (c, cdb) -> reply(c, TapeModePages.blockLimits())),
            Map.entry(0x08, this::read),
            Map.entry(0x0A, this::write),
            Map.entry(0x10, this::writeFilemarks),
            Map.entry(0x11, this::space),
            Map.entry(0x15, this::modeSelect),
            Map.entry(0x1A, this::modeSense),
            Map.entry(0x1B, this::loadUnload),
            Map.entry(0x34, this::readPosition),
            Map.entry(0x5A, this::modeSense));

    private final Cartridge cartridge;
    private final long capacity;
    private final long earlyWarning;
    private final ExecutorService thread;
    private volatile Thread worker;
    // Owned by the drive thread.
    private int position;
    private boolean loaded = true;
    private int blockLength;
    private long ioErrors;

    private VirtualTapeDrive(Cartridge cartridge, long capacity, String threadName) {
        this.cartridge = cartridge;
        this.capacity = capacity;
        this.earlyWarning = capacity - capacity / 32;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            worker = t;
            return t;
        });
    }

    /**
     * A drive with the cartridge in {@code file} loaded, positioned at its beginning. A missing file
     * becomes a blank cartridge (unless {@code readOnly}).
     *
     * @param capacity bytes the cartridge holds (records and their 4-byte headers)
     * @param readOnly the cartridge is write-protected: writes fail with DATA PROTECT
     * @throws IOException when the file cannot be opened or is not a cartridge
     */
    public static VirtualTapeDrive open(Path file, long capacity, boolean readOnly) throws IOException {
        if (capacity < 64 * 1024) {
            throw new IllegalArgumentException("a cartridge holds at least 64K, was " + capacity);
        }
        Cartridge cartridge = Cartridge.open(file, readOnly);
        LOG.info("tape cartridge {} loaded{}", cartridge, readOnly ? " write-protected" : "");
        return new VirtualTapeDrive(cartridge, capacity, "scsi4j-tape-" + file.getFileName());
    }

    @Override
    public int peripheralDeviceType() {
        return SEQUENTIAL_ACCESS;
    }

    @Override
    public boolean removableMedium() {
        return true;
    }

    @Override
    public boolean execute(ScsiDeviceCommand c) {
        Command command = commands.get(c.cdb().get(0) & 0xFF);
        if (command == null) {
            return false;
        }
        try {
            thread.execute(() -> run(command, c));
        } catch (RejectedExecutionException closed) {
            c.complete(BUSY, null, 0);
        }
        return true;
    }

    private void run(Command command, ScsiDeviceCommand c) {
        if (c.isAborted()) {
            c.complete(TASK_ABORTED, null, 0);
            return;
        }
        Outcome o;
        try {
            o = command.run(c, c.cdb());
        } catch (CheckCondition e) {
            o = new Outcome(e.sense(), 0);
        } catch (IOException | RuntimeException e) {
            if (ioErrors++ == 0) {
                LOG.error("tape {}: I/O error (later ones are counted, not logged)", cartridge, e);
            }
            int opcode = c.cdb().get(0) & 0xFF;
            boolean writing = opcode == 0x0A || opcode == 0x10;
            o = new Outcome(writing ? TapeSense.WRITE_ERROR : TapeSense.UNRECOVERED_READ_ERROR, 0);
        }
        if (o.sense() == null) {
            c.completeGood(o.transferred());
        } else {
            c.complete(CHECK_CONDITION, o.sense().toBytes(), o.transferred());
        }
    }

    // ------------------------------------------------------------------ commands (drive thread)

    private Outcome testUnitReady(ScsiDeviceCommand c, ByteBuffer cdb) {
        requireLoaded();
        return Outcome.good(0);
    }

    private Outcome rewind(ScsiDeviceCommand c, ByteBuffer cdb) throws IOException {
        requireLoaded();
        cartridge.sync();
        position = 0;
        return Outcome.good(0);
    }

    /** READ(6), SSC-3 §7.4: one record (variable) or TRANSFER LENGTH blocks (fixed). */
    private Outcome read(ScsiDeviceCommand c, ByteBuffer cdb) throws IOException {
        requireLoaded();
        boolean fixed = (cdb.get(1) & 0x01) != 0;
        boolean sili = (cdb.get(1) & 0x02) != 0;
        int length = u24(cdb, 2);
        if (fixed && (sili || blockLength == 0)) {
            throw new CheckCondition(TapeSense.INVALID_FIELD_IN_CDB);
        }
        int records = fixed ? length : Math.min(length, 1);
        int recordLength = fixed ? blockLength : length;
        ByteBuffer dst = c.dataIn().duplicate();
        for (int i = 0; i < records; i++) {
            int residue = fixed ? records - i : length;
            if (position == cartridge.objects()) {
                return new Outcome(TapeSense.endOfData(residue), dst.position());
            }
            if (cartridge.isFilemark(position++)) {
                return new Outcome(TapeSense.filemark(residue), dst.position());
            }
            int actual = cartridge.recordLength(position - 1);
            int room = Math.min(dst.remaining(), recordLength);
            cartridge.readRecord(position - 1, dst.slice(dst.position(), room));
            dst.position(dst.position() + Math.min(room, actual));
            if (actual != recordLength && !(sili && actual < recordLength)) {
                return new Outcome(TapeSense.incorrectLength(fixed ? residue : recordLength - actual), dst.position());
            }
        }
        return Outcome.good(dst.position());
    }

    /** WRITE(6), SSC-3 §7.11: one record (variable) or TRANSFER LENGTH blocks (fixed). */
    private Outcome write(ScsiDeviceCommand c, ByteBuffer cdb) throws IOException {
        requireWritable();
        boolean fixed = (cdb.get(1) & 0x01) != 0;
        int length = u24(cdb, 2);
        if (fixed && blockLength == 0) {
            throw new CheckCondition(TapeSense.INVALID_FIELD_IN_CDB);
        }
        int records = fixed ? length : Math.min(length, 1);
        int recordLength = fixed ? blockLength : length;
        ByteBuffer src = c.dataOut();
        if ((long) records * recordLength > src.remaining()) {
            throw new CheckCondition(TapeSense.INVALID_FIELD_IN_CDB); // the initiator sent less than the CDB says
        }
        for (int i = 0; i < records; i++) {
            if (!fits(recordLength)) {
                return new Outcome(TapeSense.endOfMedium(fixed ? records - i : length), i * recordLength);
            }
            cartridge.writeRecord(position, src.slice(i * recordLength, recordLength));
            position++;
        }
        return new Outcome(records > 0 && pastEarlyWarning() ? TapeSense.earlyWarning() : null, records * recordLength);
    }

    /** WRITE FILEMARKS(6), SSC-3 §7.12; with IMMED clear, what was written is made durable first. */
    private Outcome writeFilemarks(ScsiDeviceCommand c, ByteBuffer cdb) throws IOException {
        requireWritable();
        if ((cdb.get(1) & 0x02) != 0) {
            throw new CheckCondition(TapeSense.INVALID_FIELD_IN_CDB); // WSMK: no setmarks
        }
        boolean immediate = (cdb.get(1) & 0x01) != 0;
        int count = u24(cdb, 2);
        for (int i = 0; i < count; i++) {
            if (!fits(0)) {
                return new Outcome(TapeSense.endOfMedium(count - i), 0);
            }
            cartridge.writeFilemark(position);
            position++;
        }
        if (!immediate) {
            cartridge.sync();
        }
        return new Outcome(count > 0 && pastEarlyWarning() ? TapeSense.earlyWarning() : null, 0);
    }

    /** SPACE(6), SSC-3 §7.9: codes 0 (blocks), 1 (filemarks) and 3 (end of data). */
    private Outcome space(ScsiDeviceCommand c, ByteBuffer cdb) {
        requireLoaded();
        int count = u24(cdb, 2) << 8 >> 8; // signed: negative spaces towards the beginning
        switch (cdb.get(1) & 0x0F) {
            case 0:
                return new Outcome(spaceOver(count, false), 0);
            case 1:
                return new Outcome(spaceOver(count, true), 0);
            case 3:
                position = cartridge.objects();
                return Outcome.good(0);
            default:
                throw new CheckCondition(TapeSense.INVALID_FIELD_IN_CDB);
        }
    }

    /**
     * Spaces over {@code count} blocks (stopping after a filemark met on the way) or filemarks, at
     * most to EOD or the beginning; backwards when {@code count} is negative. Motion ends on the far
     * side of the last object crossed: after it forwards, before it backwards.
     */
    private TapeSense spaceOver(int count, boolean filemarks) {
        int n = Math.abs(count);
        int done = 0;
        while (done < n) {
            if (count > 0 ? position == cartridge.objects() : position == 0) {
                return count > 0 ? TapeSense.endOfData(n - done) : TapeSense.beginningOfMedium(n - done);
            }
            boolean filemark = count > 0 ? cartridge.isFilemark(position++) : cartridge.isFilemark(--position);
            if (filemark == filemarks) {
                done++;
            } else if (filemark) {
                return TapeSense.filemark(n - done);
            }
        }
        return null;
    }

    /** LOAD UNLOAD, SSC-3 §7.2: LOAD loads and rewinds; unloading rewinds and leaves no medium (HOLD: keeps it). */
    private Outcome loadUnload(ScsiDeviceCommand c, ByteBuffer cdb) throws IOException {
        boolean load = (cdb.get(4) & 0x01) != 0;
        boolean endOfTape = (cdb.get(4) & 0x04) != 0;
        boolean hold = (cdb.get(4) & 0x08) != 0;
        if (load && endOfTape) {
            throw new CheckCondition(TapeSense.INVALID_FIELD_IN_CDB);
        }
        cartridge.sync();
        position = 0;
        loaded = load || hold;
        return Outcome.good(0);
    }

    /** READ POSITION, SSC-3 §7.6: short form (service actions 00h, 01h) and long form (06h). */
    private Outcome readPosition(ScsiDeviceCommand c, ByteBuffer cdb) {
        requireLoaded();
        int serviceAction = cdb.get(1) & 0x1F;
        boolean beginning = position == 0;
        boolean endOfPartition = pastEarlyWarning();
        ByteBuffer b;
        if (serviceAction == 0x00 || serviceAction == 0x01) {
            // BOP, EOP; no buffered objects, so LOCU and BYCU are 0 and the counts below are valid
            b = ByteBuffer.allocate(20);
            b.put(0, (byte) ((beginning ? 0x80 : 0) | (endOfPartition ? 0x40 : 0)));
            b.putInt(4, position);  // FIRST LOGICAL OBJECT LOCATION
            b.putInt(8, position);  // LAST LOGICAL OBJECT LOCATION
        } else if (serviceAction == 0x06) {
            b = ByteBuffer.allocate(32);
            b.put(0, (byte) ((beginning ? 0x80 : 0) | (endOfPartition ? 0x40 : 0)));
            b.putLong(8, position);                               // LOGICAL OBJECT NUMBER
            b.putLong(16, cartridge.filemarksBefore(position));   // LOGICAL FILE IDENTIFIER
        } else {
            throw new CheckCondition(TapeSense.INVALID_FIELD_IN_CDB);
        }
        return reply(c, b);
    }

    private Outcome modeSense(ScsiDeviceCommand c, ByteBuffer cdb) {
        boolean ten = (cdb.get(0) & 0xFF) == 0x5A;
        ByteBuffer data = TapeModePages.sense(cdb, ten, blockLength, cartridge.isReadOnly());
        int allocation = ten ? cdb.getShort(7) & 0xFFFF : cdb.get(4) & 0xFF;
        return reply(c, data.limit(Math.min(data.limit(), allocation)));
    }

    private Outcome modeSelect(ScsiDeviceCommand c, ByteBuffer cdb) {
        if ((cdb.get(1) & 0x01) != 0) {
            throw new CheckCondition(TapeSense.INVALID_FIELD_IN_CDB); // SP: nothing can be saved
        }
        ByteBuffer data = c.dataOut().slice(0, Math.min(c.dataOut().remaining(), cdb.get(4) & 0xFF));
        int length = TapeModePages.select(data, blockLength);
        if (length > TapeModePages.MAX_BLOCK_LENGTH) {
            throw new CheckCondition(TapeSense.INVALID_FIELD_IN_PARAMETER_LIST);
        }
        blockLength = length;
        return Outcome.good(data.limit());
    }

    // ------------------------------------------------------------------ helpers

    private void requireLoaded() {
        if (!loaded) {
            throw new CheckCondition(TapeSense.MEDIUM_NOT_PRESENT);
        }
    }

    private void requireWritable() {
        requireLoaded();
        if (cartridge.isReadOnly()) {
            throw new CheckCondition(TapeSense.WRITE_PROTECTED);
        }
    }

    /** Whether an object with {@code length} bytes of data fits on the cartridge after {@link #position}. */
    private boolean fits(int length) {
        return cartridge.bytesBefore(position) + Cartridge.ENTRY_HEADER + length <= capacity;
    }

    private boolean pastEarlyWarning() {
        return cartridge.bytesBefore(position) > earlyWarning;
    }

    /** Sends {@code data} (position..limit), as much as the initiator has room for. */
    private static Outcome reply(ScsiDeviceCommand c, ByteBuffer data) {
        ByteBuffer dst = c.dataIn();
        int n = Math.min(data.remaining(), dst.remaining());
        dst.put(0, data, data.position(), n);
        return Outcome.good(n);
    }

    private static int u24(ByteBuffer cdb, int at) {
        return (cdb.get(at) & 0xFF) << 16 | (cdb.get(at + 1) & 0xFF) << 8 | cdb.get(at + 2) & 0xFF;
    }

    /** Stops the drive thread after the commands already queued, then closes the cartridge (synced). */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("tape {}: commands still running after 30 s; closing anyway", cartridge);
                thread.shutdownNow();
            }
            Thread w = worker;
            if (w != null) {
                w.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
        try {
            cartridge.close();
            LOG.info("tape cartridge {} closed{}", cartridge, ioErrors > 0 ? " after " + ioErrors + " I/O errors" : "");
        } catch (IOException e) {
            LOG.error("tape {}: cannot close the cartridge", cartridge, e);
        }
    }
}
