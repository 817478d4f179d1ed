package org.scsi4j.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.scsi4j.iscsi.internal.pdu.BasicHeaderSegment;
import org.scsi4j.iscsi.internal.pdu.DataInPdu;
import org.scsi4j.iscsi.internal.pdu.HeaderFlyweight;
import org.scsi4j.iscsi.internal.pdu.LoginRequestPdu;
import org.scsi4j.iscsi.internal.pdu.LoginResponsePdu;
import org.scsi4j.iscsi.internal.pdu.LogoutRequestPdu;
import org.scsi4j.iscsi.internal.pdu.LogoutResponsePdu;
import org.scsi4j.iscsi.internal.pdu.NopInPdu;
import org.scsi4j.iscsi.internal.pdu.NopOutPdu;
import org.scsi4j.iscsi.internal.pdu.Opcode;
import org.scsi4j.iscsi.internal.pdu.PduFramer;
import org.scsi4j.iscsi.internal.pdu.RejectPdu;
import org.scsi4j.iscsi.internal.pdu.ScsiCommandPdu;
import org.scsi4j.iscsi.internal.pdu.ScsiResponsePdu;

/**
 * A minimal blocking iSCSI initiator for benchmarks (RFC 7143): one connection, login with
 * AuthMethod=None and no digests, then SCSI READ(16) commands, pipelined up to the CmdSN window.
 * Built on the transport's own flyweights and {@link PduFramer}; after login it allocates nothing
 * per command, so with {@code -prof gc} the allocation per op belongs to the target when it runs
 * in the same JVM.
 *
 * <p>Not thread-safe; not a general initiator (no R2T, no error recovery: a non-GOOD status is
 * counted in {@link #errors()}, a Reject or framing error throws).
 */
public final class BlockingInitiator implements AutoCloseable {
    /** Our MaxRecvDataSegmentLength (the largest Data-In the target may send). */
    static final int MAX_RECV_DATA_SEGMENT_LENGTH = 262144;

    private final SocketChannel channel;
    private final ByteBuffer tx = ByteBuffer.allocateDirect(64 * 1024);
    private final ByteBuffer rx = ByteBuffer.allocateDirect(4 * (MAX_RECV_DATA_SEGMENT_LENGTH + 1024));
    private final PduFramer framer = new PduFramer().maxRecvDataSegmentLength(MAX_RECV_DATA_SEGMENT_LENGTH);
    private final BasicHeaderSegment bhs = new BasicHeaderSegment();
    private final ScsiCommandPdu cmd = new ScsiCommandPdu();
    private final DataInPdu dataIn = new DataInPdu();
    private final ScsiResponsePdu response = new ScsiResponsePdu();
    private final NopInPdu nopIn = new NopInPdu();
    private final NopOutPdu nopOut = new NopOutPdu();
    private final byte[] cdb = new byte[16];
    private final ByteBuffer cdbView = ByteBuffer.wrap(cdb);
    private final long lunField;

    private int readIndex;
    private int cmdSn;
    private int expStatSn;
    private int maxCmdSn;
    private int itt = 1;
    private int outstanding;
    private int completed;
    private long errors;
    private long completedTotal;
    private long dataInBytes;
    private int lastStatus;
    private int lastSenseKey = -1;
    // READ CAPACITY(16) result, captured from the Data-In of the command with this ITT
    private int captureItt = -1;
    private long lastLba = -1;
    private int blockLength;

    private BlockingInitiator(SocketChannel channel, int lun) {
        this.channel = channel;
        this.lunField = lun < 256 ? (long) lun << 48 : ((0x4000L | lun) << 48);
    }

