package org.scsi4j.benchmarks;

import java.net.InetSocketAddress;
import org.scsi4j.backstore.file.NullBlockDevice;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.iscsi.ExportedTarget;
import org.scsi4j.iscsi.IscsiServer;

/**
 * The scsi4j iSCSI server started in the benchmark's JVM on 127.0.0.1 with a free port, exporting
 * one target whose LUN 0 is a 1 TiB {@link NullBlockDevice} (reads are zeroes, costs nothing), so
 * the measurement is the transport and the core alone.
 */
final class EmbeddedTarget implements AutoCloseable {
    static final String IQN = "iqn.2026-11.org.scsi4j.bench:null";

    private final ScsiTarget target;
    private final IscsiServer server;
    private final String url;

    private EmbeddedTarget(ScsiTarget target, IscsiServer server) {
        this.target = target;
        this.server = server;
        InetSocketAddress a = server.boundAddress();
        this.url = "iscsi://127.0.0.1:" + a.getPort() + "/" + IQN + "/0";
    }

    static EmbeddedTarget startNull() {
        ScsiTarget target = ScsiTarget.builder(IQN)
                .logicalUnit(0, LogicalUnitSpec.disk("null0", new NullBlockDevice(1L << 40, 512)))
                .build();
        try {
            IscsiServer server = IscsiServer.builder()
                    .portal("127.0.0.1", 0)
                    .target(ExportedTarget.builder(IQN, target).build())
                    .build()
                    .start();
            return new EmbeddedTarget(target, server);
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    String url() {
        return url;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            int outstanding = target.outstandingBuffers();
            target.close();
            if (outstanding != 0) {
                throw new IllegalStateException(outstanding + " data buffers still out after the server closed");
            }
        }
    }
}
