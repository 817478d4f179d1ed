package org.scsi4j.iscsi.initiator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The session's phases on its I/O loop and every transition between them: connect, login
 * (through {@link LoginDriver}), full feature phase, logout, and after a dropped connection the
 * wait and the new login with the same ISID (session reinstatement, RFC 7143 §6.3.5), until it
 * succeeds or the configured attempts are spent. Owns the connection ({@link PduChannel}).
 *
 * <pre>
 * CONNECTING → LOGIN → FULL_FEATURE → LOGGING_OUT → CLOSED
 *        ↑                  │ drop / target asks to log out
 *        └──── WAITING ←────┘ (reconnection delay)
 * </pre>
 *
 * <p>The first login is never retried: its failure ends the session and is thrown to the
 * caller of {@code IscsiInitiator.login}. Later failures are retried, except a Status-Class 2
 * refusal (authentication, not found), which gives up at once.
 */
final class Lifecycle {
    enum Phase { CONNECTING, LOGIN, FULL_FEATURE, LOGGING_OUT, WAITING, CLOSED }

    private static final int MAX_REDIRECTS = 4;

    private final SessionLoop loop;
    private final IscsiInitiator config;
    private final FullFeature ff;
    private final LoginDriver login;
    private final Selector selector;

    private Phase phase = Phase.CONNECTING;
    private InetSocketAddress home;
    private InetSocketAddress current;
    private SocketChannel socket;
    private SelectionKey socketKey;
    private PduChannel ch;
    private long phaseDeadline;
    private long reconnectAt;
    private int attempts;
    private int redirects;
    private boolean everLoggedIn;
    private boolean closeRequested;
    private boolean logoutSent;
    private int logoutItt;
    private long drainDeadline;
    private long logoutDeadline;
    private long lastReceive;
    private boolean keepAliveOutstanding;
    private long keepAliveSentAt;

    Lifecycle(SessionLoop loop, InetSocketAddress portal, LoginDriver login, Selector selector) {
        this.loop = loop;
        this.config = loop.config;
        this.ff = loop.ff;
        this.login = login;
        this.selector = selector;
        this.home = portal;
        this.current = portal;
    }

    Phase phase() {
        return phase;
    }

    PduChannel channel() {
        return ch;
    }

    SelectionKey key() {
        return socketKey;
    }

    boolean closeRequested() {
        return closeRequested;
    }

    InetSocketAddress home() {
        return home;
    }

    private String who() {
        return loop.who();
    }

    /** Something arrived on the connection. */
    void received(long now) {
        lastReceive = now;
    }

    // ---------------------------------------------------------------- timers

    /** @return the next time {@link #timers} has something to do, or {@link FullFeature#NONE} */
    long nextWake() {
        switch (phase) {
            case CONNECTING:
            case LOGIN:
                return phaseDeadline;
            case WAITING:
                return reconnectAt;
            case LOGGING_OUT:
                return logoutSent ? logoutDeadline : drainDeadline;
            case FULL_FEATURE:
                long interval = config.keepAliveInterval().toNanos();
                if (interval <= 0) {
                    return FullFeature.NONE;
                }
                return keepAliveOutstanding ? keepAliveSentAt + config.keepAliveTimeout().toNanos()
                        : lastReceive + interval;
            default:
                return FullFeature.NONE;
        }
    }

    void timers(long now) {
        switch (phase) {
            case CONNECTING:
            case LOGIN:
                if (now - phaseDeadline >= 0) {
                    loginFailed(new LoginException(-1, "no login answer from " + who() + " within "
                            + config.loginTimeout().toMillis() + " ms"), true);
                }
                break;
            case WAITING:
                if (now - reconnectAt >= 0) {
                    connect();
                }
                break;
            case FULL_FEATURE:
                keepAlive(now);
                break;
            case LOGGING_OUT:
                if (!logoutSent && (ff.inFlight() == 0 || now - drainDeadline >= 0)) {
                    logoutItt = login.nextItt();
                    if (ff.sendLogout(logoutItt)) {
                        logoutSent = true;
                        logoutDeadline = now + config.logoutTimeout().toNanos();
                    }
                } else if (logoutSent && now - logoutDeadline >= 0) {
                    drop("no Logout Response within " + config.logoutTimeout().toMillis() + " ms", null);
                }
                break;
            default:
                break;
        }
    }

    private void keepAlive(long now) {
        long interval = config.keepAliveInterval().toNanos();
        if (interval <= 0) {
            return;
        }
        if (keepAliveOutstanding) {
            if (lastReceive - keepAliveSentAt > 0) {
                keepAliveOutstanding = false;
            } else if (now - keepAliveSentAt >= config.keepAliveTimeout().toNanos()) {
                drop("no answer to a keep-alive NOP-Out within " + config.keepAliveTimeout().toMillis() + " ms", null);
            }
        } else if (now - lastReceive >= interval && ff.sendKeepAlive()) {
            keepAliveOutstanding = true;
            keepAliveSentAt = now;
        }
    }

