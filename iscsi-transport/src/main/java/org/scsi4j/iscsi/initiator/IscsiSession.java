package org.scsi4j.iscsi.initiator;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.scsi4j.iscsi.internal.pdu.AdditionalHeaderSegment;
import org.scsi4j.iscsi.internal.pdu.HeaderFlyweight;

/**
 * A logged-in iSCSI session to one target (RFC 7143, ErrorRecoveryLevel 0, one connection):
 * SCSI commands with data both ways, task management, pings, logout. Thread-safe: any number of
 * threads may run commands at once, up to the initiator's queue depth; more wait for a slot.
 *
 * <p><b>Threading.</b> One daemon I/O thread per session ("scsi4j-initiator-N") owns the
 * socket, the CmdSN window and every task's wire state; callers hand tasks over through a
 * lock-free queue and park until the I/O thread completes them. Futures of {@link #submit}
 * complete on that I/O thread: their callbacks must not block (use the {@code *Async} variants
 * of {@link CompletableFuture} for anything slow). The thread stops on {@link #close()}.
 *
 * <p><b>Buffers.</b> Data-Out is read from {@code dataOut}'s bytes between its position and
 * limit, Data-In is written into {@code dataIn} from its position up to its limit; positions
 * and limits are never changed. The session uses both buffers until the command completes,
 * fails or is aborted — never after {@link #execute} returns or a future completes.
 *
 * <p><b>Timeouts and reconnection.</b> A command whose timeout passes is aborted with ABORT TASK
 * (and fails with {@link IscsiException.Reason#TIMED_OUT}); an unanswered abort drops the
 * connection. When the connection drops, commands in flight fail with
 * {@link IscsiException.Reason#CONNECTION_LOST} ({@link IscsiException#mayHaveExecuted()} true —
 * they are <em>not</em> retried: only the caller knows whether a command is safe to repeat);
 * commands not sent yet wait, and the session logs in again with the same ISID (session
 * reinstatement, RFC 7143 §6.3.5: the target ends the old session's tasks first). After the
 * configured attempts the session closes.
 */
public final class IscsiSession implements AutoCloseable {
    /** What the session is doing. */
    public enum State {
        /** In full feature phase: commands are sent. */
        LOGGED_IN,
        /** The connection dropped (or the target asked to log out): logging in again; commands wait. */
        RECONNECTING,
        /** Closed by {@link #close()} or after the last reconnection attempt failed. */
        CLOSED
    }

    private final SessionLoop loop;

    IscsiSession(SessionLoop loop) {
        this.loop = loop;
    }

    /**
     * Encodes a LUN for the LUN field (SAM-5 §4.7): 0..255 with peripheral device addressing,
     * 256..16383 with flat space addressing; any other value is taken as the 8-byte LUN field as
     * is (e.g. an entry of REPORT LUNS).
     */
    public static long lunField(long lun) {
        if (lun >= 0 && lun < 256) {
            return lun << 48;
        }
        if (lun >= 256 && lun < 16384) {
            return (0x4000L | lun) << 48;
        }
        return lun;
    }

    /**
     * Runs a SCSI command and waits for its outcome.
     *
     * @param lun the LUN (see {@link #lunField(long)})
     * @param cdb the CDB, 1..260 bytes (longer than 16: Extended CDB AHS, §11.2.2.3)
     * @param dataOut data to send (a write), or null
     * @param dataIn where to receive data (a read), or null; both for a bidirectional command
     * @param timeout from now until the command must be complete (waiting for a free slot and
     *                for the CmdSN window included); when it passes the command is aborted, so the
     *                call can return up to the task management timeout later
     * @return the outcome; a CHECK CONDITION is a result with sense, not an exception
     * @throws IscsiException when the command got no SCSI status (timeout, connection lost,
     *         aborted, rejected, session closed); an {@link InterruptedIOException} when the
     *         thread was interrupted (the command was aborted first)
     */
    public ScsiResult execute(long lun, byte[] cdb, ByteBuffer dataOut, ByteBuffer dataIn, Duration timeout)
            throws IOException {
        return execute(lun, cdb, dataOut, dataIn, timeout, new ScsiResult());
    }

