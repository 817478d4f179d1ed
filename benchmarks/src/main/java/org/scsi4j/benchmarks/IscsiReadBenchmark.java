package org.scsi4j.benchmarks;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 4 KiB random READ end to end over a 127.0.0.1 TCP connection: {@link BlockingInitiator}
 * (allocation-free after login) against an iSCSI target.
 *
 * <p>{@code -p url=embedded} (the default) starts the scsi4j iSCSI server in this JVM on
 * 127.0.0.1:0 with a 1 TiB {@link org.scsi4j.backstore.file.NullBlockDevice} at LUN 0
 * ({@link EmbeddedTarget}); then {@code gc.alloc.rate.norm} is the target's allocation per READ
 * (the initiator adds none). {@code -p url=iscsi://127.0.0.1:PORT/IQN/LUN} measures any running
 * target instead (e.g. tgt from {@code tgt-up.sh PORT IQN null 0}) with the same client, which
 * makes the two directly comparable; that LUN is only read.
 *
 * <p>{@code read4kQd1}: one READ at a time. {@code read4kQd32}: 32 READs kept in flight; each
 * invocation accounts for one completion and sends a new READ for every completion received (one
 * write per batch of completions), so the queue stays at 32.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IscsiReadBenchmark {
    private static final int SLOTS = 4096;
    private static final int QD = 32;

    /** "embedded", or the URL of a running target's LUN. */
    @Param("embedded")
    public String url;

    private EmbeddedTarget embedded;
    private BlockingInitiator initiator;
    private final long[] lbas = new long[SLOTS];
    private int blocks;
    private int next;
    /** Completions received and not yet accounted to an invocation (QD32). */
    private int credit;
    private long completedAtStart;
    private long bytesAtStart;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String target = url;
        if ("embedded".equals(url)) {
            embedded = EmbeddedTarget.startNull();
            target = embedded.url();
        }
        initiator = BlockingInitiator.connect(target, "iqn.2026-11.org.scsi4j.bench:jmh");
        int blockLength = initiator.blockLength();
        blocks = 4096 / blockLength;
        if (blocks < 1 || 4096 % blockLength != 0) {
            throw new IllegalStateException("block length " + blockLength + " does not divide 4 KiB");
        }
        long slots = Math.max(1, initiator.blockCount() / blocks);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < SLOTS; i++) {
            lbas[i] = random.nextLong(slots) * blocks;
        }
        // one checked READ before measuring
        initiator.queueRead(lbas[0], blocks);
        initiator.flush();
        initiator.awaitCompletions();
        if (initiator.errors() != 0) {
            throw new IllegalStateException("READ(16) of 4 KiB failed against " + target);
        }
        completedAtStart = initiator.completedTotal();
        bytesAtStart = initiator.dataInBytes();
    }

    /** Called by JMH between iterations: refill or drain the pipeline to what the next benchmark expects. */
    @Setup(Level.Iteration)
    public void resetPipeline() throws IOException {
        drain();
        credit = 0;
    }

    private void drain() throws IOException {
        initiator.flush();
        while (initiator.outstanding() > 0) {
            initiator.awaitCompletions();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try {
            drain();
            long errors = initiator.errors();
            long reads = initiator.completedTotal() - completedAtStart;
            long bytes = initiator.dataInBytes() - bytesAtStart;
            initiator.close();
            if (errors != 0) {
                throw new IllegalStateException(errors + " READs did not end GOOD");
            }
            if (bytes != reads * 4096) {
                throw new IllegalStateException(reads + " READs of 4 KiB brought " + bytes + " bytes of Data-In");
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private long nextLba() {
        return lbas[next++ & (SLOTS - 1)];
    }

    @Benchmark
    public int read4kQd1() throws IOException {
        initiator.queueRead(nextLba(), blocks);
        initiator.flush();
        return initiator.awaitCompletions();
    }

    @Benchmark
    public int read4kQd32() throws IOException {
        if (credit == 0) {
            int missing = QD - initiator.outstanding();
            for (int i = 0; i < missing; i++) {
                initiator.queueRead(nextLba(), blocks);
            }
            initiator.flush();
            credit = initiator.awaitCompletions();
        }
        return --credit;
    }
}
