package org.scsi4j.core.internal.sbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
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
 * One disk at LUN 0 behind the loopback transport, its unit attentions cleared; closing it checks
 * that no task or buffer is left behind. Also the sense-data assertions the SBC tests share.
 */
final class Disk implements AutoCloseable {
    final ScsiTarget target;
    final LoopbackTransport transport;
    final LoopbackSession session;
    final int blockSize;

    Disk(BlockDevice device) {
        this(device, false);
    }

    Disk(BlockDevice device, boolean descriptorSense) {
        this(device, descriptorSense, false);
    }

    /** With {@code readOnly} the unit is mapped read-only (writes answer DATA PROTECT). */
    Disk(BlockDevice device, boolean descriptorSense, boolean readOnly) {
        this.blockSize = device.geometry().logicalBlockSize();
        this.target = ScsiTarget.builder("iqn.2026-11.org.scsi4j:sbc")
                .logicalUnit(0, LogicalUnitSpec.disk("d0", device).withDescriptorSense(descriptorSense), readOnly)
                .build();
        this.transport = LoopbackTransport.start(target);
        this.session = transport.login("iqn.2026-11.org.scsi4j:initiator");
        session.clearUnitAttentions(0);
    }

    LogicalUnit lu() {
        return target.runtime().logicalUnit(0);
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

    /** WRITE(16) of {@code data} at {@code lba}; asserts GOOD. */
    void write(long lba, byte[] data) {
        assertGood(out(SbcCdb.write(16, lba, data.length / blockSize), data));
    }

    /** READ(16) of {@code blocks} at {@code lba}; asserts GOOD. */
    byte[] read(long lba, int blocks) {
        ScsiResponse r = in(SbcCdb.read(16, lba, blocks), blocks * blockSize);
        assertGood(r);
        return r.data();
    }

    byte[] pattern(int blocks, int seed) {
        byte[] b = new byte[blocks * blockSize];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed + i * 31 + (i >>> 9));
        }
        return b;
    }

    static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** INQUIRY with EVPD=1 for {@code page}; asserts GOOD. */
    byte[] vpd(int page) {
        ScsiResponse r = in(new byte[] {0x12, 0x01, (byte) page, 0x00, (byte) 0xFF, 0x00}, 255);
        assertGood(r);
        return r.data();
    }

    @Override
    public void close() {
        assertThat(session.outstandingTasks()).isZero();
        assertThat(lu().sbc().rangeLock().isIdle()).as("range lock idle").isTrue();
        assertThat(lu().sbc().sanitize().inProgress()).as("no sanitize running").isFalse();
        session.close();
        transport.close();
        assertThat(target.outstandingBuffers()).isZero();
        target.close();
    }

    // ---------------------------------------------------------------- sense assertions

    static void assertGood(ScsiResponse r) {
        assertThat(r.status()).as("%s", r).isEqualTo(ScsiStatus.GOOD);
    }

    static void assertSense(ScsiResponse r, int key, int asc, int ascq) {
        assertThat(r.status()).as("%s", r).isEqualTo(ScsiStatus.CHECK_CONDITION);
        assertThat(new int[] {r.senseKey(), r.asc(), r.ascq()}).as("%s", r).containsExactly(key, asc, ascq);
    }

    static void assertLbaOutOfRange(ScsiResponse r) {
        assertSense(r, 0x5, 0x21, 0x00);
    }

    /** INVALID FIELD IN CDB with the field pointer (fixed format) at {@code byteIndex}, {@code bit} or -1. */
    static void assertInvalidFieldInCdb(ScsiResponse r, int byteIndex, int bit) {
        assertSense(r, 0x5, 0x24, 0x00);
        byte[] s = r.sense();
        int sks = s[15] & 0xFF;
        assertThat(sks & 0xC0).as("SKSV and C/D").isEqualTo(0xC0);
        if (bit >= 0) {
            assertThat(sks & 0x0F).as("BPV and bit pointer").isEqualTo(0x08 | bit);
        } else {
            assertThat(sks & 0x08).as("BPV").isZero();
        }
        assertThat(((s[16] & 0xFF) << 8) | (s[17] & 0xFF)).as("field pointer").isEqualTo(byteIndex);
    }

    /** INVALID FIELD IN PARAMETER LIST with the field pointer (C/D=0) at {@code byteIndex}. */
    static void assertInvalidFieldInParameterList(ScsiResponse r, int byteIndex) {
        assertSense(r, 0x5, 0x26, 0x00);
        byte[] s = r.sense();
        assertThat(s[15] & 0xC0).as("SKSV, C/D=0").isEqualTo(0x80);
        assertThat(((s[16] & 0xFF) << 8) | (s[17] & 0xFF)).as("field pointer").isEqualTo(byteIndex);
    }

    /** The INFORMATION field of fixed or descriptor sense data; fails when VALID/absent. */
    static long information(ScsiResponse r) {
        byte[] s = r.sense();
        if ((s[0] & 0x7F) >= 0x72) {
            int p = 8;
            int end = 8 + (s[7] & 0xFF);
            while (p < end) {
                if (s[p] == 0x00) {
                    assertThat(s[p + 2] & 0x80).as("VALID").isEqualTo(0x80);
                    long v = 0;
                    for (int i = 0; i < 8; i++) {
                        v = (v << 8) | (s[p + 4 + i] & 0xFF);
                    }
                    return v;
                }
                p += 2 + (s[p + 1] & 0xFF);
            }
            throw new AssertionError("no information descriptor in " + r);
        }
        assertThat(s[0] & 0x80).as("VALID").isEqualTo(0x80);
        return ((long) (s[3] & 0xFF) << 24) | ((s[4] & 0xFF) << 16) | ((s[5] & 0xFF) << 8) | (s[6] & 0xFF);
    }
}
