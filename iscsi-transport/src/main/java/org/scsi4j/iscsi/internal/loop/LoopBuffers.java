package org.scsi4j.iscsi.internal.loop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.scsi4j.iscsi.internal.conn.SlotArena;

/**
 * Per-loop caches of direct memory: receive buffers by capacity and send arenas, so that
 * connections that come and go (a scan, 10,000 short connections) reuse memory instead of
 * allocating direct buffers each time. Loop thread only; bounded.
 */
final class LoopBuffers {
    private static final int KEEP_PER_SIZE = 32;
    private static final int KEEP_ARENAS = 64;

    private final Map<Integer, ArrayDeque<ByteBuffer>> receive = new HashMap<>();
    private final ArrayDeque<SlotArena> arenas = new ArrayDeque<>();

    ByteBuffer acquireReceive(int capacity) {
        ArrayDeque<ByteBuffer> free = receive.get(capacity);
        ByteBuffer b = free == null ? null : free.pollFirst();
        if (b == null) {
            b = ByteBuffer.allocateDirect(capacity).order(ByteOrder.BIG_ENDIAN);
        }
        return b.clear();
    }

    void releaseReceive(ByteBuffer b) {
        ArrayDeque<ByteBuffer> free = receive.computeIfAbsent(b.capacity(), k -> new ArrayDeque<>());
        if (free.size() < KEEP_PER_SIZE) {
            free.addLast(b);
        }
    }

    SlotArena acquireArena() {
        SlotArena a = arenas.pollFirst();
        return a != null ? a : new SlotArena();
    }

    void releaseArena(SlotArena a) {
        if (arenas.size() < KEEP_ARENAS) {
            arenas.addLast(a);
        }
    }
}
