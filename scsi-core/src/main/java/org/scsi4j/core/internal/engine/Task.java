package org.scsi4j.core.internal.engine;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.command.IoContinuation;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.internal.sense.SenseWriter;
import org.scsi4j.core.spi.device.IoCompletion;
import org.scsi4j.core.spi.device.IoStatus;
import org.scsi4j.core.spi.transport.DataDirection;
import org.scsi4j.core.spi.transport.ScsiStatus;
import org.scsi4j.core.spi.transport.ScsiTask;
import org.scsi4j.core.spi.transport.TaskAttribute;

/**
 * One pooled task: the transport's {@link ScsiTask}, the handlers' {@link CommandContext} and the
 * device's {@link IoCompletion} in one object, so a command costs no allocation. Everything but
 * {@link #complete(IoStatus, long)} runs on the owning nexus's thread.
 */
final class Task implements ScsiTask, CommandContext, IoCompletion {
    static final int MAX_CDB = 260;
    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);

    enum State { FREE, WAITING_DATA_OUT, QUEUED, RUNNING, DONE }

    /** What the owner thread does with a task taken from the ready queue. */
    enum Pending { NONE, START, RESUME_IO }

    final Nexus nexus;
    final int index;

    // identity of the command
    long tag;
    long lunField;
    int lunNumber;
    final byte[] cdb = new byte[MAX_CDB];
    int cdbLength;
    TaskAttribute attribute;
    DataDirection direction;
    int expectedLength;
    CommandDescriptor descriptor;
    LogicalUnit lu;
    boolean writeProtected;

    // life cycle
    State state = State.FREE;
    Pending pending = Pending.NONE;
    boolean abortRequested;
    /** Set when the transport no longer wants callbacks (nexus closed). */
    boolean orphaned;
    TaskSet taskSet;
    Task prev;
    Task next;
    TmfWait tmfWait;

    // data
    ByteBuffer data;
    ByteBuffer scratch;
    ByteBuffer dataInView = EMPTY;
    int dataOutLength;

    // result
    int status;
    /** Room for the core's own sense and for a raw device's, which may be up to 252 bytes (SPC-4 §4.5.1). */
    private final ByteBuffer senseBuffer = ByteBuffer.allocateDirect(MAX_DEVICE_SENSE);
    static final int MAX_DEVICE_SENSE = 252;
    /** The raw device's view of this task, made on its first raw command. */
    private DeviceCommand deviceCommand;
    boolean underflow;
    boolean overflow;
    int residual;
    Object attachment;

    // handler scratch
    long lba;
    long blocks;
    long progress;
    IoContinuation continuation;
    boolean ioInFlight;
    volatile IoStatus ioStatus;
    volatile long ioInformation;

    Task(Nexus nexus, int index) {
        this.nexus = nexus;
        this.index = index;
        senseBuffer.limit(0);
    }

    void reset() {
        state = State.FREE;
        pending = Pending.NONE;
        abortRequested = false;
        orphaned = false;
        taskSet = null;
        prev = null;
        next = null;
        tmfWait = null;
        descriptor = null;
        lu = null;
        writeProtected = false;
        dataInView = EMPTY;
        dataOutLength = 0;
        status = ScsiStatus.GOOD;
        senseBuffer.clear().limit(0);
        underflow = false;
        overflow = false;
        residual = 0;
        attachment = null;
        lba = 0;
        blocks = 0;
        progress = 0;
        continuation = null;
        ioInFlight = false;
        ioStatus = null;
    }

    // ---------------------------------------------------------------- ScsiTask (transport view)

    @Override
    public long tag() {
        return tag;
    }

    @Override
    public long lun() {
        return lunField;
    }

    @Override
    public int expectedDataTransferLength() {
        return expectedLength;
    }

    @Override
    public DataDirection direction() {
        return direction;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public ByteBuffer sense() {
        return senseBuffer;
    }

    @Override
    public ByteBuffer dataIn() {
        return dataInView;
    }

    @Override
    public boolean residualUnderflow() {
        return underflow;
    }

    @Override
    public boolean residualOverflow() {
        return overflow;
    }

    @Override
    public int residualCount() {
        return residual;
    }

    @Override
    public Object attachment() {
        return attachment;
    }

    @Override
    public void attach(Object a) {
        this.attachment = a;
    }

    // ---------------------------------------------------------------- CommandContext (handler view)

    @Override
    public byte[] cdb() {
        return cdb;
    }

    @Override
    public int cdbLength() {
        return cdbLength;
    }

    @Override
    public CommandDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public LogicalUnit lu() {
        return lu;
    }

    @Override
    public NexusView nexus() {
        return nexus;
    }

    @Override
    public boolean writeProtected() {
        return writeProtected;
    }

    @Override
    public ByteBuffer dataOut() {
        if (data == null || dataOutLength == 0) {
            return EMPTY;
        }
        data.clear().limit(dataOutLength);
        return data;
    }

    @Override
    public ByteBuffer dataInBuffer(int capacity) {
        if (data != null && data.capacity() >= capacity) {
            data.clear().limit(capacity);
            return data;
        }
        releaseData();
        data = nexus.pool().acquire(capacity);
        return data;
    }

    @Override
    public ByteBuffer parameterData(int capacity) {
        ByteBuffer b = dataInBuffer(capacity);
        if (b != null) {
            zero(b, capacity);
        }
        return b;
    }

    @Override
    public ByteBuffer scratchBuffer(int capacity) {
        if (scratch != null && scratch.capacity() >= capacity) {
            scratch.clear().limit(capacity);
            return scratch;
        }
        if (scratch != null) {
            nexus.pool().release(scratch);
        }
        scratch = nexus.pool().acquire(capacity);
        return scratch;
    }

    private static void zero(ByteBuffer b, int n) {
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            b.putLong(i, 0L);
        }
        for (; i < n; i++) {
            b.put(i, (byte) 0);
        }
    }

    @Override
    public long lba() {
        return lba;
    }

    @Override
    public void lba(long v) {
        this.lba = v;
    }

    @Override
    public long blocks() {
        return blocks;
    }

    @Override
    public void blocks(long v) {
        this.blocks = v;
    }

    @Override
    public long progress() {
        return progress;
    }

    @Override
    public void progress(long v) {
        this.progress = v;
    }

    @Override
    public IoCompletion io(IoContinuation next) {
        if (ioInFlight) {
            throw new IllegalStateException("one device operation at a time per task");
        }
        this.continuation = next;
        this.ioInFlight = true;
        return this;
    }

    /** Device completion: any thread. */
    @Override
    public void complete(IoStatus s, long information) {
        this.ioInformation = information;
        this.ioStatus = s;
        nexus.ioCompleted(this);
    }

    @Override
    public void completeGood() {
        finishStatus(ScsiStatus.GOOD);
    }

    @Override
    public void completeDataIn(int length, int allocationLength) {
        int wanted = Math.max(0, Math.min(length, allocationLength));
        // Data-In only where the initiator asked for input (iSCSI R bit): a READ flagged as a write
        // gets its status and no data, the data it could not send reported as overflow
        int room = direction == DataDirection.READ || direction == DataDirection.BIDIRECTIONAL ? expectedLength : 0;
        showDataIn(Math.min(wanted, room));
        setResidual(room, wanted);
        status = ScsiStatus.GOOD;
        nexus.finish(this);
    }

    /** The first {@code n} bytes of the data buffer are the Data-In (none when 0). */
    private void showDataIn(int n) {
        if (n > 0 && data != null) {
            data.clear().limit(n);
            dataInView = data;
        } else {
            dataInView = EMPTY;
        }
    }

    /**
     * Residual of a command that moved, or wanted to move, {@code wanted} bytes where the initiator
     * allowed {@code room}: overflow beyond it, underflow short of it (SAM-5 §5.4).
     */
    private void setResidual(int room, long wanted) {
        if (wanted > room) {
            overflow = true;
            underflow = false;
            residual = (int) Math.min(Integer.MAX_VALUE, wanted - room);
        } else if (wanted < room) {
            underflow = true;
            overflow = false;
            residual = (int) (room - wanted);
        }
    }

    @Override
    public void completeStatus(int scsiStatus) {
        finishStatus(scsiStatus);
    }

    @Override
    public void completeBusy() {
        finishStatus(ScsiStatus.BUSY);
    }

    private void finishStatus(int s) {
        status = s;
        dataInView = EMPTY;
        if (direction != DataDirection.WRITE && !overflow && expectedLength > 0) {
            underflow = true;
            residual = expectedLength;
        }
        nexus.finish(this);
    }

    @Override
    public void checkCondition(SenseReason reason) {
        writeSense(reason, false, 0, SenseWriter.NO_FIELD_POINTER, -1, true);
    }

    @Override
    public void checkCondition(SenseReason reason, long information) {
        writeSense(reason, true, information, SenseWriter.NO_FIELD_POINTER, -1, true);
    }

    /**
     * CHECK CONDITION with a progress indication in the sense-key-specific field (SPC-4 §4.5.2.4.4:
     * SKSV set, the 16-bit PROGRESS INDICATION where a field pointer would be), for NOT READY
     * while a sanitize or format runs.
     */
    void checkConditionWithProgress(SenseReason reason, int progress) {
        writeSense(reason, false, 0, progress & 0xFFFF, -1, false);
    }

    @Override
    public void invalidFieldInCdb(int byteIndex, int bit) {
        writeSense(SenseReason.INVALID_FIELD_IN_CDB, false, 0, byteIndex, bit, true);
    }

    @Override
    public void invalidFieldInParameterList(int byteIndex, int bit) {
        writeSense(SenseReason.INVALID_FIELD_IN_PARAMETER_LIST, false, 0, byteIndex, bit, false);
    }

    @Override
    public void deviceFailed(IoStatus s, long information, boolean whileWriting) {
        switch (s) {
            case NO_RESOURCE:
                completeStatus(ScsiStatus.TASK_SET_FULL);
                return;
            case READ_ERROR:
                checkCondition(SenseReason.UNRECOVERED_READ_ERROR);
                return;
            case WRITE_ERROR:
                checkCondition(SenseReason.WRITE_ERROR);
                return;
            case MISCOMPARE:
                checkCondition(SenseReason.MISCOMPARE_DURING_VERIFY_OPERATION, information);
                return;
            case MEDIUM_NOT_PRESENT:
                checkCondition(SenseReason.MEDIUM_NOT_PRESENT);
                return;
            case WRITE_PROTECTED:
                checkCondition(SenseReason.WRITE_PROTECTED);
                return;
            case UNSUPPORTED:
                checkCondition(SenseReason.INVALID_FIELD_IN_CDB);
                return;
            case GOOD:
            case DEVICE_FAILURE:
            default:
                checkCondition(whileWriting ? SenseReason.WRITE_ERROR : SenseReason.INTERNAL_TARGET_FAILURE);
        }
    }

    private void writeSense(SenseReason reason, boolean hasInfo, long info, int field, int bit, boolean inCdb) {
        boolean descriptorFormat = lu != null && lu.modePages().descriptorSense();
        senseBuffer.clear();
        int n = SenseWriter.write(senseBuffer, descriptorFormat, reason, hasInfo, info, field, bit, inCdb);
        senseBuffer.position(0).limit(n);
        finishStatus(ScsiStatus.CHECK_CONDITION);
    }

    /** This task as a raw device sees it (one per task slot, made on first use). Owner thread. */
    DeviceCommand deviceCommand() {
        if (deviceCommand == null) {
            deviceCommand = new DeviceCommand(this);
        }
        return deviceCommand;
    }

    /** The device command if the device holds it now, else null. */
    DeviceCommand heldDeviceCommand() {
        return deviceCommand != null && deviceCommand.held() ? deviceCommand : null;
    }

    /** Copies a raw device's sense; device thread, while the device holds the task. */
    void storeDeviceSense(ByteBuffer sense) {
        senseBuffer.clear();
        if (sense != null && sense.hasRemaining()) {
            ByteBuffer src = sense.duplicate();
            if (src.remaining() > MAX_DEVICE_SENSE) {
                src.limit(src.position() + MAX_DEVICE_SENSE);
            }
            senseBuffer.put(src);
        }
        senseBuffer.flip();
    }

    /**
     * Finishes a command the raw device executed: its status and sense untouched, its data-in
     * (also with CHECK CONDITION: a tape read that stops at a filemark returns data and sense),
     * and what it did not transfer as residual underflow, or the device's overflow. Owner thread.
     */
    void finishFromDevice(int deviceStatus, int transferred, int overflowBytes) {
        int expected = direction == DataDirection.READ || direction == DataDirection.WRITE ? expectedLength : 0;
        int n = Math.max(0, Math.min(transferred, expected));
        showDataIn(direction == DataDirection.READ ? n : 0);
        // a device's overflow is bytes beyond the expected length; otherwise what it moved counts
        setResidual(expected, overflowBytes > 0 ? (long) expected + overflowBytes : n);
        status = deviceStatus;
        nexus.finish(this);
    }

    void releaseData() {
        if (data != null) {
            nexus.pool().release(data);
            data = null;
        }
    }

    void releaseBuffers() {
        releaseData();
        if (scratch != null) {
            nexus.pool().release(scratch);
            scratch = null;
        }
        dataInView = EMPTY;
    }

    @Override
    public String toString() {
        return "Task[tag=" + tag + ", op=0x" + Integer.toHexString(cdb[0] & 0xFF) + ", " + state + "]";
    }
}