    /** {@link #execute(long, byte[], ByteBuffer, ByteBuffer, Duration)} into a reused result: allocates nothing. */
    public ScsiResult execute(long lun, byte[] cdb, ByteBuffer dataOut, ByteBuffer dataIn, Duration timeout,
                              ScsiResult into) throws IOException {
        Objects.requireNonNull(into, "into");
        long budget = timeout.toNanos();
        long start = System.nanoTime();
        Task t = acquire(false, budget, "SCSI command");
        try {
            prepare(t, Task.Owner.WAITER, lun, cdb, dataOut, dataIn, start + budget);
            handOver(t);
            boolean interrupted = await(t);
            IscsiException failure = t.failure;
            if (failure != null) {
                throw rethrow(failure, interrupted);
            }
            return t.resultInto(into);
        } finally {
            loop.table.release(t);
        }
    }

    /**
     * Sends a SCSI command without waiting (after a free slot, which may take up to
     * {@code timeout}). The future completes on the session's I/O thread; until then the
     * session uses the buffers.
     *
     * @param timeout from now until the command is aborted, or null for none
     */
    public ScsiTask submit(long lun, byte[] cdb, ByteBuffer dataOut, ByteBuffer dataIn, Duration timeout)
            throws IOException {
        Objects.requireNonNull(cdb, "cdb");
        return submit(lun, null, cdb, dataOut, dataIn, timeout);
    }

    /**
     * {@link #submit(long, byte[], ByteBuffer, ByteBuffer, Duration)} with the CDB in {@code cdb}'s
     * position..limit, copied straight into the session's pooled task (a gateway forwarding a
     * command it holds as a buffer need not copy it into an array first). Position and limit are
     * not changed.
     */
    public ScsiTask submit(long lun, ByteBuffer cdb, ByteBuffer dataOut, ByteBuffer dataIn, Duration timeout)
            throws IOException {
        Objects.requireNonNull(cdb, "cdb");
        return submit(lun, cdb, null, dataOut, dataIn, timeout);
    }

    private ScsiTask submit(long lun, ByteBuffer cdbBuffer, byte[] cdbArray, ByteBuffer dataOut, ByteBuffer dataIn,
                            Duration timeout) throws IOException {
        long start = System.nanoTime();
        Task t = acquire(false, timeout == null ? TimeUnit.DAYS.toNanos(1) : timeout.toNanos(), "SCSI command");
        CompletableFuture<ScsiResult> future = new CompletableFuture<>();
        int itt;
        try {
            long deadline = timeout == null ? 0 : start + timeout.toNanos();
            if (cdbBuffer != null) {
                prepare(t, Task.Owner.FUTURE, lun, cdbBuffer, dataOut, dataIn, deadline);
            } else {
                prepare(t, Task.Owner.FUTURE, lun, cdbArray, dataOut, dataIn, deadline);
            }
            t.future = future;
            itt = t.itt;
        } catch (RuntimeException e) {
            loop.table.release(t);
            throw e;
        }
        ScsiTask handle = new ScsiTask(this, itt, t.lun, future);
        if (!loop.submit(t)) {
            loop.table.release(t);
            throw closed();
        }
        return handle;
    }

    /**
     * Requests a task management function for a LUN (or the target) and waits for the answer.
     * On FUNCTION COMPLETE, this session's commands it ended fail with
     * {@link IscsiException.Reason#ABORTED}. No answer within the timeout drops the connection.
     */
    public TaskManagementResponse taskManagement(TaskManagementFunction function, long lun, Duration timeout)
            throws IOException {
        Objects.requireNonNull(function, "function");
        return tmf(function.code(), lunField(lun), HeaderFlyweight.RESERVED_TAG, timeout);
    }

    /** LOGICAL UNIT RESET (§11.5.1): {@code taskManagement(LOGICAL_UNIT_RESET, lun, timeout)}. */
    public TaskManagementResponse logicalUnitReset(long lun, Duration timeout) throws IOException {
        return taskManagement(TaskManagementFunction.LOGICAL_UNIT_RESET, lun, timeout);
    }

