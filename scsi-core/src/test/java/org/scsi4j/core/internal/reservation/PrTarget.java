package org.scsi4j.core.internal.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.reservation.PrCdb.params;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.transport.ScsiStatus;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.core.testing.MemoryBlockDevice;

/**
 * A disk at LUN 0 behind the loopback transport, with initiators that speak the reservation
 * commands. Closing it closes every session and transport, then checks that no nexus, buffer or
 * persistence thread is left behind.
 */
final class PrTarget implements AutoCloseable {
    static final String TARGET_NAME = "iqn.2026-11.org.scsi4j:pr";
    static final String UNIT_NAME = "d0";

    final ScsiTarget target;
    final LoopbackTransport transport;
    private final List<Initiator> initiators = new ArrayList<>();
    private final List<LoopbackTransport> transports = new ArrayList<>();

    static PrTarget disk() {
        return new PrTarget(null);
    }

    /** A target keeping APTPL state in {@code dir}. */
    static PrTarget persistent(Path dir) {
        return new PrTarget(dir);
    }

    private PrTarget(Path dir) {
        MemoryBlockDevice device = new MemoryBlockDevice(512, 256);
        ScsiTarget.Builder b = ScsiTarget.builder(TARGET_NAME).logicalUnit(0, LogicalUnitSpec.disk(UNIT_NAME, device));
        if (dir != null) {
            b.persistenceDirectory(dir);
        }
        try {
            this.target = b.build();
        } catch (RuntimeException e) {
            device.close(); // a failed build never took the device over
            throw e;
        }
        this.transport = LoopbackTransport.start(target);
        transports.add(transport);
    }

    LogicalUnit lu() {
        return target.runtime().logicalUnit(0);
    }

    /** A new I_T nexus on the default port, unit attentions cleared. */
    Initiator login(String name) {
        return login(transport, name);
    }

    Initiator login(LoopbackTransport via, String name) {
        Initiator i = new Initiator(via.login(name));
        initiators.add(i);
        i.clearUnitAttentions();
        return i;
    }

    /** Another loopback transport: on a new target port, or a second instance on an existing one. */
    LoopbackTransport transport(int relativePortId) {
        LoopbackTransport t = LoopbackTransport.start(target, relativePortId);
        transports.add(0, t);
        return t;
    }

    @Override
    public void close() {
        try {
            for (Initiator i : initiators) {
                i.session.close();
            }
            for (LoopbackTransport t : transports) {
                t.close();
                assertThat(t.isAlive()).isFalse();
            }
            assertThat(target.openNexusCount()).isZero();
            assertThat(target.outstandingBuffers()).isZero();
        } finally {
            target.close();
        }
        assertNoPersistThread();
    }

