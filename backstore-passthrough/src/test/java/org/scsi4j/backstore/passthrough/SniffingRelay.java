package org.scsi4j.backstore.passthrough;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.scsi4j.iscsi.testing.TcpProxy;

/**
 * A {@link TcpProxy} between the pass-through device and its backend target that also sees what
 * the device sends: it frames the initiator-to-target byte stream into iSCSI PDUs (no digests,
 * RFC 7143 §11.2) and counts task management functions and CDB opcodes. {@link #cut()},
 * {@link #freeze(boolean)} and {@link #refuse(boolean)} are the proxy's.
 */
final class SniffingRelay implements AutoCloseable {
    private final AtomicIntegerArray taskManagement = new AtomicIntegerArray(128);
    private final AtomicIntegerArray opcodes = new AtomicIntegerArray(256);
    private final TcpProxy proxy;

    SniffingRelay(InetSocketAddress backend) throws IOException {
        proxy = new TcpProxy(backend, () -> new PduCounter()::feed);
    }

    InetSocketAddress address() {
        return proxy.address();
    }

    /** @return Task Management Function Requests with this Function code (1 ABORT TASK, 5 LOGICAL UNIT RESET) */
    int taskManagementRequests(int function) {
        return taskManagement.get(function);
    }

    /** @return SCSI Command PDUs whose CDB starts with {@code opcode} */
    int commands(int opcode) {
        return opcodes.get(opcode);
    }

    /** Resets every relayed connection (both ends see a reset). */
    void cut() {
        proxy.cut();
    }

    /** While on, no byte is relayed either way and nothing is closed (a backend gone silent). */
    void freeze(boolean on) {
        proxy.freeze(on);
    }

    /** While on, new connections are reset at once: the backend is unreachable. */
    void refuse(boolean on) {
        proxy.refuse(on);
    }

    @Override
    public void close() {
        proxy.close();
    }

    /** Frames one connection's byte stream into PDUs: BHS (48), AHS, data segment padded to 4. */
    private final class PduCounter {
        private final byte[] bhs = new byte[48];
        private int have;
        private long skip;

        void feed(byte[] b, int n) {
            int i = 0;
            while (i < n) {
                if (skip > 0) {
                    int k = (int) Math.min(skip, n - i);
                    skip -= k;
                    i += k;
                    continue;
                }
                int k = Math.min(48 - have, n - i);
                System.arraycopy(b, i, bhs, have, k);
                have += k;
                i += k;
                if (have == 48) {
                    onHeader();
                    have = 0;
                }
            }
        }

        private void onHeader() {
            int opcode = bhs[0] & 0x3F;
            if (opcode == 0x02) {
                taskManagement.incrementAndGet(bhs[1] & 0x7F);
            } else if (opcode == 0x01) {
                opcodes.incrementAndGet(bhs[32] & 0xFF);
            }
            int ahs = (bhs[4] & 0xFF) * 4;
            int data = (bhs[5] & 0xFF) << 16 | (bhs[6] & 0xFF) << 8 | bhs[7] & 0xFF;
            skip = ahs + ((data + 3) & ~3);
        }
    }
}
