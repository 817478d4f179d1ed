package org.scsi4j.benchmarks;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.scsi4j.iscsi.internal.pdu.Crc32cDigest;

/**
 * CRC32C (the iSCSI header and data digest, RFC 7143 §13.1) over a direct buffer: the
 * transport's {@link Crc32cDigest} (absolute range of a shared receive buffer, position and limit
 * restored) against plain {@link CRC32C#update(ByteBuffer)} and, for reference, the heap
 * {@code byte[]} path. Sizes: one BHS (a header digest), 8 KiB and 256 KiB (data digests).
 * Throughput in digests per second; bytes per second = ops/s x size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Crc32cBenchmark {
    @Param({"48", "8192", "262144"})
    public int size;

    private ByteBuffer direct;
    private byte[] heap;
    private final Crc32cDigest digest = new Crc32cDigest();
    private final CRC32C crc = new CRC32C();

    @Setup
    public void setUp() {
        heap = new byte[size];
        new SplittableRandom(42).nextBytes(heap);
        // a receive buffer holds more than the range digested: digest a range in the middle
        direct = ByteBuffer.allocateDirect(size + 128);
        direct.put(64, heap, 0, size);
        direct.clear();
        int a = digest.compute(direct, 64, size);
        crc.reset();
        crc.update(heap, 0, size);
        if (a != (int) crc.getValue()) {
            throw new IllegalStateException("Crc32cDigest disagrees with CRC32C");
        }
    }

    /** The transport's digest over an absolute range of a direct buffer. */
    @Benchmark
    public int crc32cDigestDirect() {
        return digest.compute(direct, 64, size);
    }

    /** Plain {@code java.util.zip.CRC32C} over the same range (position/limit set by hand). */
    @Benchmark
    public long jdkCrc32cDirect() {
        crc.reset();
        direct.limit(64 + size).position(64);
        crc.update(direct);
        return crc.getValue();
    }

    /** Plain {@code java.util.zip.CRC32C} over a heap array, for reference. */
    @Benchmark
    public long jdkCrc32cHeap() {
        crc.reset();
        crc.update(heap, 0, size);
        return crc.getValue();
    }
}
