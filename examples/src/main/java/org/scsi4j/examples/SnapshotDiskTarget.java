package org.scsi4j.examples;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.iscsi.ExportedTarget;
import org.scsi4j.iscsi.IscsiServer;

/**
 * Exports the {@link SnapshotDisk} emulator over iSCSI: the whole of what a host application
 * writes to serve its own device. {@code java -cp scsi4j-target.jar org.scsi4j.examples.SnapshotDiskTarget
 * [HOST:PORT]} (default 127.0.0.1:3261) serves a 1 GiB snapshot disk as LUN 0 of
 * {@value #IQN}; Ctrl-C stops it.
 */
public final class SnapshotDiskTarget implements AutoCloseable {
    public static final String IQN = "iqn.2026-11.org.scsi4j:snapshots";

    private final SnapshotDisk disk;
    private final ScsiTarget target;
    private final IscsiServer server;

    /** Starts the target on {@code host:port} (port 0 picks a free one). */
    public SnapshotDiskTarget(String host, int port, long sizeBytes) {
        this.disk = new SnapshotDisk(512, sizeBytes / 512);
        this.target = ScsiTarget.builder(IQN).logicalUnit(0, LogicalUnitSpec.disk("snapshots", disk)).build();
        IscsiServer s;
        try {
            s = IscsiServer.builder().portal(host, port).target(ExportedTarget.builder(IQN, target).build()).build().start();
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        this.server = s;
    }

    /** The disk, to take and revert snapshots while initiators use it. */
    public SnapshotDisk disk() {
        return disk;
    }

    public InetSocketAddress address() {
        return server.boundAddress();
    }

    /** The {@code iscsi://} URL of LUN 0. */
    public String url() {
        InetSocketAddress a = address();
        return "iscsi://" + a.getHostString() + ":" + a.getPort() + "/" + IQN + "/0";
    }

    @Override
    public void close() {
        server.close();
        target.close();
    }

    public static void main(String[] args) throws InterruptedException {
        String listen = args.length > 0 ? args[0] : "127.0.0.1:3261";
        int colon = listen.lastIndexOf(':');
        SnapshotDiskTarget t = new SnapshotDiskTarget(listen.substring(0, colon),
                Integer.parseInt(listen.substring(colon + 1)), 1L << 30);
        System.out.println(t.url());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            t.close();
            stopped.countDown();
        }, "scsi4j-snapshot-example-shutdown"));
        stopped.await();
    }
}
