package org.scsi4j.backstore.passthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.scsi4j.iscsi.testing.HostTools;
import org.scsi4j.iscsi.testing.TgtDaemon;

/**
 * The end-to-end proof with another implementation: tgt's virtual tape drive (SSC), exported by a
 * scsi4j target through {@link IscsiLunDevice}, shared by three libiscsi initiators
 * (src/test/c/tape_client.c, compiled with gcc at test time). tgt's tape does not implement
 * RESERVE(6) itself (it answers ILLEGAL REQUEST); the front target provides it, and its
 * enforcement keeps the other initiators' commands from ever being interleaved with the holder's
 * sequence. Only 127.0.0.1; tgtd is stopped afterwards.
 */
@Tag("interop")
@Timeout(value = 55, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TapePassthroughInteropTest {
    private static final String TGT_IQN = "iqn.2026-11.org.scsi4j:tgt-tapes";
    private static final String FRONT_IQN = "iqn.2026-11.org.scsi4j:tape-gateway";
    private static final int RESERVATION_CONFLICT = 0x18;
    private static final int TGT_TAPE = 2; // LUN 1 is tgt-up.sh's disk, unused here

    private static Path client;
    private static TgtDaemon tgt;
    private static GatewayTarget gateway;
    private static IscsiLunDevice tape;
    private static String frontUrl;

    @BeforeAll
    static void start() throws Exception {
        HostTools.require("iscsi-inq", "libiscsi-bin");
        client = TapeClient.compile("tape_client");
        tgt = TgtDaemon.start(TGT_IQN, TgtDaemon.Disk.NULL, 1);
        tgt.addTape(TGT_TAPE);
        gateway = new GatewayTarget(FRONT_IQN);
        tape = gateway.passThrough(0, "tape0", tgt.url(TGT_TAPE));
        gateway.start();
        frontUrl = gateway.url(0);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            if (tgt != null) {
                tgt.close();
            }
        }
    }

    @Test
    void iscsiInqSeesTheTapeThroughThePassThrough() throws Exception {
        assertThat(tape.peripheralDeviceType()).as("sequential-access device").isEqualTo(0x01);
        HostTools.Run r = HostTools.run(20, "iscsi-inq", "-i", "iqn.2026-11.org.scsi4j:inq", frontUrl);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("Peripheral Device Type:SEQUENTIAL_ACCESS");
    }

    @Test
    void oneInitiatorReservesTheTapeAndTheOthersNeverInterleave() throws Exception {
        byte[] first = TapeClient.pattern(4096, 11);
        byte[] second = TapeClient.pattern(1000, 12);
        ExecutorService hammers = Executors.newFixedThreadPool(2, r -> new Thread(r, "test-tape-hammer"));
        // every client logs in before A reserves: libiscsi's login ends with a TEST UNIT READY,
        // which a reservation held by someone else would fail
        try (TapeClient a = TapeClient.connect(client, frontUrl, "iqn.2026-11.org.scsi4j:tape-a");
             TapeClient b = TapeClient.connect(client, frontUrl, "iqn.2026-11.org.scsi4j:tape-b");
             TapeClient c = TapeClient.connect(client, frontUrl, "iqn.2026-11.org.scsi4j:tape-c")) {
            a.op("reserve").assertStatus(0x00);
            for (TapeClient other : List.of(b, c)) {
                for (String op : List.of("tur", "rewind", "write 512 5", "read 512")) {
                    other.op(op).assertStatus(RESERVATION_CONFLICT);
                }
                TapeClient.Outcome inquiry = other.op("inquiry").assertStatus(0x00);
                assertThat(inquiry.type()).as("INQUIRY is allowed under a reservation").isEqualTo(0x01);
            }

            // B and C hammer the tape for as long as A works with it
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(2);
            List<TapeClient.Outcome> refused = new CopyOnWriteArrayList<>();
            List<TapeClient.Outcome> inquiries = new CopyOnWriteArrayList<>();
            List<Future<?>> runs = new ArrayList<>();
            for (TapeClient other : List.of(b, c)) {
                runs.add(hammers.submit(() -> {
                    boolean firstRound = true;
                    while (!stop.get()) {
                        for (String op : List.of("tur", "rewind", "write-filemarks 1", "write 512 99", "read 512")) {
                            refused.add(other.op(op));
                        }
                        inquiries.add(other.op("inquiry"));
                        if (firstRound) {
                            started.countDown();
                            firstRound = false;
                        }
                    }
                    return null;
                }));
            }
            assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

            a.op("write-filemarks 1").assertStatus(0x00);
            a.op("rewind").assertStatus(0x00);
            a.op("write 4096 11").assertStatus(0x00);
            a.op("write-filemarks 1").assertStatus(0x00);
            a.op("write 1000 12").assertStatus(0x00);
            a.op("write-filemarks 1").assertStatus(0x00);
            a.op("rewind").assertStatus(0x00);
            TapeClient.Outcome r1 = a.op("read 4096").assertStatus(0x00);
            assertThat(r1.bytes()).isEqualTo(4096);
            assertThat(r1.fnv()).as("A reads back exactly its first block").isEqualTo(TapeClient.fnv(first));
            TapeClient.Outcome mark = a.op("read 4096").assertStatus(0x02);
            assertThat(mark.senseKey()).as("NO SENSE: %s", mark).isEqualTo(0x0);
            assertThat(mark.asc()).isEqualTo(0x00);
            assertThat(mark.ascq()).as("FILEMARK DETECTED: %s", mark).isEqualTo(0x01);
            TapeClient.Outcome r2 = a.op("read 1000").assertStatus(0x00);
            assertThat(r2.fnv()).as("A reads back exactly its second block").isEqualTo(TapeClient.fnv(second));

            stop.set(true);
            for (Future<?> run : runs) {
                run.get(20, TimeUnit.SECONDS);
            }
            assertThat(refused).isNotEmpty().allSatisfy(o -> assertThat(o.status()).as("%s", o)
                    .isEqualTo(RESERVATION_CONFLICT));
            assertThat(inquiries).isNotEmpty().allSatisfy(o -> assertThat(o.status()).as("%s", o).isZero());

            a.op("release").assertStatus(0x00);
            b.op("tur").assertStatus(0x00);
            b.op("rewind").assertStatus(0x00);
            TapeClient.Outcome viaB = b.op("read 4096").assertStatus(0x00);
            assertThat(viaB.fnv()).as("after the release B reads A's data").isEqualTo(TapeClient.fnv(first));
            c.op("tur").assertStatus(0x00);
        } finally {
            hammers.shutdownNow();
            assertThat(hammers.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(tape.commandsInFlight()).isZero();
    }
}
