package org.scsi4j.backstore.passthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.iscsi.ExportedTarget;
import org.scsi4j.iscsi.IscsiServer;

/**
 * The scsi4j target of the interop tests, on 127.0.0.1: it exports {@link IscsiLunDevice}s of
 * another target's LUNs, opened with {@link #passThrough} before {@link #start()}. {@link #close()}
 * stops it and checks that nothing is left: no buffer, no command in flight, no thread of a device
 * or of its client sessions.
 */
final class GatewayTarget implements AutoCloseable {
    /** The initiator name the pass-through devices log in to the other target with. */
    static final String INITIATOR = "iqn.2026-11.org.scsi4j:gateway-initiator";

    private final String iqn;
    private final ScsiTarget.Builder builder;
    private final List<IscsiLunDevice> devices = new ArrayList<>();
    private ScsiTarget target;
    private IscsiServer server;

    GatewayTarget(String iqn) {
        this.iqn = iqn;
        this.builder = ScsiTarget.builder(iqn);
    }

    /** Opens a pass-through device of {@code backendUrl} (libiscsi's form) to export at {@code lun}. */
    IscsiLunDevice passThrough(int lun, String name, String backendUrl) throws IOException {
        IscsiLunDevice d = IscsiLunDevice.open(backendUrl, INITIATOR);
        devices.add(d);
        builder.logicalUnit(lun, LogicalUnitSpec.rawDevice(name, d));
        return d;
    }

    void start() {
        target = builder.build();
        server = IscsiServer.builder().portal("127.0.0.1", 0).target(ExportedTarget.builder(iqn, target).build())
                .ioLoops(1).build().start();
    }

    int port() {
        return server.boundAddress().getPort();
    }

    /** @return libiscsi's URL of one of the exported LUNs */
    String url(int lun) {
        return "iscsi://127.0.0.1:" + port() + "/" + iqn + "/" + lun;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (target != null) {
            target.close(); // closes the pass-through devices
        }
        for (IscsiLunDevice d : devices) {
            d.close(); // a no-op when the target closed it; needed when the target was never built
        }
        if (target != null) {
            assertThat(target.outstandingBuffers()).isZero();
        }
        for (IscsiLunDevice d : devices) {
            assertThat(d.commandsInFlight()).as("%s", d).isZero();
        }
        PassthroughRig.await("the device and client threads to end",
                () -> PassthroughRig.threads("scsi4j-passthrough-iscsi-").isEmpty()
                        && PassthroughRig.threads("scsi4j-initiator-").isEmpty());
    }
}