    /**
     * Connects to {@code iscsi://host:port/target-iqn/lun}, logs in as {@code initiatorName},
     * clears unit attentions and reads the capacity.
     */
    public static BlockingInitiator connect(String url, String initiatorName) throws IOException {
        URI uri = URI.create(url);
        if (!"iscsi".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("expected iscsi://host:port/iqn/lun, got " + url);
        }
        String[] path = uri.getPath().split("/");
        if (path.length != 3) {
            throw new IllegalArgumentException("expected iscsi://host:port/iqn/lun, got " + url);
        }
        int port = uri.getPort() < 0 ? 3260 : uri.getPort();
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.connect(new InetSocketAddress(uri.getHost(), port));
            BlockingInitiator ini = new BlockingInitiator(ch, Integer.parseInt(path[2]));
            ini.login(initiatorName, path[1]);
            ini.clearUnitAttentions();
            ini.readCapacity();
            return ini;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** @return the block length the LUN reported */
    public int blockLength() {
        return blockLength;
    }

    /** @return the number of blocks of the LUN */
    public long blockCount() {
        return lastLba + 1;
    }

    /** @return commands that ended with a status other than GOOD since login */
    public long errors() {
        return errors;
    }

    public int outstanding() {
        return outstanding;
    }

    /** @return commands completed since login (sanity checks) */
    public long completedTotal() {
        return completedTotal;
    }

    /** @return data segment bytes received in Data-In PDUs since login (sanity checks) */
    public long dataInBytes() {
        return dataInBytes;
    }

    // ------------------------------------------------------------------ login (allocates, once)

    private void login(String initiatorName, String targetName) throws IOException {
        long isid = 0x80_00_2A_00_00_00L | (System.nanoTime() & 0xFFFF);
        int loginItt = 0;
        cmdSn = 1;
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("InitiatorName", initiatorName);
        keys.put("SessionType", "Normal");
        keys.put("TargetName", targetName);
        keys.put("AuthMethod", "None");
        int stage = 0;
        int tsih = 0;
        for (int round = 0; round < 16; round++) {
            int nextStage = stage == 0 ? 1 : 3;
            LoginRequestPdu req = new LoginRequestPdu().wrap(tx, 0).init();
            byte[] text = textBytes(keys);
            req.transit(true).currentStage(stage).nextStage(nextStage).versionMax(0).versionMin(0)
                    .isid(isid).tsih(tsih).cid(0).initiatorTaskTag(loginItt).cmdSn(cmdSn).expStatSn(expStatSn)
                    .immediate(true).dataSegmentLength(text.length);
            tx.put(HeaderFlyweight.BHS_LENGTH, text);
            int length = HeaderFlyweight.BHS_LENGTH + HeaderFlyweight.pad(text.length);
            for (int i = HeaderFlyweight.BHS_LENGTH + text.length; i < length; i++) {
                tx.put(i, (byte) 0);
            }
            writeFully(0, length);
            keys.clear();

            int hdr = receiveOne();
            if (bhs.wrap(rx, hdr).opcode() != Opcode.LOGIN_RESPONSE) {
                throw new IOException("expected a Login Response, got " + Opcode.name(bhs.opcode()));
            }
            LoginResponsePdu resp = new LoginResponsePdu().wrap(rx, hdr);
            if (resp.status() != 0) {
                throw new IOException(String.format("login refused: status 0x%04x, text %s", resp.status(),
                        parseText(framer.dataOffset(), framer.dataSegmentLength())));
            }
            Map<String, String> answered = parseText(framer.dataOffset(), framer.dataSegmentLength());
            expStatSn = resp.statSn() + 1;
            maxCmdSn = resp.maxCmdSn();
            tsih = resp.tsih();
            boolean transit = resp.transit();
            int respNext = resp.nextStage();
            consume();
            if (transit && respNext == 3) {
                cmdSn = resp.expCmdSn();
                return;
            }
            if (transit && stage == 0 && respNext == 1) {
                stage = 1;
                keys.put("HeaderDigest", "None");
                keys.put("DataDigest", "None");
                keys.put("MaxRecvDataSegmentLength", Integer.toString(MAX_RECV_DATA_SEGMENT_LENGTH));
                keys.put("InitialR2T", "Yes");
                keys.put("ImmediateData", "Yes");
                keys.put("MaxBurstLength", "16776192");
                keys.put("FirstBurstLength", "262144");
                keys.put("MaxOutstandingR2T", "1");
                keys.put("MaxConnections", "1");
                keys.put("DefaultTime2Wait", "2");
                keys.put("DefaultTime2Retain", "0");
                keys.put("DataPDUInOrder", "Yes");
                keys.put("DataSequenceInOrder", "Yes");
                keys.put("ErrorRecoveryLevel", "0");
            } else if (answered.containsKey("AuthMethod") && !"None".equals(answered.get("AuthMethod"))) {
                throw new IOException("target wants authentication: " + answered);
            }
        }
        throw new IOException("login did not reach Full Feature Phase in 16 rounds");
    }

    private static byte[] textBytes(Map<String, String> keys) {
        StringBuilder sb = new StringBuilder();
        keys.forEach((k, v) -> sb.append(k).append('=').append(v).append('\0'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, String> parseText(int at, int length) {
        byte[] b = new byte[length];
        rx.get(at, b);
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : new String(b, StandardCharsets.UTF_8).split("\0")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return m;
    }

    private void clearUnitAttentions() throws IOException {
        for (int i = 0; i < 16; i++) {
            cdbView.putLong(0, 0).putLong(8, 0); // TEST UNIT READY
            runOne(0, false);
            if (lastStatus == 0) {
                return;
            }
        }
        throw new IOException("TEST UNIT READY keeps failing, status 0x" + Integer.toHexString(lastStatus)
                + " sense key " + lastSenseKey);
    }

    private void readCapacity() throws IOException {
        cdbView.putLong(0, 0).putLong(8, 0);
        cdb[0] = (byte) 0x9E; // SERVICE ACTION IN(16)
        cdb[1] = 0x10;        // READ CAPACITY(16), SBC-3 §5.16
        cdbView.putInt(10, 32);
        captureItt = itt;
        runOne(32, true);
        captureItt = -1;
        if (lastStatus != 0 || blockLength == 0) {
            throw new IOException("READ CAPACITY(16) failed, status 0x" + Integer.toHexString(lastStatus));
        }
    }

    private void runOne(int expected, boolean read) throws IOException {
        long before = errors;
        encodeCommand(expected, read);
        flush();
        awaitCompletions();
        errors = before; // set-up commands do not count
    }

    // ------------------------------------------------------------------ data path (no allocation)

    /**
     * Queues a READ(16) of {@code blocks} blocks at {@code lba}; {@link #flush()} sends what is
     * queued. Waits for responses first when the CmdSN window (MaxCmdSN) is closed.
     */
    public void queueRead(long lba, int blocks) throws IOException {
        while (maxCmdSn - cmdSn < 0) {
            flush();
            receiveAndProcess(); // completions are remembered for awaitCompletions
        }
        if (tx.capacity() - tx.position() < HeaderFlyweight.BHS_LENGTH) {
            flush();
        }
        cdb[0] = (byte) 0x88; // READ(16)
        cdb[1] = 0;
        cdbView.putLong(2, lba).putInt(10, blocks);
        cdb[14] = 0;
        cdb[15] = 0;
        encodeCommand(blocks * blockLength, true);
    }

    private void encodeCommand(int expected, boolean read) {
        int at = tx.position();
        int tag = itt++;
        if (itt == -1) {
            itt = 1;
        }
        cmd.wrap(tx, at).init().read(read).taskAttribute(ScsiCommandPdu.ATTR_SIMPLE).lun(lunField)
                .initiatorTaskTag(tag).expectedDataTransferLength(expected).cmdSn(cmdSn++).expStatSn(expStatSn)
                .cdb(cdb, 16);
        tx.position(at + HeaderFlyweight.BHS_LENGTH);
        outstanding++;
    }

    /** Sends the queued commands (one write; loops only on a short write). */
    public void flush() throws IOException {
        tx.flip();
        while (tx.hasRemaining()) {
            channel.write(tx);
        }
        tx.clear();
    }

    /**
     * Blocks until at least one command has completed since the last call.
     *
     * @return the number of commands completed since the last call (at least 1)
     */
    public int awaitCompletions() throws IOException {
        if (outstanding == 0 && completed == 0) {
            throw new IllegalStateException("nothing outstanding");
        }
        while (completed == 0) {
            receiveAndProcess();
        }
        int n = completed;
        completed = 0;
        return n;
    }

    /** One blocking read from the socket, then every complete PDU is handled. */
    private void receiveAndProcess() throws IOException {
        receiveSome();
        while (true) {
            PduFramer.Outcome o = framer.frame(rx, readIndex, rx.position());
            if (o == PduFramer.Outcome.NEED_MORE) {
                break;
            }
            if (o != PduFramer.Outcome.PDU_READY) {
                throw new IOException("framing error from target: " + o);
            }
            handle(framer.headerOffset());
            readIndex += framer.pduLength();
        }
        if (readIndex == rx.position()) {
            readIndex = 0;
            rx.clear();
        }
    }

    private void receiveSome() throws IOException {
        if (rx.capacity() - readIndex < framer.expectedLength() + MAX_RECV_DATA_SEGMENT_LENGTH) {
            // move the partial PDU to the front
            rx.limit(rx.position()).position(readIndex);
            rx.compact();
            readIndex = 0;
        }
        if (channel.read(rx) < 0) {
            throw new EOFException("target closed the connection");
        }
    }

    /** Receives exactly one PDU (login, logout); @return its header offset; call {@link #consume()}. */
    private int receiveOne() throws IOException {
        while (true) {
            PduFramer.Outcome o = framer.frame(rx, readIndex, rx.position());
            if (o == PduFramer.Outcome.PDU_READY) {
                return framer.headerOffset();
            }
            if (o != PduFramer.Outcome.NEED_MORE) {
                throw new IOException("framing error from target: " + o);
            }
            receiveSome();
        }
    }

    private void consume() {
        readIndex += framer.pduLength();
        if (readIndex == rx.position()) {
            readIndex = 0;
            rx.clear();
        }
    }

    private void handle(int hdr) throws IOException {
        int opcode = bhs.wrap(rx, hdr).opcode();
        switch (opcode) {
            case Opcode.DATA_IN:
                dataIn.wrap(rx, hdr);
                window(dataIn.expCmdSn(), dataIn.maxCmdSn());
                dataInBytes += framer.dataSegmentLength();
                if (dataIn.initiatorTaskTag() == captureItt && framer.dataSegmentLength() >= 12) {
                    lastLba = rx.getLong(framer.dataOffset());
                    blockLength = rx.getInt(framer.dataOffset() + 8);
                }
                if (dataIn.statusPresent()) {
                    expStatSn = dataIn.statSn() + 1;
                    complete(dataIn.status(), -1);
                }
                break;
            case Opcode.SCSI_RESPONSE:
                response.wrap(rx, hdr);
                window(response.expCmdSn(), response.maxCmdSn());
                expStatSn = response.statSn() + 1;
                int senseKey = -1;
                if (framer.dataSegmentLength() > 4) { // SenseLength (2) + fixed/descriptor sense
                    int s = framer.dataOffset() + ScsiResponsePdu.SENSE_LENGTH_FIELD_LENGTH;
                    int code = rx.get(s) & 0x7F;
                    senseKey = (code >= 0x72 ? rx.get(s + 1) : rx.get(s + 2)) & 0x0F;
                }
                complete(response.response() != 0 ? 0x100 | response.response() : response.status(), senseKey);
                break;
            case Opcode.NOP_IN:
                nopIn.wrap(rx, hdr);
                window(nopIn.expCmdSn(), nopIn.maxCmdSn());
                if (nopIn.targetTransferTag() != HeaderFlyweight.RESERVED_TAG) {
                    answerNopIn(nopIn.targetTransferTag(), nopIn.lun());
                }
                break;
            case Opcode.ASYNC_MESSAGE:
                break; // nothing a benchmark needs to act on
            case Opcode.REJECT:
                throw new IOException("target sent Reject, reason 0x"
                        + Integer.toHexString(new RejectPdu().wrap(rx, hdr).reason()));
            default:
                throw new IOException("unexpected PDU from target: " + Opcode.name(opcode));
        }
    }

    private void window(int exp, int max) {
        if (max - (exp - 1) >= 0 && max - maxCmdSn > 0) { // §4.2.2.1: ignore stale or invalid windows
            maxCmdSn = max;
        }
    }

    private void complete(int status, int senseKey) {
        lastStatus = status;
        lastSenseKey = senseKey;
        if (status != 0) {
            errors++;
        }
        outstanding--;
        completed++;
        completedTotal++;
    }

    private void answerNopIn(int ttt, long lun) throws IOException {
        // queued behind whatever commands are pending in tx; sent at the next flush at the latest
        int at = tx.position();
        nopOut.wrap(tx, at).init().immediate(true).initiatorTaskTag(HeaderFlyweight.RESERVED_TAG)
                .targetTransferTag(ttt).lun(lun).cmdSn(cmdSn).expStatSn(expStatSn);
        tx.position(at + HeaderFlyweight.BHS_LENGTH);
        flush();
    }

    private void writeFully(int from, int to) throws IOException {
        tx.limit(to).position(from);
        while (tx.hasRemaining()) {
            channel.write(tx);
        }
        tx.clear();
    }

    /** Waits for outstanding commands (at most a few seconds), logs out and closes the socket. */
    @Override
    public void close() throws IOException {
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            flush();
            while (outstanding > 0 && System.nanoTime() < deadline) {
                receiveAndProcess();
            }
            completed = 0;
            if (outstanding == 0) {
                logout();
            }
        } catch (IOException e) {
            // closing anyway
        } finally {
            channel.close();
        }
    }

    private void logout() throws IOException {
        new LogoutRequestPdu().wrap(tx, 0).init().reasonCode(0).immediate(true)
                .initiatorTaskTag(itt++).cid(0).cmdSn(cmdSn).expStatSn(expStatSn);
        writeFully(0, HeaderFlyweight.BHS_LENGTH);
        while (true) {
            int hdr = receiveOne();
            int opcode = bhs.wrap(rx, hdr).opcode();
            if (opcode == Opcode.LOGOUT_RESPONSE) {
                new LogoutResponsePdu().wrap(rx, hdr);
                consume();
                return;
            }
            if (opcode == Opcode.NOP_IN || opcode == Opcode.ASYNC_MESSAGE) {
                consume();
                continue;
            }
            throw new IOException("expected a Logout Response, got " + Opcode.name(opcode));
        }
    }
}
