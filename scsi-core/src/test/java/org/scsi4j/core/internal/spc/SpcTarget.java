package org.scsi4j.core.internal.spc;

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
import org.scsi4j.core.testing.MemoryBlockDevice;

/**
 * A target behind the loopback transport with one logged-in session whose unit attentions are
 * cleared. Closing it closes every session and the transport and checks that no buffer and no
 * thread is left behind.
 */
final class SpcTarget implements AutoCloseable {
    static final String TARGET_NAME = "iqn.2026-11.org.scsi4j:spc";
    static final String INITIATOR = "iqn.2026-11.org.scsi4j:initiator";

    final ScsiTarget target;
    final LoopbackTransport transport;
    final LoopbackSession session;
    private final List<LoopbackSession> sessions = new ArrayList<>();
    private final List<LoopbackTransport> transports = new ArrayList<>();

    /** A 512 x 2048 disk at LUN 0. */
    static SpcTarget disk() {
        return disk(new MemoryBlockDevice(512, 2048));
    }

    static SpcTarget disk(MemoryBlockDevice device) {
        return new SpcTarget(ScsiTarget.builder(TARGET_NAME).logicalUnit(0, LogicalUnitSpec.disk("d0", device)).build());
    }

    SpcTarget(ScsiTarget target) {
        this.target = target;
        this.transport = LoopbackTransport.start(target);
        transports.add(transport);
        this.session = login(INITIATOR);
    }

    /** A new I_T nexus on the default port with its unit attentions cleared on every LUN. */
    LoopbackSession login(String initiatorName) {
        return login(transport, initiatorName);
    }

    LoopbackSession login(LoopbackTransport via, String initiatorName) {
        LoopbackSession s = via.login(initiatorName);
        sessions.add(s);
        for (int lun : target.luns()) {
            s.clearUnitAttentions(lun);
        }
        return s;
    }

    /** Another loopback transport on relative target port {@code portId}. */
    LoopbackTransport secondPort(int portId) {
        LoopbackTransport t = LoopbackTransport.start(target, portId);
        transports.add(0, t);
        return t;
    }

    LogicalUnit lu(int lun) {
        return target.runtime().logicalUnit(lun);
    }

    ScsiResponse in(byte[] cdb, int length) {
        return in(0, cdb, length);
    }

    ScsiResponse in(int lun, byte[] cdb, int length) {
        return session.execute(ScsiCommand.of(lun, cdb).dataIn(length));
    }

    ScsiResponse out(byte[] cdb, byte[] data) {
        return session.execute(ScsiCommand.of(0, cdb).dataOut(data));
    }

    ScsiResponse none(byte[] cdb) {
        return session.execute(ScsiCommand.of(0, cdb));
    }

    @Override
    public void close() {
        try {
            for (LoopbackSession s : sessions) {
                s.close();
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
    }
}
