package org.scsi4j.backstore.passthrough;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.scsi4j.core.spi.device.ScsiDevice;
import org.scsi4j.core.spi.device.ScsiDeviceCommand;
import org.scsi4j.iscsi.ChapCredentials;
import org.scsi4j.iscsi.initiator.IscsiException;
import org.scsi4j.iscsi.initiator.IscsiInitiator;
import org.scsi4j.iscsi.initiator.IscsiSession;
import org.scsi4j.iscsi.initiator.ScsiResult;
import org.scsi4j.iscsi.initiator.ScsiTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LUN of another iSCSI target as a {@link ScsiDevice}: every command goes to it through one
 * {@link IscsiSession}, CDB, data, status, sense and residual untouched. Several initiators of
 * the front target share the LUN safely because the core keeps reservations, unit attentions and
 * task management per I_T nexus in front of it; the backend sees one initiator, this device.
 *
 * <pre>{@code
 * ScsiDevice tape = IscsiLunDevice.open("iscsi://10.0.0.7/iqn.2026-11.com.example:tapes/1",
 *         "iqn.2026-11.org.example:gateway");
 * target.addLogicalUnit(0, LogicalUnitSpec.rawDevice("tape0", tape));
 * }</pre>
 *
 * <p><b>Opening.</b> {@link Builder#open()} logs in, then asks TEST UNIT READY until the backend
 * reports no more unit attentions (at most 16 times) — its power-on unit attention belongs to
 * this device's fresh nexus, not to whichever front initiator happens to send the next command —
 * and reads the backend's INQUIRY for {@link #peripheralDeviceType()}.
 *
 * <p><b>Threading.</b> {@link #execute} never blocks: it submits the command to the session
 * (a free command slot is guaranteed, because at most {@code queueDepth} commands are forwarded
 * at once; more are answered TASK SET FULL) and completes the command from the session's I/O
 * thread when the outcome arrives. Task management (ABORT TASK for {@link #abort}, LOGICAL UNIT
 * RESET for {@link #reset}) and reconnection block, so they run on this device's own thread,
 * "scsi4j-passthrough-iscsi-N", which {@link #close()} stops.
 *
 * <p><b>Backend connection loss.</b> The session does not reconnect by itself: when the
 * connection drops, the commands in flight complete at once (see {@link BackendFailures} for the
 * status each gets and why), and this device logs in again in the background with a growing delay
 * (clearing the new nexus's unit attentions again), for as long as it is open. Commands that
 * arrive meanwhile are answered BUSY: they never reached the backend, so a retry is safe.
 */
public final class IscsiLunDevice implements ScsiDevice {
    private static final Logger LOG = LoggerFactory.getLogger(IscsiLunDevice.class);
    private static final byte[] INQUIRY = {0x12, 0, 0, 0, 36, 0};

    private final BackendLink link;
    private final String who;
    private final int lun;
    private final int queueDepth;
    private final Duration commandTimeout;
    private final Duration taskManagementTimeout;
    private final ConcurrentHashMap<ScsiDeviceCommand, Forwarded> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicLong lostCommands = new AtomicLong();
    private final AtomicLong busyCommands = new AtomicLong();
    private int peripheralDeviceType;
    private boolean removable;

    private IscsiLunDevice(Builder b) {
        IscsiInitiator.Builder ib = IscsiInitiator.builder(b.initiatorName)
                // one slot more than we forward, for the link's own TEST UNIT READY rounds
                .queueDepth(b.queueDepth + 1)
                .loginTimeout(b.loginTimeout)
                .taskManagementTimeout(b.taskManagementTimeout)
                .keepAlive(b.keepAliveInterval, b.keepAliveTimeout)
                // reconnection is the link's, so that every new nexus gets its unit attentions cleared first
                .reconnect(0, Duration.ZERO);
        if (b.chap != null) {
            ib.chap(b.chap);
        }
        if (b.mutualChap != null) {
            ib.mutualChap(b.mutualChap);
        }
        link = new BackendLink(ib.build(), b.portal, b.targetName, b.lun, b.taskManagementTimeout, b.loginTimeout,
                b.reconnectDelay, b.maxReconnectDelay);
        who = link.who;
        lun = b.lun;
        queueDepth = b.queueDepth;
        commandTimeout = b.commandTimeout;
        taskManagementTimeout = b.taskManagementTimeout;
    }

    /**
     * Opens the LUN a libiscsi-style URL names (CHAP from the URL, defaults otherwise).
     *
     * @param url           {@code iscsi://[user%secret@]host[:port]/<target-iqn>/<lun>}
     * @param initiatorName the iSCSI name to log in to the backend with
     * @throws IOException              when the login or the first commands fail
     * @throws IllegalArgumentException when the URL or a setting is malformed
     */
    public static IscsiLunDevice open(String url, String initiatorName) throws IOException {
        return builder(url).initiatorName(initiatorName).open();
    }

    /**
     * A builder for the LUN {@code url} names, with the URL's CHAP credentials. Like
     * {@link ChapCredentials#of(String, String)}, it refuses secrets shorter than 12 bytes (RFC 7143
     * §9.2.1); for a backend that insists on one, pass
     * {@link ChapCredentials#withWeakSecret(String, String)} to {@link Builder#chap} instead.
     */
    public static Builder builder(String url) {
        IscsiUrl u = IscsiUrl.parse(url);
        Builder b = new Builder(u.portal(), u.targetName(), u.lun());
        if (u.user() != null) {
            b.chap(ChapCredentials.of(u.user(), u.secret()));
        }
        if (u.targetUser() != null) {
            b.mutualChap(ChapCredentials.of(u.targetUser(), u.targetSecret()));
        }
        return b;
    }

    /** A builder for LUN {@code lun} (0..16383) of {@code targetName} at {@code portal}. */
    public static Builder builder(InetSocketAddress portal, String targetName, int lun) {
        return new Builder(portal, targetName, lun);
    }

    // ---------------------------------------------------------------- ScsiDevice

    @Override
    public int peripheralDeviceType() {
        return peripheralDeviceType;
    }

    @Override
    public boolean removableMedium() {
        return removable;
    }

    @Override
    public boolean execute(ScsiDeviceCommand command) {
        IscsiSession s = link.session();
        if (s == null) {
            link.requestReconnect();
            notSent(command);
            return true;
        }
        if (outstanding.incrementAndGet() > queueDepth) {
            outstanding.decrementAndGet();
            command.complete(BackendFailures.TASK_SET_FULL, null, 0);
            return true;
        }
        Forwarded f = new Forwarded(command);
        inFlight.put(command, f);
        ScsiTask task;
        try {
            task = s.submit(lun, command.cdb(), command.isDataOut() ? command.dataOut() : null,
                    command.isDataIn() ? command.dataIn() : null, commandTimeout);
        } catch (IOException | RuntimeException e) {
            // the session closed between the state check and the hand-over (or refused the CDB)
            f.accept(null, e instanceof IOException ? e
                    : new IscsiException(IscsiException.Reason.REJECTED, false, e.toString(), e));
            return true;
        }
        f.task = task;
        task.result().whenComplete(f);
        if (f.abortRequested) {
            abortAtBackend(f);
        }
        return true;
    }

    @Override
    public void abort(ScsiDeviceCommand command) {
        Forwarded f = inFlight.get(command);
        if (f == null) {
            return; // already completed (or never taken)
        }
        f.abortRequested = true;
        if (f.task != null) {
            abortAtBackend(f);
        } // else execute() sees the flag right after the submit
    }

    @Override
    public void reset() {
        link.resetLogicalUnit();
    }

    @Override
    public void close() {
        link.close();
        LOG.info("closed pass-through to {} ({} reconnection(s), {} command(s) lost with the connection, "
                + "{} answered BUSY while disconnected)", who, link.reconnects(), lostCommands.get(), busyCommands.get());
    }

    // ---------------------------------------------------------------- diagnostics

    /** @return commands forwarded and not completed yet (0 when idle) */
    public int commandsInFlight() {
        return outstanding.get();
    }

    /** @return whether a session to the backend is logged in now */
    public boolean isConnected() {
        return link.isConnected();
    }

    /**
     * @return LOGICAL UNIT RESETs the backend answered and whose unit attention this device has
     *         cleared since (diagnostics, tests)
     */
    public int resetsForwarded() {
        return link.resetsForwarded();
    }

    /** @return successful logins after the first */
    public int reconnectCount() {
        return link.reconnects();
    }

    @Override
    public String toString() {
        return "IscsiLunDevice[" + who + (isConnected() ? "" : ", disconnected") + "]";
    }

    // ---------------------------------------------------------------- completion

    /** One forwarded command; completes it from the session's I/O thread (no blocking there). */
    private final class Forwarded implements BiConsumer<ScsiResult, Throwable> {
        final ScsiDeviceCommand command;
        volatile ScsiTask task;
        volatile boolean abortRequested;
        /** abort() and execute() may both see the request and the task: one ABORT TASK is enough. */
        final AtomicBoolean abortIssued = new AtomicBoolean();

        Forwarded(ScsiDeviceCommand command) {
            this.command = command;
        }

        @Override
        public void accept(ScsiResult r, Throwable failure) {
            // forget the command before completing it: the core reuses the object right after
            inFlight.remove(command, this);
            outstanding.decrementAndGet();
            if (failure != null) {
                failed(command, failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else if (r.response() != 0) {
                BackendFailures.targetFailure(command);
            } else {
                ByteBuffer sense = r.senseLength() > 0 ? ByteBuffer.wrap(r.sense()) : null;
                command.complete(r.status(), sense, transferred(command, r), overflow(r));
            }
        }
    }

    /**
     * Data-in: what the backend reported it sent (expected minus residual), never more than what
     * arrived, so stale buffer bytes are never passed on. Data-out: what the backend consumed.
     */
    /**
     * The backend's residual overflow (the CDB wanted more than the expected length), passed on as
     * such: an initiator tells a too-short buffer from a short transfer by it.
     */
    static int overflow(ScsiResult r) {
        return r.residualOverflow() ? (int) Math.min(Integer.MAX_VALUE, r.residualCount()) : 0;
    }

    static int transferred(ScsiDeviceCommand command, ScsiResult r) {
        int expected = command.expectedLength();
        if (command.isDataIn()) {
            long residual = command.isDataOut() ? r.bidirectionalReadResidualCount()
                    : r.residualUnderflow() ? r.residualCount() : 0;
            return (int) Math.max(0, Math.min(expected - residual, r.bytesReceived()));
        }
        if (command.isDataOut()) {
            return r.residualUnderflow() ? (int) Math.max(0, expected - r.residualCount()) : expected;
        }
        return 0;
    }

    private void failed(ScsiDeviceCommand command, Throwable failure) {
        if (failure instanceof IscsiException e) {
            switch (e.reason()) {
                case CONNECTION_LOST, SESSION_CLOSED, PROTOCOL_ERROR, TIMED_OUT -> {
                    if (e.mayHaveExecuted()) {
                        long n = lostCommands.incrementAndGet();
                        if (n == 1 || Long.bitCount(n) == 1) { // 1, 2, 4, 8, ...: a counter, not a flood
                            LOG.warn("{}: command 0x{} ended without status ({}); {} such command(s) so far",
                                    who, Integer.toHexString(opcode(command)), e.getMessage(), n);
                        }
                    }
                    if (e.reason() != IscsiException.Reason.TIMED_OUT) {
                        link.requestReconnect();
                    }
                }
                default -> {
                    // aborted by our own task management, rejected, ...: nothing to repair
                }
            }
            if (!e.mayHaveExecuted() && e.reason() == IscsiException.Reason.SESSION_CLOSED) {
                busyCommands.incrementAndGet();
            }
        } else {
            LOG.error("{}: unexpected failure of command 0x{}", who, Integer.toHexString(opcode(command)), failure);
        }
        BackendFailures.complete(command, failure);
    }

    private void notSent(ScsiDeviceCommand command) {
        busyCommands.incrementAndGet();
        BackendFailures.notSent(command);
    }

    private static int opcode(ScsiDeviceCommand command) {
        ByteBuffer cdb = command.cdb();
        return cdb.hasRemaining() ? cdb.get(cdb.position()) & 0xFF : -1;
    }

    private void abortAtBackend(Forwarded f) {
        if (f.abortIssued.compareAndSet(false, true)) {
            link.abort(f.task);
        }
    }

    /** Opening thread: logs in (clearing unit attentions) and reads the backend's INQUIRY. */
    private void start() throws IOException {
        IscsiSession s = link.open();
        ByteBuffer inquiry = ByteBuffer.allocate(36);
        ScsiResult r = s.execute(lun, INQUIRY, null, inquiry, taskManagementTimeout);
        if (!r.isGood() || r.bytesReceived() < 2) {
            throw new IOException("INQUIRY to " + who + " failed: " + r);
        }
        int b0 = inquiry.get(0) & 0xFF;
        if (b0 >> 5 == 3) {
            throw new IOException(who + ": the target has no logical unit " + lun + " (peripheral qualifier 3)");
        }
        peripheralDeviceType = b0 & 0x1F;
        removable = (inquiry.get(1) & 0x80) != 0;
        LOG.info("opened pass-through to {} (peripheral device type 0x{})", who, Integer.toHexString(peripheralDeviceType));
    }

    // ---------------------------------------------------------------- builder

    /** Settings of an {@link IscsiLunDevice}; {@link #open()} validates them and logs in. */
    public static final class Builder {
        private final InetSocketAddress portal;
        private final String targetName;
        private final int lun;
        private String initiatorName;
        private ChapCredentials chap;
        private ChapCredentials mutualChap;
        private int queueDepth = 64;
        private Duration commandTimeout;
        private Duration taskManagementTimeout = Duration.ofSeconds(10);
        private Duration loginTimeout = Duration.ofSeconds(15);
        private Duration keepAliveInterval = Duration.ofSeconds(5);
        private Duration keepAliveTimeout = Duration.ofSeconds(10);
        private Duration reconnectDelay = Duration.ofSeconds(1);
        private Duration maxReconnectDelay = Duration.ofSeconds(30);

        private Builder(InetSocketAddress portal, String targetName, int lun) {
            this.portal = Objects.requireNonNull(portal, "portal");
            this.targetName = Objects.requireNonNull(targetName, "targetName");
            if (lun < 0 || lun > 16383) {
                throw new IllegalArgumentException("lun must be 0..16383, was " + lun);
            }
            this.lun = lun;
        }

        /** The iSCSI name this device logs in to the backend with (required). */
        public Builder initiatorName(String name) {
            this.initiatorName = name;
            return this;
        }

        /** CHAP credentials for the backend (default: those of the URL, or none). */
        public Builder chap(ChapCredentials credentials) {
            this.chap = credentials;
            return this;
        }

        /** Requires the backend to authenticate as these credentials (mutual CHAP). */
        public Builder mutualChap(ChapCredentials expectedTarget) {
            this.mutualChap = expectedTarget;
            return this;
        }

        /** Commands forwarded at once at most, 1..4095 (default 64); more are answered TASK SET FULL. */
        public Builder queueDepth(int n) {
            this.queueDepth = n;
            return this;
        }

        /**
         * Time a forwarded command may take before it is aborted at the backend and answered with
         * ABORTED COMMAND (default: none — a tape REWIND or ERASE can take hours; the front
         * initiator's own timeout and ABORT TASK govern).
         */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = timeout;
            return this;
        }

        /** Time an ABORT TASK, LOGICAL UNIT RESET or the opening commands get (default 10 s). */
        public Builder taskManagementTimeout(Duration timeout) {
            this.taskManagementTimeout = Objects.requireNonNull(timeout, "taskManagementTimeout");
            return this;
        }

        /** Time to connect and log in (default 15 s). */
        public Builder loginTimeout(Duration timeout) {
            this.loginTimeout = Objects.requireNonNull(timeout, "loginTimeout");
            return this;
        }

        /**
         * NOP-Out after {@code interval} of silence from the backend; no answer within
         * {@code timeout} drops the connection (default 5 s / 10 s), so that a backend gone silent
         * is noticed and the commands in flight do not wait forever. {@link Duration#ZERO} turns it off.
         */
        public Builder keepAlive(Duration interval, Duration timeout) {
            this.keepAliveInterval = Objects.requireNonNull(interval, "keepAlive interval");
            this.keepAliveTimeout = Objects.requireNonNull(timeout, "keepAlive timeout");
            return this;
        }

        /** First delay before logging in again after a connection loss, doubling up to {@code max} (default 1 s, 30 s). */
        public Builder reconnectDelay(Duration first, Duration max) {
            this.reconnectDelay = Objects.requireNonNull(first, "reconnectDelay");
            this.maxReconnectDelay = Objects.requireNonNull(max, "maxReconnectDelay");
            return this;
        }

        /**
         * Logs in, clears the backend's unit attentions and reads its INQUIRY.
         *
         * @throws IOException              when the backend cannot be reached, refuses the login or has
         *                                  no such LUN
         * @throws IllegalArgumentException naming the bad setting
         */
        public IscsiLunDevice open() throws IOException {
            if (initiatorName == null) {
                throw new IllegalArgumentException("initiatorName is required");
            }
            if (queueDepth < 1 || queueDepth > 4095) {
                throw new IllegalArgumentException("queueDepth must be 1..4095, was " + queueDepth);
            }
            if (commandTimeout != null && (commandTimeout.isNegative() || commandTimeout.isZero())) {
                throw new IllegalArgumentException("commandTimeout must be positive (or null for none)");
            }
            if (reconnectDelay.isNegative() || reconnectDelay.isZero() || maxReconnectDelay.compareTo(reconnectDelay) < 0) {
                throw new IllegalArgumentException("reconnectDelay must be positive and at most its maximum");
            }
            IscsiLunDevice d = new IscsiLunDevice(this); // validates the initiator settings
            try {
                d.start();
                return d;
            } catch (IOException | RuntimeException e) {
                d.close();
                throw e;
            }
        }
    }
}
