package org.scsi4j.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.iscsi.internal.pdu.Opcode;
import org.scsi4j.iscsi.testing.LoginOptions;
import org.scsi4j.iscsi.testing.Pdu;
import org.scsi4j.iscsi.testing.Pdus;
import org.scsi4j.iscsi.testing.ServerFixture;
import org.scsi4j.iscsi.testing.TestInitiator;

/**
 * Bytes the I/O loop thread allocates per command in steady state (ARCHITECTURE §4: no
 * allocation per PDU on the hot path), measured with {@code ThreadMXBean}: 4 KiB READs and
 * WRITEs with immediate data, 32 in flight.
 */
class AllocationTest {
    private static final int DEPTH = 32;

    private static long loopAllocatedBytes() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("scsi4j-iscsi-loop-0")) {
                return mx.getThreadAllocatedBytes(t.getId());
            }
        }
        throw new AssertionError("no loop thread");
    }

    private static void run(TestInitiator i, int commands, boolean write, byte[] payload) throws Exception {
        for (int done = 0; done < commands; done += DEPTH) {
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int k = 0; k < DEPTH; k++) {
                int lba = (k * 8) % 4096;
                burst.writeBytes(i.frame(write
                        ? Pdus.scsiCommand(i.nextItt(), 0, Cdbs.write10(lba, 8, false), false, true, 4096,
                                i.takeCmdSn(), i.expStatSn(), true, payload)
                        : Pdus.scsiCommand(i.nextItt(), 0, Cdbs.read10(lba, 8), true, false, 4096,
                                i.takeCmdSn(), i.expStatSn(), true, null), false, false));
            }
            i.sendBytes(burst.toByteArray());
            for (int k = 0; k < DEPTH; k++) {
                Pdu p = i.receive();
                assertThat(p.opcode()).isIn(Opcode.DATA_IN, Opcode.SCSI_RESPONSE);
            }
        }
    }

    @Test
    void steadyStateAllocationPerCommand() throws Exception {
        try (ServerFixture f = ServerFixture.start(s -> s.nopInInterval(java.time.Duration.ZERO))) {
            TestInitiator i = DataPathTest.ready(f, LoginOptions.normal(ServerFixture.IQN));
            byte[] payload = DataPathTest.random(4096, 5);
            run(i, 20_000, false, null);
            run(i, 20_000, true, payload);
            int n = 20_000;
            long before = loopAllocatedBytes();
            long t0 = System.nanoTime();
            run(i, n, false, null);
            long readNanos = System.nanoTime() - t0;
            long afterReads = loopAllocatedBytes();
            run(i, n, true, payload);
            long afterWrites = loopAllocatedBytes();
            double perRead = (afterReads - before) / (double) n;
            double perWrite = (afterWrites - afterReads) / (double) n;
            System.out.printf("loop thread allocation: %.1f B per 4 KiB READ, %.1f B per 4 KiB WRITE; "
                    + "%.0f READs/s at depth %d with the blocking test client%n",
                    perRead, perWrite, n / (readNanos / 1e9), DEPTH);
            assertThat(perRead).as("bytes allocated per READ").isLessThan(64);
            assertThat(perWrite).as("bytes allocated per WRITE").isLessThan(64);
        }
    }
}
