package org.scsi4j.core.internal.mmc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.device.BlockDevice;
import org.scsi4j.core.spi.transport.ScsiStatus;

/**
 * A CD/DVD unit at LUN 0 behind the loopback transport with one session whose power-on unit
 * attention is cleared; more sessions on demand. Closing it checks that no task, buffer or nexus
 * is left behind. Also the sense assertions the MMC tests share.
 */
final class Cdrom implements AutoCloseable {
    static final String INITIATOR = "iqn.2026-11.org.scsi4j:initiator";

    final ScsiTarget target;
    final LoopbackTransport transport;
    final LoopbackSession session;
    private final List<LoopbackSession> sessions = new ArrayList<>();

    Cdrom(BlockDevice device) {
        this.target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:mmc")
                .logicalUnit(0, LogicalUnitSpec.cdrom("cd0", device))
                .build();
        this.transport = LoopbackTransport.start(target);
        this.session = login(INITIATOR);
    }

    /** A new I_T nexus with its power-on unit attention consumed (by INQUIRY-safe REQUEST SENSE). */
    LoopbackSession login(String initiatorName) {
        LoopbackSession s = transport.login(initiatorName);
        sessions.add(s);
        drainUnitAttentions(s);
        return s;
    }

    /** Takes every pending unit attention with REQUEST SENSE (which works on an empty drive too). */
    static void drainUnitAttentions(LoopbackSession s) {
        for (int i = 0; i < 16; i++) {
            ScsiResponse r = s.execute(ScsiCommand.of(0, new byte[] {0x03, 0, 0, 0, 18, 0}).dataIn(18));
            if ((r.data()[2] & 0x0F) != 0x6) {
                return;
            }
        }
    }

    LogicalUnit lu() {
        return target.runtime().logicalUnit(0);
    }

    ScsiResponse in(byte[] cdb, int length) {
        return in(session, cdb, length);
    }

    static ScsiResponse in(LoopbackSession s, byte[] cdb, int length) {
        return s.execute(ScsiCommand.of(0, cdb).dataIn(length));
    }

    ScsiResponse none(byte[] cdb) {
        return none(session, cdb);
    }

    static ScsiResponse none(LoopbackSession s, byte[] cdb) {
        return s.execute(ScsiCommand.of(0, cdb));
    }

    ScsiResponse out(byte[] cdb, byte[] data) {
        return session.execute(ScsiCommand.of(0, cdb).dataOut(data));
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
    }

    // ---------------------------------------------------------------- assertions

    static void assertGood(ScsiResponse r) {
        assertThat(r.status()).as("%s", r).isEqualTo(ScsiStatus.GOOD);
    }

    static void assertSense(ScsiResponse r, int key, int asc, int ascq) {
        assertThat(r.status()).as("%s", r).isEqualTo(ScsiStatus.CHECK_CONDITION);
        assertThat(new int[] {r.senseKey(), r.asc(), r.ascq()}).as("%s", r).containsExactly(key, asc, ascq);
    }

    static void assertNotReady(ScsiResponse r) {
        assertSense(r, 0x2, 0x3A, 0x00);
    }

    static void assertMediumMayHaveChanged(ScsiResponse r) {
        assertSense(r, 0x6, 0x28, 0x00);
    }

    static void assertDataProtect(ScsiResponse r) {
        assertSense(r, 0x7, 0x27, 0x00);
    }

    /** INVALID FIELD IN CDB with the field pointer (fixed format) at {@code byteIndex}, {@code bit} or -1. */
    static void assertInvalidFieldInCdb(ScsiResponse r, int byteIndex, int bit) {
        assertSense(r, 0x5, 0x24, 0x00);
        byte[] s = r.sense();
        int expected = 0xC0 | (bit >= 0 ? 0x08 | bit : 0);
        assertThat(s[15] & 0xFF).as("SKSV, C/D, BPV, BIT POINTER of %s", r).isEqualTo(expected);
        assertThat(MmcCdb.u16(s, 16)).as("FIELD POINTER of %s", r).isEqualTo(byteIndex);
    }
}
