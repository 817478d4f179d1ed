package org.scsi4j.iscsi.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.scsi4j.iscsi.internal.pdu.Crc32cDigest;
import org.scsi4j.iscsi.internal.pdu.Opcode;

/**
 * A blocking raw-socket iSCSI initiator for tests: logs in (AuthMethod None, CHAP, mutual
 * CHAP; any operational keys), runs SCSI commands with immediate data, unsolicited data and
 * R2T, and sends hand-built {@link Pdus} — well-formed or not. Keeps CmdSN, ExpStatSN and ITTs;
 * answers target NOP-In pings while waiting for a command unless told otherwise. One thread.
 */
public final class TestInitiator implements AutoCloseable {
    private static final int DEFAULT_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Crc32cDigest crc = new Crc32cDigest();
    private boolean headerDigest;
    private boolean dataDigest;
    private int cmdSn = 1;
    private int expStatSn;
    private int nextItt = 0x100;
    private long isid;
    private int tsih;
    private int targetMaxRecvDataSegmentLength = 8192;
    private int firstBurstLength = 65536;
    private int maxBurstLength = 262144;
    private boolean immediateData;
    private boolean initialR2T = true;
    private boolean answerPings = true;
    private final Deque<Pdu> asides = new ArrayDeque<>();

    private TestInitiator(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16));
        this.out = socket.getOutputStream();
    }

    public static TestInitiator connect(InetSocketAddress target) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(target, DEFAULT_TIMEOUT_MS);
        s.setSoTimeout(DEFAULT_TIMEOUT_MS);
        return new TestInitiator(s);
    }

    // ---------------------------------------------------------------- state

    public int nextItt() {
        return nextItt++;
    }

    public int cmdSn() {
        return cmdSn;
    }

    /** @return the CmdSN for a non-immediate command, advancing it */
    public int takeCmdSn() {
        return cmdSn++;
    }

    public void cmdSn(int next) {
        this.cmdSn = next;
    }

    public int expStatSn() {
        return expStatSn;
    }

    public int tsih() {
        return tsih;
    }

    public long isid() {
        return isid;
    }

    /** The MaxRecvDataSegmentLength the target declared (what we may send). */
    public int targetMaxRecvDataSegmentLength() {
        return targetMaxRecvDataSegmentLength;
    }

    public void digests(boolean header, boolean data) {
        this.headerDigest = header;
        this.dataDigest = data;
    }

    /** Overrides what {@link #command} assumes was negotiated. */
    public void dataOutPolicy(boolean immediate, boolean initialR2t, int firstBurst, int maxSegment) {
        this.immediateData = immediate;
        this.initialR2T = initialR2t;
        this.firstBurstLength = firstBurst;
        this.targetMaxRecvDataSegmentLength = maxSegment;
    }

    public void answerPings(boolean on) {
        this.answerPings = on;
    }

    /** PDUs {@link #command} received that were not for its command (NOP-In pings, Async). */
    public Deque<Pdu> asides() {
        return asides;
    }

    // ---------------------------------------------------------------- raw I/O

    /** Frames and sends a PDU: padding, and the digests in force. */
    public void send(Pdus.Out pdu) throws IOException {
        out.write(frame(pdu, headerDigest, dataDigest));
        out.flush();
    }

    /** @return the bytes {@link #send} would write (for tests that corrupt or split them) */
    public byte[] frame(Pdus.Out pdu, boolean hd, boolean dd) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] header = new byte[48 + pdu.ahs.length];
        System.arraycopy(pdu.bhs, 0, header, 0, 48);
        System.arraycopy(pdu.ahs, 0, header, 48, pdu.ahs.length);
        b.writeBytes(header);
        if (hd) {
            b.writeBytes(digest(header, header.length));
        }
        int padded = (pdu.data.length + 3) & ~3;
        byte[] data = Arrays.copyOf(pdu.data, padded);
        b.writeBytes(data);
        if (dd && pdu.data.length > 0) {
            b.writeBytes(digest(data, padded));
        }
        return b.toByteArray();
    }

    private byte[] digest(byte[] bytes, int length) {
        ByteBuffer d = ByteBuffer.allocate(4);
        Crc32cDigest.putDigest(d, 0, crc.compute(ByteBuffer.wrap(bytes), 0, length));
        return d.array();
    }

    public void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public Pdu receive() throws IOException {
        return receive(DEFAULT_TIMEOUT_MS);
    }

    /** Reads one PDU, checking digests in force. @throws SocketTimeoutException when none came */
    public Pdu receive(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        byte[] bhs = new byte[48];
        in.readFully(bhs);
        int ahs = (bhs[4] & 0xFF) * 4;
        in.skipNBytes(ahs);
        if (headerDigest) {
            byte[] d = new byte[4];
            in.readFully(d);
            if (!Arrays.equals(d, digest(bhs, 48))) {
                throw new IOException("bad header digest from target");
            }
        }
        int length = ByteBuffer.wrap(bhs).getInt(4) & 0xFF_FFFF;
        byte[] data = new byte[(length + 3) & ~3];
        in.readFully(data);
        if (dataDigest && length > 0) {
            byte[] d = new byte[4];
            in.readFully(d);
            if (!Arrays.equals(d, digest(data, data.length))) {
                throw new IOException("bad data digest from target");
            }
        }
        Pdu p = new Pdu(bhs, Arrays.copyOf(data, length));
        if (carriesStatSn(p)) {
            expStatSn = p.statSn() + 1;
        }
        return p;
    }

    private static boolean carriesStatSn(Pdu p) {
        switch (p.opcode()) {
            case Opcode.DATA_IN:
                return (p.flags() & 0x01) != 0;
            case Opcode.R2T:
                return false;
            case Opcode.NOP_IN:
                return p.itt() != -1;
            default:
                return true;
        }
    }

    /**
     * @return true when the target closes the connection (EOF or reset) within the time;
     *         PDUs arriving meanwhile are skipped
     */
    public boolean closedByPeer(int timeoutMs) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        InputStream raw = in;
        byte[] sink = new byte[8192];
        while (true) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) left);
            try {
                if (raw.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true;
            }
        }
    }

    /** @return true when nothing arrives within the time (the target ignored what we sent) */
    public boolean silentFor(int timeoutMs) throws IOException {
        try {
            Pdu p = receive(timeoutMs);
            asides.add(p);
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (EOFException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- login

    /** Logs in as {@code o} says: security stage (None, CHAP, mutual CHAP), then operational. */
    public LoginResult login(LoginOptions o) throws IOException {
        this.isid = o.isid;
        return new LoginDriver(this).login(o);
    }

    /** Applies what the login negotiated (called by {@link LoginDriver}). */
    void loggedIn(int tsih, Map<String, String> keys) {
        this.tsih = tsih;
        headerDigest = "CRC32C".equals(keys.get("HeaderDigest"));
        dataDigest = "CRC32C".equals(keys.get("DataDigest"));
        if (keys.containsKey("MaxRecvDataSegmentLength")) {
            targetMaxRecvDataSegmentLength = Integer.parseInt(keys.get("MaxRecvDataSegmentLength"));
        }
        immediateData = "Yes".equals(keys.getOrDefault("ImmediateData", "Yes"));
        initialR2T = "Yes".equals(keys.getOrDefault("InitialR2T", "Yes"));
        firstBurstLength = parse(keys.get("FirstBurstLength"), 65536);
        maxBurstLength = parse(keys.get("MaxBurstLength"), 262144);
    }

    private static int parse(String v, int dflt) {
        try {
            return v == null ? dflt : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    // ---------------------------------------------------------------- full feature phase

    /**
     * Runs a SCSI command: a write when {@code dataOut} is not null (immediate and unsolicited
     * data as negotiated, then R2Ts), else a read of {@code edtl} bytes (0: no data).
     */
    public ScsiResult command(int lun, byte[] cdb, byte[] dataOut, int edtl) throws IOException {
        int itt = nextItt();
        boolean write = dataOut != null;
        boolean read = !write && edtl > 0;
        int immediate = write && immediateData ? Math.min(dataOut.length,
                Math.min(firstBurstLength, targetMaxRecvDataSegmentLength)) : 0;
        int unsolicitedEnd = write && !initialR2T ? Math.min(Math.min(firstBurstLength, edtl), dataOut.length) : immediate;
        unsolicitedEnd = Math.max(unsolicitedEnd, immediate);
        boolean unsolicitedFollows = unsolicitedEnd > immediate;
        send(Pdus.scsiCommand(itt, Pdus.lun(lun), cdb, read, write, edtl, takeCmdSn(), expStatSn,
                !unsolicitedFollows, write ? Arrays.copyOf(dataOut, immediate) : null));
        if (unsolicitedFollows) {
            sendData(itt, lun, -1, dataOut, immediate, unsolicitedEnd);
        }
        return awaitResult(itt, lun, dataOut, edtl);
    }

    /** Waits for the Data-In/Response of {@code itt}, answering R2Ts with {@code dataOut}. */
    public ScsiResult awaitResult(int itt, int lun, byte[] dataOut, int edtl) throws IOException {
        byte[] data = new byte[Math.max(0, edtl)];
        int received = 0;
        List<Pdu> pdus = new ArrayList<>();
        while (true) {
            Pdu p = receive();
            if (p.opcode() == Opcode.NOP_IN && p.ttt() != -1) {
                asides.add(p);
                if (answerPings) {
                    send(Pdus.nopOut(-1, p.ttt(), cmdSn, expStatSn, true, null));
                }
                continue;
            }
            if (p.opcode() == Opcode.REJECT) {
                pdus.add(p);
                return new ScsiResult(-1, new byte[0], data, received, false, false, 0, pdus);
            }
            if (p.itt() != itt) {
                asides.add(p);
                continue;
            }
            pdus.add(p);
            switch (p.opcode()) {
                case Opcode.R2T:
                    sendData(itt, lun, p.ttt(), dataOut, p.intAt(40), p.intAt(40) + p.intAt(44));
                    break;
                case Opcode.DATA_IN: {
                    byte[] d = p.data();
                    System.arraycopy(d, 0, data, p.intAt(40), d.length);
                    received += d.length;
                    if ((p.flags() & 0x01) != 0) {
                        return new ScsiResult(p.byteAt(3), new byte[0], data, received, (p.flags() & 0x02) != 0,
                                (p.flags() & 0x04) != 0, p.intAt(44), pdus);
                    }
                    break;
                }
                case Opcode.SCSI_RESPONSE: {
                    byte[] d = p.data();
                    byte[] sense = d.length >= 2 ? Arrays.copyOfRange(d, 2, 2 + ((d[0] & 0xFF) << 8 | (d[1] & 0xFF)))
                            : new byte[0];
                    return new ScsiResult(p.byteAt(3), sense, data, received, (p.flags() & 0x02) != 0,
                            (p.flags() & 0x04) != 0, p.intAt(44), pdus);
                }
                default:
                    throw new IOException("unexpected " + p + " for ITT " + itt);
            }
        }
    }

    /** Sends {@code [from, to)} of {@code data} as Data-Out PDUs of at most the target's segment size. */
    public void sendData(int itt, int lun, int ttt, byte[] data, int from, int to) throws IOException {
        int dataSn = 0;
        for (int off = from; off < to; ) {
            int n = Math.min(targetMaxRecvDataSegmentLength, to - off);
            send(Pdus.dataOut(itt, Pdus.lun(lun), ttt, dataSn++, off, off + n == to, expStatSn,
                    Arrays.copyOfRange(data, off, off + n)));
            off += n;
        }
    }

    /** SendTargets in this session; @return the response text pairs in order, "key=value". */
    public List<String> sendTargets(String value) throws IOException {
        int itt = nextItt();
        send(Pdus.text(itt, -1, cmdSn, expStatSn, true, false, Pdus.text(Map.of("SendTargets", value))));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (true) {
            Pdu r = receive();
            if (r.opcode() != Opcode.TEXT_RESPONSE) {
                throw new IOException("expected a Text Response, got " + r);
            }
            all.writeBytes(r.data());
            if ((r.flags() & 0x40) == 0 && r.isFinal()) {
                break;
            }
            send(Pdus.text(itt, r.ttt(), cmdSn, expStatSn, true, false, new byte[0]));
        }
        List<String> pairs = new ArrayList<>();
        for (String s : new String(all.toByteArray(), StandardCharsets.UTF_8).split("\0")) {
            if (!s.isEmpty()) {
                pairs.add(s);
            }
        }
        return pairs;
    }

    /** Logout (reason 0 closes the session); @return the Logout Response. */
    public Pdu logout(int reason) throws IOException {
        send(Pdus.logout(nextItt(), reason, 1, cmdSn, expStatSn));
        while (true) {
            Pdu p = receive();
            if (p.opcode() == Opcode.LOGOUT_RESPONSE) {
                return p;
            }
            asides.add(p);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Closes the socket with an RST instead of a FIN (a peer vanishing). */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }
}