    TaskManagementResponse tmf(int function, long lunField, int refItt, Duration timeout) throws IOException {
        long budget = timeout.toNanos();
        long start = System.nanoTime();
        Task t = acquire(true, budget, "task management request");
        try {
            t.begin(Task.Kind.TMF, Task.Owner.WAITER);
            t.function = function;
            t.lun = lunField;
            t.refItt = refItt;
            t.deadline = (start + budget) | 1;
            handOver(t);
            boolean interrupted = await(t);
            if (t.failure != null) {
                throw rethrow(t.failure, interrupted);
            }
            return TaskManagementResponse.of(t.tmfResponse);
        } finally {
            loop.table.release(t);
        }
    }

    /**
     * Sends a NOP-Out that asks for an answer (§11.18) and waits for the NOP-In.
     *
     * @return the round-trip time
     * @throws IscsiException when no answer came in time (the connection is then dropped)
     */
    public Duration ping(Duration timeout) throws IOException {
        long start = System.nanoTime();
        Task t = acquire(true, timeout.toNanos(), "ping");
        try {
            t.begin(Task.Kind.NOP, Task.Owner.WAITER);
            t.deadline = (start + timeout.toNanos()) | 1;
            handOver(t);
            boolean interrupted = await(t);
            if (t.failure != null) {
                throw rethrow(t.failure, interrupted);
            }
            return Duration.ofNanos(System.nanoTime() - start);
        } finally {
            loop.table.release(t);
        }
    }

    /** SendTargets (§13.3) in this session; @return the answer's "key=value" pairs in order. */
    List<String> sendTargets(String value, Duration timeout) throws IOException {
        long start = System.nanoTime();
        Task t = acquire(true, timeout.toNanos(), "SendTargets");
        try {
            t.begin(Task.Kind.TEXT, Task.Owner.WAITER);
            t.text = ("SendTargets=" + value + "\0").getBytes(StandardCharsets.UTF_8);
            t.deadline = (start + timeout.toNanos()) | 1;
            handOver(t);
            boolean interrupted = await(t);
            if (t.failure != null) {
                throw rethrow(t.failure, interrupted);
            }
            List<String> pairs = new ArrayList<>();
            byte[] text = t.textIn == null ? new byte[0] : t.textIn.toByteArray();
            for (String s : new String(text, StandardCharsets.UTF_8).split("\0")) {
                if (!s.isEmpty()) {
                    pairs.add(s);
                }
            }
            return pairs;
        } finally {
            loop.table.release(t);
        }
    }

    /** @return what the current (or last) login negotiated */
    public SessionParameters parameters() {
        return loop.parameters;
    }

    public State state() {
        return loop.state;
    }

    /** @return why the session closed on its own (reconnection gave up), or null */
    public IscsiException closeCause() {
        return loop.closeCause;
    }

    /** @return logins after the first: successful session reinstatements */
    public int reconnectCount() {
        return loop.reconnects();
    }

    /** @return the target's name (null for a Discovery session) */
    public String targetName() {
        return loop.targetName;
    }

    /** @return PDU counters since the session began (diagnostics, tests) */
    Counters.Snapshot counters() {
        return loop.ff.counters.snapshot();
    }

    /** @return command slots in use (diagnostics; 0 when idle) */
    public int commandsInFlight() {
        return loop.table.commandsInUse();
    }

    /**
     * Logs out (reason "close the session", §11.14) after the commands in flight complete (at
     * most the logout timeout), closes the connection and stops the I/O thread. Commands not
     * sent yet fail with {@link IscsiException.Reason#SESSION_CLOSED}. Idempotent.
     */
    @Override
    public void close() {
        long bound = 2 * loop.config.logoutTimeout().toNanos() + TimeUnit.SECONDS.toNanos(2);
        loop.close(bound);
    }

    @Override
    public String toString() {
        return "IscsiSession[" + loop.who() + ", " + state() + "]";
    }

    // ---------------------------------------------------------------- internals

    private Task acquire(boolean control, long budgetNanos, String what) throws IOException {
        if (Thread.currentThread() == loop.thread) {
            throw new IllegalStateException("blocking call from the session's own I/O thread (a completion callback)");
        }
        if (loop.closing) {
            throw closed();
        }
        if (!control && loop.targetName == null) {
            throw new IllegalStateException("SCSI commands need a Normal session, not a Discovery session");
        }
        if (budgetNanos <= 0) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        try {
            Task t = control ? loop.table.acquireControl(budgetNanos) : loop.table.acquireCommand(budgetNanos);
            if (t == null) {
                throw new IscsiException(IscsiException.Reason.QUEUE_FULL, false, "no free slot for a " + what
                        + " within the timeout");
            }
            return t;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for a free slot");
        }
    }

