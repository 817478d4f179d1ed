package org.scsi4j.iscsi.initiator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.scsi4j.core.testing.Cdbs;

/** Shared bits of the initiator tests. */
final class Fixture {
    static final String INITIATOR = "iqn.2026-11.org.scsi4j:test-initiator";
    static final Duration T = Duration.ofSeconds(10);

    private Fixture() {
    }

    /** Defaults for tests: quick reconnection, DefaultTime2Wait 0. */
    static IscsiInitiator.Builder initiator() {
        return IscsiInitiator.builder(INITIATOR).defaultTime2Wait(0).reconnect(3, Duration.ofMillis(100))
                .loginTimeout(Duration.ofSeconds(5)).logoutTimeout(Duration.ofSeconds(2));
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** TEST UNIT READY until the power-on unit attention is consumed. */
    static void ready(IscsiSession s) throws Exception {
        for (int i = 0; i < 4; i++) {
            if (s.execute(0, Cdbs.testUnitReady(), null, null, T).isGood()) {
                return;
            }
        }
        throw new AssertionError("TEST UNIT READY keeps failing");
    }

    static ScsiResult write(IscsiSession s, long lba, byte[] data) throws Exception {
        return s.execute(0, Cdbs.write10(lba, data.length / 512, false), ByteBuffer.wrap(data), null, T);
    }

    static byte[] read(IscsiSession s, long lba, int bytes) throws Exception {
        ByteBuffer in = ByteBuffer.allocate(bytes);
        ScsiResult r = s.execute(0, Cdbs.read10(lba, bytes / 512), null, in, T);
        assertThat(r.isGood()).as("%s", r).isTrue();
        assertThat(r.bytesReceived()).isEqualTo(bytes);
        return in.array();
    }

    /** Names of live initiator I/O threads. */
    static List<String> initiatorThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("scsi4j-initiator-")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /** Waits (bounded) until no initiator I/O thread is alive. */
    static void assertNoInitiatorThreads() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!initiatorThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(initiatorThreads()).as("initiator threads left").isEmpty();
    }
}
