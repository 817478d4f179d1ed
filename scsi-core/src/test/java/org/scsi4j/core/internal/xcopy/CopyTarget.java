package org.scsi4j.core.internal.xcopy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
 * A target with three disks behind the loopback transport: LUN 0 (512-byte blocks), LUN 1
 * (512-byte blocks, completing on another thread, volatile cache) and LUN 2 (4096-byte blocks),
 * 16 MiB each,
 * and optionally a read-only LUN 3. Closing it checks that no session, buffer or thread is left.
 */
final class CopyTarget implements AutoCloseable {
    static final String TARGET_NAME = "iqn.2026-11.org.scsi4j:xcopy";
    static final String INITIATOR = "iqn.2026-11.org.scsi4j:xcopy-initiator";

    final MemoryBlockDevice d0 = new MemoryBlockDevice(512, 32768);
    /** Completes on another thread; has a volatile write cache (WCE=1 until changed). */
    final MemoryBlockDevice d1 = new MemoryBlockDevice(512, 32768).completeOnOtherThread(true).volatileCache(true);
    final MemoryBlockDevice d2 = new MemoryBlockDevice(4096, 4096);
    final MemoryBlockDevice d3 = new MemoryBlockDevice(512, 2048);
    final ScsiTarget target;
    final LoopbackTransport transport;
    final LoopbackSession session;
    private final List<LoopbackSession> sessions = new ArrayList<>();

    CopyTarget() {
        this(false, Duration.ofSeconds(30));
    }

    /**
     * With {@code readOnlyLun3}, LUN 3 (512 x 2048) is mapped read-only; {@code tmfTimeout} is the
     * target's task management timeout.
     */
    CopyTarget(boolean readOnlyLun3, Duration tmfTimeout) {
        ScsiTarget.Builder b = ScsiTarget.builder(TARGET_NAME)
                .taskManagementTimeout(tmfTimeout)
                .logicalUnit(0, LogicalUnitSpec.disk("d0", d0))
                .logicalUnit(1, LogicalUnitSpec.disk("d1", d1))
                .logicalUnit(2, LogicalUnitSpec.disk("d2", d2));
        if (readOnlyLun3) {
            b.logicalUnit(3, LogicalUnitSpec.disk("d3", d3), true);
        }
        this.target = b.build();
        this.transport = LoopbackTransport.start(target);
        this.session = login(INITIATOR);
    }

    LoopbackSession login(String initiator) {
        LoopbackSession s = transport.login(initiator);
        sessions.add(s);
        for (int lun : target.luns()) {
            s.clearUnitAttentions(lun);
        }
        return s;
    }

    LogicalUnit lu(int lun) {
        return target.runtime().logicalUnit(lun);
    }

    long naa(int lun) {
        return target.identity(lun).naa();
    }

    ScsiResponse xcopy(int lun, byte[] parameterList) {
        return xcopy(session, lun, parameterList);
    }

    static ScsiResponse xcopy(LoopbackSession s, int lun, byte[] parameterList) {
        ScsiCommand c = parameterList.length == 0
                ? ScsiCommand.of(lun, CopyCdb.extendedCopy(0))
                : ScsiCommand.of(lun, CopyCdb.extendedCopy(parameterList.length)).dataOut(parameterList);
        return s.execute(c);
    }

    ScsiResponse in(int lun, byte[] cdb, int length) {
        return session.execute(ScsiCommand.of(lun, cdb).dataIn(length));
    }

    @Override
    public void close() {
        try {
            for (LoopbackSession s : sessions) {
                s.close();
            }
            transport.close();
            assertThat(transport.isAlive()).isFalse();
            assertThat(target.openNexusCount()).isZero();
            assertThat(target.outstandingBuffers()).isZero();
        } finally {
            target.close();
            assertThat(d1.completerStopped()).isTrue();
        }
    }
}