    private void prepare(Task t, Task.Owner owner, long lun, byte[] cdb, ByteBuffer dataOut, ByteBuffer dataIn,
                         long deadline) {
        Objects.requireNonNull(cdb, "cdb");
        checkCdbLength(cdb.length);
        prepare(t, owner, lun, dataOut, dataIn, deadline);
        System.arraycopy(cdb, 0, t.cdb, 0, cdb.length);
        t.cdbLength = cdb.length;
    }

    private void prepare(Task t, Task.Owner owner, long lun, ByteBuffer cdb, ByteBuffer dataOut, ByteBuffer dataIn,
                         long deadline) {
        Objects.requireNonNull(cdb, "cdb");
        checkCdbLength(cdb.remaining());
        prepare(t, owner, lun, dataOut, dataIn, deadline);
        cdb.get(cdb.position(), t.cdb, 0, cdb.remaining());
        t.cdbLength = cdb.remaining();
    }

    private static void checkCdbLength(int length) {
        if (length < 1 || length > AdditionalHeaderSegment.MAX_CDB_LENGTH) {
            throw new IllegalArgumentException("CDB must be 1.." + AdditionalHeaderSegment.MAX_CDB_LENGTH
                    + " bytes, was " + length);
        }
    }

    /** Everything but the CDB, which the caller copies into the pooled task. */
    private void prepare(Task t, Task.Owner owner, long lun, ByteBuffer dataOut, ByteBuffer dataIn, long deadline) {
        if (dataIn != null && dataIn.isReadOnly()) {
            throw new IllegalArgumentException("dataIn is read-only");
        }
        t.begin(Task.Kind.SCSI, owner);
        t.lun = lunField(lun);
        if (dataOut != null && dataOut.hasRemaining()) {
            t.dataOut = dataOut;
            t.dataOutBase = dataOut.position();
            t.dataOutLength = dataOut.remaining();
        }
        if (dataIn != null && dataIn.hasRemaining()) {
            t.dataIn = dataIn;
            t.dataInBase = dataIn.position();
            t.dataInLength = dataIn.remaining();
        }
        t.deadline = deadline == 0 ? 0 : deadline | 1;
    }

    private void handOver(Task t) throws IscsiException {
        if (!loop.submit(t)) {
            throw closed();
        }
    }

    /**
     * Parks until the I/O thread completes {@code t}. An interrupt asks the loop to abort the
     * command, but the wait goes on: the buffers are the session's until the task is done.
     *
     * @return true when the thread was interrupted (the flag is set again)
     */
    private boolean await(Task t) {
        boolean interrupted = false;
        while (!t.done) {
            LockSupport.park(this);
            if (Thread.interrupted() && !interrupted) {
                interrupted = true;
                int itt = t.itt;
                loop.submit((Runnable) () -> {
                    Task live = loop.table.byItt(itt);
                    if (live != null) {
                        loop.ff.abortInternally(live, IscsiException.Reason.INTERRUPTED, System.nanoTime());
                    }
                });
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return interrupted;
    }

    private static IOException rethrow(IscsiException f, boolean interrupted) {
        if (f.reason() == IscsiException.Reason.INTERRUPTED || interrupted && f.reason() == IscsiException.Reason.ABORTED) {
            InterruptedIOException e = new InterruptedIOException(f.getMessage());
            e.initCause(f);
            return e;
        }
        if (f instanceof LoginException) {
            return f;
        }
        // a fresh exception, so the stack trace is the caller's; the I/O thread's is the cause's
        return new IscsiException(f.reason(), f.mayHaveExecuted(), f.getMessage(), f);
    }

    private IscsiException closed() {
        IscsiException cause = loop.closeCause;
        return new IscsiException(IscsiException.Reason.SESSION_CLOSED, false,
                "session to " + loop.who() + " is closed" + (cause != null ? ": " + cause.getMessage() : ""), cause);
    }
}
