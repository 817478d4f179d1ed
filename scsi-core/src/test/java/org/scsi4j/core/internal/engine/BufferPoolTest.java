package org.scsi4j.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BufferPoolTest {

    @Test
    void everyBufferHasExactlyItsClassCapacityAndIsAligned() {
        try (BufferPool pool = new BufferPool(256L << 20)) {
            List<ByteBuffer> taken = new ArrayList<>();
            for (int size : new int[] {1, 4096, 4097, 32768, 36864, 40960, 65536, 1 << 20}) {
                for (int i = 0; i < 4; i++) {
                    ByteBuffer b = pool.acquire(size);
                    assertThat(b.limit()).isEqualTo(size);
                    assertThat(Integer.bitCount(b.capacity())).as("power of two: %s", b.capacity()).isEqualTo(1);
                    assertThat(b.capacity()).isGreaterThanOrEqualTo(size);
                    assertThat(b.alignmentOffset(0, 4096)).isZero();
                    taken.add(b);
                }
            }
            taken.forEach(pool::release);
            // recycled buffers still serve any size of their class
            for (int size : new int[] {40960, 65536, 36864}) {
                ByteBuffer b = pool.acquire(size);
                assertThat(b.limit()).isEqualTo(size);
                pool.release(b);
            }
            assertThat(pool.outstanding()).isZero();
        }
    }

    @Test
    void theBudgetIsABoundNotAnAllocationRace() {
        try (BufferPool pool = new BufferPool(BufferPool.MAX_BUFFER)) {
            ByteBuffer big = pool.acquire(BufferPool.MAX_BUFFER);
            assertThat(big).isNotNull();
            assertThat(pool.acquire(4096)).as("over budget: the caller answers BUSY").isNull();
            pool.release(big);
            assertThat(pool.acquire(4096)).isNotNull();
        }
    }
}