    void keepAliveAnswered() {
        keepAliveOutstanding = false;
    }

    // ---------------------------------------------------------------- connect and login

    void connect() {
        phase = Phase.CONNECTING;
        phaseDeadline = loop.now + config.loginTimeout().toNanos();
        try {
            socket = SocketChannel.open();
            socket.configureBlocking(false);
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            socket.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            InetSocketAddress address = current.isUnresolved()
                    ? new InetSocketAddress(current.getHostString(), current.getPort()) : current;
            if (address.isUnresolved()) {
                throw new UnknownHostException(current.getHostString());
            }
            socketKey = socket.register(selector, SelectionKey.OP_CONNECT);
            if (socket.connect(address)) {
                finishConnect();
            }
        } catch (IOException e) {
            connectionError(e);
        }
    }

    void finishConnect() throws IOException {
        if (!socket.finishConnect()) {
            return;
        }
        socketKey.interestOps(SelectionKey.OP_READ);
        ch = new PduChannel(socket, socketKey, config.maxRecvDataSegmentLength(), config.maxSendDataSegmentLength());
        phase = Phase.LOGIN;
        lastReceive = loop.now;
        try {
            login.start(ch, ff.cmdSn);
        } catch (LoginException e) {
            loginFailed(e, false);
        }
    }

    /** A PDU in phase LOGIN. */
    void onLoginPdu(ByteBuffer rx, int hdr, int data, int length) {
        try {
            switch (login.onPdu(rx, hdr, data, length)) {
                case FULL_FEATURE:
                    enterFullFeature();
                    break;
                case REDIRECT:
                    redirect(login.redirectTo());
                    break;
                default:
                    break;
            }
        } catch (LoginException e) {
            loginFailed(e, e.statusClass() == LoginException.CLASS_TARGET_ERROR);
        }
    }

    private void redirect(TargetPortal to) {
        if (++redirects > MAX_REDIRECTS) {
            loginFailed(new LoginException(-1, "login to " + who() + " redirected more than " + MAX_REDIRECTS
                    + " times"), false);
            return;
        }
        SessionLoop.LOG.info("iSCSI login to {} redirected to {}", who(), to);
        closeChannel();
        current = to.address();
        if (login.permanentRedirect()) {
            home = current;
        }
        connect();
    }

    private void enterFullFeature() {
        SessionParameters p = login.parameters();
        ch.digests(p.headerDigest(), p.dataDigest());
        ff.attach(ch, p, config.maxSendDataSegmentLength(), login.expCmdSn(), login.maxCmdSn(), login.expStatSn());
        loop.parameters = p;
        phase = Phase.FULL_FEATURE;
        loop.state = IscsiSession.State.LOGGED_IN;
        attempts = 0;
        redirects = 0;
        keepAliveOutstanding = false;
        current = home;
        if (!everLoggedIn) {
            everLoggedIn = true;
            SessionLoop.LOG.info("iSCSI login to {}: TSIH {}, HeaderDigest={}, DataDigest={}, "
                    + "MaxRecvDataSegmentLength {}/{}, MaxBurstLength {}, FirstBurstLength {}, ImmediateData={}, "
                    + "InitialR2T={}", who(), p.tsih(), p.headerDigest() ? "CRC32C" : "None",
                    p.dataDigest() ? "CRC32C" : "None", p.initiatorMaxRecvDataSegmentLength(),
                    p.targetMaxRecvDataSegmentLength(), p.maxBurstLength(), p.firstBurstLength(),
                    p.immediateData() ? "Yes" : "No", p.initialR2T() ? "Yes" : "No");
            loop.loggedIn(p);
        } else {
            loop.reconnected();
            SessionLoop.LOG.info("iSCSI session to {} reinstated (ISID 0x{}, new TSIH {})", who(),
                    Long.toHexString(p.isid()), p.tsih());
        }
    }

    private void loginFailed(IscsiException e, boolean retryable) {
        closeChannel();
        if (!everLoggedIn) {
            loop.closeCause = e;
            finish(e);
            loop.loginFailed(e);
            return;
        }
        if (closeRequested) {
            finish(closedException(false));
            return;
        }
        attempts++;
        if (!retryable || attempts >= config.reconnectAttempts()) {
            SessionLoop.LOG.warn("iSCSI session to {}: giving up after {} reconnection attempt(s): {}", who(),
                    attempts, e.getMessage());
            giveUp(e);
        } else {
            SessionLoop.LOG.warn("iSCSI session to {}: reconnection attempt {} of {} failed: {}", who(), attempts,
                    config.reconnectAttempts(), e.getMessage());
            waitToReconnect(config.reconnectDelay().toNanos());
        }
    }

