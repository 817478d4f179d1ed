package org.scsi4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.scsi4j.backstore.file.NullBlockDevice;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;

/**
 * A 4 KiB READ(16) through the in-process loopback transport ({@link LoopbackTransport}, like
 * LIO's tcm_loop) on a 1 TiB {@link NullBlockDevice}: the core's cost per command (CDB parse,
 * task set, buffer pool, completion) plus the loopback's hand-off to its dispatcher thread, with
 * no network. Random 4 KiB-aligned LBAs from a precomputed table of commands.
 *
 * <p>{@code read4kQd1}: one command at a time, the caller waits for each. {@code read4kQd32}:
 * 32 submitted, then all 32 awaited (a batch, not a sustained queue). With {@code -prof gc}, the
 * allocation per op is the whole JVM's, i.e. the loopback API (futures, byte[] copies of data and
 * sense) plus the core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LoopbackReadBenchmark {
    private static final int BLOCK = 512;
    private static final int BLOCKS = 4096 / BLOCK;
    private static final long SIZE = 1L << 40;
    private static final int COMMANDS = 4096;
    private static final int QD = 32;

    private ScsiTarget target;
    private LoopbackTransport transport;
    private LoopbackSession session;
    private final ScsiCommand[] commands = new ScsiCommand[COMMANDS];
    private final List<CompletableFuture<ScsiResponse>> inFlight = new ArrayList<>(QD);
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        target = ScsiTarget.builder("iqn.2026-11.org.scsi4j.bench:loopback")
                .logicalUnit(0, LogicalUnitSpec.disk("null0", new NullBlockDevice(SIZE, BLOCK)))
                .build();
        transport = LoopbackTransport.start(target);
        session = transport.login("iqn.2026-11.org.scsi4j.bench:loopback-initiator");
        session.clearUnitAttentions(0);
        SplittableRandom random = new SplittableRandom(7);
        long slots = SIZE / 4096;
        for (int i = 0; i < COMMANDS; i++) {
            long lba = random.nextLong(slots) * BLOCKS;
            commands[i] = ScsiCommand.of(0, read16(lba, BLOCKS)).dataIn(BLOCKS * BLOCK);
        }
        ScsiResponse r = session.execute(commands[0]);
        if (!r.isGood() || r.data().length != 4096) {
            throw new IllegalStateException("READ(16) through loopback failed: " + r);
        }
    }

    static byte[] read16(long lba, int blocks) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) 0x88;
        for (int i = 0; i < 8; i++) {
            cdb[2 + i] = (byte) (lba >>> (56 - 8 * i));
        }
        cdb[10] = (byte) (blocks >>> 24);
        cdb[11] = (byte) (blocks >>> 16);
        cdb[12] = (byte) (blocks >>> 8);
        cdb[13] = (byte) blocks;
        return cdb;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
        transport.close();
        int outstanding = target.outstandingBuffers();
        target.close();
        if (outstanding != 0) {
            throw new IllegalStateException(outstanding + " data buffers still out after the benchmark");
        }
    }

    private ScsiCommand nextCommand() {
        return commands[next++ & (COMMANDS - 1)];
    }

    @Benchmark
    public int read4kQd1() {
        ScsiResponse r = session.execute(nextCommand());
        if (!r.isGood()) {
            throw new IllegalStateException(r.toString());
        }
        return r.residual();
    }

    @Benchmark
    @OperationsPerInvocation(QD)
    public int read4kQd32() {
        for (int i = 0; i < QD; i++) {
            inFlight.add(session.submit(nextCommand()));
        }
        int h = 0;
        for (int i = 0; i < QD; i++) {
            ScsiResponse r = inFlight.get(i).join();
            if (!r.isGood()) {
                throw new IllegalStateException(r.toString());
            }
            h += r.residual();
        }
        inFlight.clear();
        return h;
    }
}
