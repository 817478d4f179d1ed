package org.scsi4j.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.scsi4j.iscsi.internal.pdu.BasicHeaderSegment;
import org.scsi4j.iscsi.internal.pdu.Crc32cDigest;
import org.scsi4j.iscsi.internal.pdu.DataInPdu;
import org.scsi4j.iscsi.internal.pdu.HeaderFlyweight;
import org.scsi4j.iscsi.internal.pdu.Opcode;
import org.scsi4j.iscsi.internal.pdu.PduFramer;
import org.scsi4j.iscsi.internal.pdu.ScsiCommandPdu;
import org.scsi4j.iscsi.internal.pdu.ScsiResponsePdu;

/**
 * The PDU codec of one 4 KiB READ, as the target's receive and send paths use it: frame
 * ({@link PduFramer}) and decode a SCSI Command, encode a Data-In with phase-collapsed status or a
 * SCSI Response, and the reverse (what an initiator does). Everything works on one direct,
 * big-endian buffer per direction with one flyweight instance each, like a connection does.
 *
 * <p>Run with {@code -prof gc}: {@code gc.alloc.rate.norm} must be 0 B/op (RFC 7143 codec, no
 * allocation per PDU, ARCHITECTURE §4). Each benchmark returns a value derived from the fields it
 * touched so the JIT cannot drop the work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PduCodecBenchmark {
    private static final int DATA_LENGTH = 4096;
    private static final int BLOCKS = 8;
    /** Where each received PDU sits in {@link #rx}: a command, then a Data-In with 4 KiB, then a response. */
    private static final int CMD_AT = 0;
    private static final int DATA_IN_AT = 64;
    private static final int RESPONSE_AT = DATA_IN_AT + HeaderFlyweight.BHS_LENGTH + DATA_LENGTH + 16;
    private static final int CMD_DIGEST_AT = RESPONSE_AT + 64;

    private final ByteBuffer rx = ByteBuffer.allocateDirect(16 * 1024);
    private final ByteBuffer tx = ByteBuffer.allocateDirect(16 * 1024);
    private final ByteBuffer cdb = ByteBuffer.allocateDirect(260);
    private final byte[] readCdb = new byte[16];
    private final ByteBuffer readCdbView = ByteBuffer.wrap(readCdb);

    private final PduFramer framer = new PduFramer().maxRecvDataSegmentLength(262144);
    private final PduFramer digestFramer = new PduFramer(new Crc32cDigest())
            .maxRecvDataSegmentLength(262144).headerDigest(true);
    private final BasicHeaderSegment bhs = new BasicHeaderSegment();
    private final ScsiCommandPdu cmd = new ScsiCommandPdu();
    private final DataInPdu dataIn = new DataInPdu();
    private final ScsiResponsePdu response = new ScsiResponsePdu();

    private int sn;
    private long lba;

    @Setup
    public void setUp() {
        readCdb[0] = (byte) 0x88; // READ(16), SBC-3 §5.16
        readCdbView.putInt(10, BLOCKS);
        lba = 1234;
        // a received SCSI Command (READ(16) of 8 blocks) as an initiator would send it
        encodeCommand(rx, CMD_AT, 1, lba);
        // a received Data-In with 4 KiB and status (S=1), and a received SCSI Response
        encodeDataIn(rx, DATA_IN_AT, 1);
        for (int i = 0; i < DATA_LENGTH; i += 8) {
            rx.putLong(DATA_IN_AT + HeaderFlyweight.BHS_LENGTH + i, 0x0123_4567_89AB_CDEFL ^ i);
        }
        encodeResponse(rx, RESPONSE_AT, 1);
        // the same command followed by its header digest
        encodeCommand(rx, CMD_DIGEST_AT, 1, lba);
        new Crc32cDigest().sign(rx, CMD_DIGEST_AT, HeaderFlyweight.BHS_LENGTH,
                CMD_DIGEST_AT + HeaderFlyweight.BHS_LENGTH);
        requireReady(framer.frame(rx, CMD_AT, CMD_AT + HeaderFlyweight.BHS_LENGTH));
        requireReady(framer.frame(rx, DATA_IN_AT, RESPONSE_AT));
        requireReady(digestFramer.frame(rx, CMD_DIGEST_AT, CMD_DIGEST_AT + HeaderFlyweight.BHS_LENGTH + 4));
    }

    private static void requireReady(PduFramer.Outcome outcome) {
        if (outcome != PduFramer.Outcome.PDU_READY) {
            throw new IllegalStateException("set-up PDU does not frame: " + outcome);
        }
    }

    // ------------------------------------------------------------------ target side

    /** Frame + decode a received SCSI Command and copy its CDB out, as the target's intake does. */
    @Benchmark
    public long decodeScsiCommand() {
        return decodeCommand(framer, CMD_AT, CMD_AT + HeaderFlyweight.BHS_LENGTH);
    }

    /** The same with HeaderDigest=CRC32C verified by the framer. */
    @Benchmark
    public long decodeScsiCommandHeaderDigest() {
        return decodeCommand(digestFramer, CMD_DIGEST_AT, CMD_DIGEST_AT + HeaderFlyweight.BHS_LENGTH + 4);
    }

    /** Encode the Data-In header of a 4 KiB read with phase-collapsed GOOD status (§11.7). */
    @Benchmark
    public int encodeDataIn() {
        return encodeDataIn(tx, 0, ++sn);
    }

    /** Encode a SCSI Response with GOOD status and no sense (§11.4). */
    @Benchmark
    public int encodeScsiResponse() {
        return encodeResponse(tx, 0, ++sn);
    }

    /** The target's whole header work for one 4 KiB READ: decode the command, encode Data-In + status. */
    @Benchmark
    public long targetRead4k() {
        long h = decodeCommand(framer, CMD_AT, CMD_AT + HeaderFlyweight.BHS_LENGTH);
        return h + encodeDataIn(tx, 0, ++sn);
    }

    // ------------------------------------------------------------------ initiator side

    /** Encode a SCSI Command carrying READ(16) of 8 blocks (§11.3). */
    @Benchmark
    public int encodeScsiCommand() {
        lba = (lba + 7919) & 0xFF_FFFF;
        return encodeCommand(tx, 0, ++sn, lba);
    }

    /** Frame + decode a Data-In of 4 KiB with status. */
    @Benchmark
    public long decodeDataIn() {
        PduFramer.Outcome o = framer.frame(rx, DATA_IN_AT, RESPONSE_AT);
        if (o != PduFramer.Outcome.PDU_READY) {
            throw new IllegalStateException(o.name());
        }
        int hdr = framer.headerOffset();
        if (bhs.wrap(rx, hdr).opcode() != Opcode.DATA_IN) {
            throw new IllegalStateException("not Data-In");
        }
        dataIn.wrap(rx, hdr);
        long h = dataIn.initiatorTaskTag() + dataIn.dataSn() + dataIn.bufferOffset() + dataIn.dataSegmentLength();
        if (dataIn.statusPresent()) {
            h += dataIn.status() + dataIn.statSn() + dataIn.expCmdSn() + dataIn.maxCmdSn() + dataIn.residualCount();
        }
        return h + framer.dataOffset();
    }

    /** Frame + decode a SCSI Response with GOOD status. */
    @Benchmark
    public long decodeScsiResponse() {
        PduFramer.Outcome o = framer.frame(rx, RESPONSE_AT, RESPONSE_AT + HeaderFlyweight.BHS_LENGTH);
        if (o != PduFramer.Outcome.PDU_READY) {
            throw new IllegalStateException(o.name());
        }
        int hdr = framer.headerOffset();
        if (bhs.wrap(rx, hdr).opcode() != Opcode.SCSI_RESPONSE) {
            throw new IllegalStateException("not a SCSI Response");
        }
        response.wrap(rx, hdr);
        return response.initiatorTaskTag() + response.response() + response.status() + response.statSn()
                + response.expCmdSn() + response.maxCmdSn() + response.residualCount()
                + (response.residualUnderflow() ? 1 : 0) + response.dataSegmentLength();
    }

    // ------------------------------------------------------------------ shared

    private long decodeCommand(PduFramer f, int start, int end) {
        PduFramer.Outcome o = f.frame(rx, start, end);
        if (o != PduFramer.Outcome.PDU_READY) {
            throw new IllegalStateException(o.name());
        }
        int hdr = f.headerOffset();
        if (bhs.wrap(rx, hdr).opcode() != Opcode.SCSI_COMMAND) {
            throw new IllegalStateException("not a SCSI Command");
        }
        cmd.wrap(rx, hdr);
        int cdbLength = cmd.cdbLength();
        long h = cmd.initiatorTaskTag() + cmd.cmdSn() + cmd.expStatSn() + cmd.expectedDataTransferLength()
                + cmd.lun() + cmd.taskAttribute() + (cmd.read() ? 1 : 0) + (cmd.write() ? 2 : 0)
                + (cmd.immediate() ? 4 : 0) + f.dataSegmentLength();
        cdb.clear();
        cmd.copyCdb(cdb, 0);
        cdb.limit(cdbLength).position(0);
        return h + cdb.getLong(2) + cdb.getInt(10);
    }

    private int encodeCommand(ByteBuffer b, int at, int seq, long block) {
        readCdbView.putLong(2, block);
        cmd.wrap(b, at).init()
                .read(true)
                .taskAttribute(ScsiCommandPdu.ATTR_SIMPLE)
                .lun(0)
                .initiatorTaskTag(seq)
                .expectedDataTransferLength(DATA_LENGTH)
                .cmdSn(seq)
                .expStatSn(seq)
                .cdb(readCdb, 16);
        return cmd.cmdSn();
    }

    private int encodeDataIn(ByteBuffer b, int at, int seq) {
        dataIn.wrap(b, at).init(true)
                .statusPresent(true)
                .status(0)
                .dataSegmentLength(DATA_LENGTH)
                .lun(0)
                .initiatorTaskTag(seq)
                .targetTransferTag(HeaderFlyweight.RESERVED_TAG)
                .statSn(seq)
                .expCmdSn(seq + 1)
                .maxCmdSn(seq + 64)
                .dataSn(0)
                .bufferOffset(0)
                .residualCount(0);
        return dataIn.statSn();
    }

    private int encodeResponse(ByteBuffer b, int at, int seq) {
        response.wrap(b, at).init()
                .response(0)
                .status(0)
                .initiatorTaskTag(seq)
                .snackTag(0)
                .statSn(seq)
                .expCmdSn(seq + 1)
                .maxCmdSn(seq + 64)
                .expDataSn(1)
                .residualCount(0);
        return response.statSn();
    }
}