    void connectionError(IOException e) {
        if (phase == Phase.CONNECTING || phase == Phase.LOGIN) {
            loginFailed(new LoginException("cannot log in to " + who() + ": " + e, e), true);
        } else {
            drop(e.toString(), e);
        }
    }

    // ---------------------------------------------------------------- drop, logout, close

    void protocolError(String what) {
        drop("protocol error: " + what, null);
    }

    /** The connection is gone (or must go): fail what was sent, then reconnect or give up. */
    void drop(String why, Throwable cause) {
        if (phase == Phase.CONNECTING || phase == Phase.LOGIN) {
            loginFailed(new LoginException("login to " + who() + " failed: " + why, cause), true);
            return;
        }
        if (phase != Phase.FULL_FEATURE && phase != Phase.LOGGING_OUT) {
            return;
        }
        boolean expected = phase == Phase.LOGGING_OUT && logoutSent;
        closeChannel();
        IscsiException lost = new IscsiException(IscsiException.Reason.CONNECTION_LOST, true,
                "connection to " + who() + " lost: " + why, cause);
        ff.failSent(lost);
        if (closeRequested) {
            finish(closedException(false));
            return;
        }
        if (!expected) {
            SessionLoop.LOG.warn("iSCSI connection to {} lost: {}", who(), why);
        }
        if (config.reconnectAttempts() > 0) {
            waitToReconnect(Math.min(reconnectDelay(), config.loginTimeout().toNanos()));
        } else {
            giveUp(lost);
        }
    }

    /** The configured delay, and at least DefaultTime2Wait (§13.15) after a drop or a logout. */
    private long reconnectDelay() {
        SessionParameters p = loop.parameters;
        return Math.max(config.reconnectDelay().toNanos(), p == null ? 0 : TimeUnit.SECONDS.toNanos(p.defaultTime2Wait()));
    }

    private void waitToReconnect(long delayNanos) {
        phase = Phase.WAITING;
        loop.state = IscsiSession.State.RECONNECTING;
        reconnectAt = loop.now + delayNanos;
        current = home;
    }

    private void giveUp(IscsiException e) {
        loop.closeCause = e;
        finish(new IscsiException(IscsiException.Reason.SESSION_CLOSED, false,
                "session to " + who() + " closed: " + e.getMessage(), e));
    }

    /** AsyncEvent 1 (or 4): log out within {@code seconds}, then log in again as after a drop. */
    void onTargetRequestsLogout(int seconds) {
        if (phase != Phase.FULL_FEATURE) {
            return;
        }
        SessionLoop.LOG.info("iSCSI target {} asks to log out within {} s", who(), seconds);
        beginLogout(Math.min(config.logoutTimeout().toNanos(), TimeUnit.SECONDS.toNanos(Math.max(0, seconds - 1))));
    }

    private void beginLogout(long drainNanos) {
        phase = Phase.LOGGING_OUT;
        logoutSent = false;
        drainDeadline = loop.now + drainNanos;
    }

    void onLogoutResponse(int itt, int response) {
        if (phase != Phase.LOGGING_OUT || !logoutSent || itt != logoutItt) {
            protocolError("unexpected Logout Response");
            return;
        }
        SessionLoop.LOG.info("iSCSI logout from {} (response {})", who(), response);
        closeChannel();
        ff.failSent(new IscsiException(closeRequested ? IscsiException.Reason.SESSION_CLOSED
                : IscsiException.Reason.CONNECTION_LOST, true, "logged out of " + who() + " with the command in flight"));
        if (closeRequested) {
            finish(closedException(false));
        } else if (config.reconnectAttempts() > 0) {
            waitToReconnect(reconnectDelay());
        } else {
            giveUp(new IscsiException(IscsiException.Reason.SESSION_CLOSED, false, "the target asked to log out"));
        }
    }

    /** The user closes the session: log out after the commands in flight, or just stop. */
    void requestClose() {
        if (closeRequested) {
            return;
        }
        closeRequested = true;
        loop.closing = true;
        ff.failPending(closedException(false));
        if (phase == Phase.FULL_FEATURE) {
            beginLogout(config.logoutTimeout().toNanos());
        } else if (phase != Phase.LOGGING_OUT) {
            finish(closedException(false));
        }
    }

    IscsiException closedException(boolean mayHaveExecuted) {
        return new IscsiException(IscsiException.Reason.SESSION_CLOSED, mayHaveExecuted,
                "session to " + who() + " is closed");
    }

    /** Ends the session: nothing pending survives. */
    void finish(IscsiException pendingFailure) {
        closeChannel();
        ff.failSent(closedException(true));
        ff.failPending(pendingFailure);
        phase = Phase.CLOSED;
        loop.state = IscsiSession.State.CLOSED;
        loop.closing = true;
    }

    void closeChannel() {
        if (ch != null) {
            ch.close();
            ch = null;
        } else if (socket != null) {
            socketKey.cancel();
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        socketKey = null;
        ff.detach();
    }
}
