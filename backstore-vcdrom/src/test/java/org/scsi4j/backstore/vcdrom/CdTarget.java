package org.scsi4j.backstore.vcdrom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.transport.ScsiStatus;

/**
 * A target with a virtual CD-ROM at LUN 0 behind the loopback transport; sessions log in with
 * their power-on unit attention taken. Closing it checks that nothing is left behind: no task,
 * buffer or nexus, and the drive's worker threads gone.
 */
final class CdTarget implements AutoCloseable {
    final VirtualCdrom drive;
    final ScsiTarget target;
    final LoopbackTransport transport;
    private final List<LoopbackSession> sessions = new ArrayList<>();

    CdTarget(VirtualCdrom drive) {
        this.drive = drive;
        this.target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:vcdrom")
                .logicalUnit(0, LogicalUnitSpec.cdrom("cd0", drive))
                .build();
        this.transport = LoopbackTransport.start(target);
    }

    LoopbackSession login(String initiator) {
        LoopbackSession s = transport.login(initiator);
        sessions.add(s);
        for (int i = 0; i < 16; i++) {
            ScsiResponse r = s.execute(ScsiCommand.of(0, new byte[] {0x03, 0, 0, 0, 18, 0}).dataIn(18));
            if ((r.data()[2] & 0x0F) != 0x6) {
                break;
            }
        }
        return s;
    }

    static ScsiResponse in(LoopbackSession s, byte[] cdb, int length) {
        return s.execute(ScsiCommand.of(0, cdb).dataIn(length));
    }

    static ScsiResponse none(LoopbackSession s, byte[] cdb) {
        return s.execute(ScsiCommand.of(0, cdb));
    }

    static void assertGood(ScsiResponse r) {
        assertThat(r.status()).as("%s", r).isEqualTo(ScsiStatus.GOOD);
    }

    static void assertSense(ScsiResponse r, int key, int asc, int ascq) {
        assertThat(r.status()).as("%s", r).isEqualTo(ScsiStatus.CHECK_CONDITION);
        assertThat(new int[] {r.senseKey(), r.asc(), r.ascq()}).as("%s", r).containsExactly(key, asc, ascq);
    }

    // ---------------------------------------------------------------- CDBs

    static byte[] testUnitReady() {
        return new byte[6];
    }

    static byte[] read10(long lba, int blocks) {
        return new byte[] {0x28, 0, (byte) (lba >>> 24), (byte) (lba >>> 16), (byte) (lba >>> 8), (byte) lba, 0,
                (byte) (blocks >>> 8), (byte) blocks, 0};
    }

    static byte[] readCapacity10() {
        return new byte[] {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    }

    static byte[] mediaEvents() {
        return new byte[] {0x4A, 1, 0, 0, 0x10, 0, 0, 0, 8, 0};
    }

    static byte[] getConfiguration() {
        return new byte[] {0x46, 0, 0, 0, 0, 0, 0, 0, 8, 0};
    }

    static byte[] preventAllow(boolean prevent) {
        return new byte[] {0x1E, 0, 0, 0, (byte) (prevent ? 1 : 0), 0};
    }

    static byte[] startStop(boolean loej, boolean start) {
        return new byte[] {0x1B, 0, 0, 0, (byte) ((loej ? 2 : 0) | (start ? 1 : 0)), 0};
    }

    static long u32(byte[] b, int off) {
        return ((long) (b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    /** The media event code of a GET EVENT STATUS NOTIFICATION answer for the media class. */
    static int mediaEvent(LoopbackSession s) {
        ScsiResponse r = in(s, mediaEvents(), 8);
        assertGood(r);
        assertThat(r.data()[2] & 0x07).as("media class").isEqualTo(4);
        return r.data()[4] & 0x0F;
    }

    @Override
    public void close() {
        try {
            for (LoopbackSession s : sessions) {
                assertThat(s.outstandingTasks()).isZero();
                s.close();
            }
            transport.close();
            assertThat(target.openNexusCount()).isZero();
            assertThat(target.outstandingBuffers()).isZero();
        } finally {
            target.close();
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("scsi4j-cd0-io") && t.isAlive()
                && !waitForEnd(t));
    }

    private static boolean waitForEnd(Thread t) {
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }
}