    static void assertNoPersistThread() {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (persistThreadAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(persistThreadAlive()).as("scsi4j-pr-persist thread stopped").isFalse();
    }

    private static boolean persistThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(AptplPersistence.THREAD_NAME) && t.isAlive());
    }

    // ---------------------------------------------------------------- assertions

    static void assertGood(ScsiResponse r) {
        assertThat(r.status()).as("%s", r).isEqualTo(ScsiStatus.GOOD);
    }

    static void assertConflict(ScsiResponse r) {
        assertThat(r.status()).as("%s", r).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
    }

    static void assertSense(ScsiResponse r, int key, int asc, int ascq) {
        assertThat(r.status()).as("%s", r).isEqualTo(ScsiStatus.CHECK_CONDITION);
        assertThat(new int[] {r.senseKey(), r.asc(), r.ascq()}).as("%s", r).containsExactly(key, asc, ascq);
    }

    /** ILLEGAL REQUEST with a field pointer (fixed format): C/D as given, byte, bit or -1. */
    static void assertField(ScsiResponse r, int asc, boolean inCdb, int byteIndex, int bit) {
        assertSense(r, 0x5, asc, 0);
        byte[] s = r.sense();
        int expected = 0x80 | (inCdb ? 0x40 : 0) | (bit >= 0 ? 0x08 | bit : 0);
        assertThat(s[15] & 0xFF).as("SKSV, C/D, BPV, BIT POINTER of %s", r).isEqualTo(expected);
        assertThat(PrCdb.u16(s, 16)).as("FIELD POINTER").isEqualTo(byteIndex);
    }

    static void assertUnitAttention(ScsiResponse r, int ascq) {
        assertSense(r, 0x6, 0x2A, ascq);
    }

    /** One I_T nexus and the commands the tests send through it. */
    static final class Initiator {
        final LoopbackSession session;

        Initiator(LoopbackSession session) {
            this.session = session;
        }

        void clearUnitAttentions() {
            session.clearUnitAttentions(0);
        }

        ScsiResponse none(byte[] cdb) {
            return session.execute(ScsiCommand.of(0, cdb));
        }

        ScsiResponse in(byte[] cdb, int length) {
            return session.execute(ScsiCommand.of(0, cdb).dataIn(length));
        }

        ScsiResponse out(byte[] cdb, byte[] data) {
            return session.execute(ScsiCommand.of(0, cdb).dataOut(data));
        }

        ScsiResponse tur() {
            return none(Cdbs.testUnitReady());
        }

        ScsiResponse read() {
            return in(Cdbs.read10(0, 1), 512);
        }

        ScsiResponse write() {
            return out(Cdbs.write10(0, 1, false), new byte[512]);
        }

        ScsiResponse prOut(int sa, int type, byte[] params) {
            return out(PrCdb.prOut(sa, 0, type, params.length), params);
        }

        ScsiResponse register(long key, long saKey) {
            return prOut(PrCdb.REGISTER, 0, params(key, saKey, 0));
        }

        ScsiResponse registerAptpl(long key, long saKey) {
            return prOut(PrCdb.REGISTER, 0, params(key, saKey, 0x01));
        }

        ScsiResponse registerIgnore(long saKey) {
            return prOut(PrCdb.REGISTER_AND_IGNORE, 0, params(0, saKey, 0));
        }

        ScsiResponse reserve(long key, int type) {
            return prOut(PrCdb.RESERVE, type, params(key, 0, 0));
        }

        ScsiResponse release(long key, int type) {
            return prOut(PrCdb.RELEASE, type, params(key, 0, 0));
        }

        ScsiResponse clear(long key) {
            return prOut(PrCdb.CLEAR, 0, params(key, 0, 0));
        }

        ScsiResponse preempt(long key, long saKey, int type) {
            return prOut(PrCdb.PREEMPT, type, params(key, saKey, 0));
        }

        ScsiResponse preemptAndAbort(long key, long saKey, int type) {
            return prOut(PrCdb.PREEMPT_AND_ABORT, type, params(key, saKey, 0));
        }

        ScsiResponse prIn(int sa, int length) {
            return in(PrCdb.prIn(sa, length), length);
        }

        /** READ KEYS: the keys, in the order reported. */
        long[] keys() {
            ScsiResponse r = prIn(0, 8192);
            assertGood(r);
            byte[] d = r.data();
            int n = (int) PrCdb.u32(d, 4) / 8;
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = PrCdb.u64(d, 8 + 8 * i);
            }
            return keys;
        }

        long generation() {
            ScsiResponse r = prIn(0, 8);
            assertGood(r);
            return PrCdb.u32(r.data(), 0);
        }

        /** READ RESERVATION: {key, type}, or null when nothing is reserved. */
        long[] reservation() {
            ScsiResponse r = prIn(1, 24);
            assertGood(r);
            byte[] d = r.data();
            if (PrCdb.u32(d, 4) == 0) {
                return null;
            }
            assertThat(PrCdb.u32(d, 4)).isEqualTo(16);
            assertThat(d[21] & 0xF0).as("SCOPE LU_SCOPE").isZero();
            return new long[] {PrCdb.u64(d, 8), d[21] & 0x0F};
        }

        ScsiResponse reserve6() {
            return none(PrCdb.reserve6());
        }

        ScsiResponse release6() {
            return none(PrCdb.release6());
        }

        ScsiResponse modeSense6() {
            return in(new byte[] {0x1A, 0, 0x3F, 0, (byte) 255, 0}, 255);
        }
    }
}
