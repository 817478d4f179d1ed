package org.scsi4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.scsi4j.backstore.file.FileBlockDevice;
import org.scsi4j.backstore.file.FileDeviceOptions;
import org.scsi4j.backstore.file.NullBlockDevice;
import org.scsi4j.backstore.file.RamBlockDevice;
import org.scsi4j.backstore.vcdrom.VirtualCdrom;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.examples.config.ConfigLauncher;
import org.scsi4j.iscsi.ChapCredentials;
import org.scsi4j.iscsi.ExportedTarget;
import org.scsi4j.iscsi.IscsiServer;

/**
 * The runnable example target: {@code java -jar scsi4j-target.jar [options]} (see
 * {@link TargetOptions#USAGE}). With no options it serves {@value TargetOptions#DEFAULT_IQN} on
 * {@value TargetOptions#DEFAULT_LISTEN} with LUN 0 a 1 GiB sparse file in a temporary directory.
 * Ctrl-C shuts down cleanly: initiators are asked to log out, then the sockets close.
 */
public final class ExampleTarget {
    static final long DEFAULT_DISK_BYTES = 1L << 30;

    private ExampleTarget() {
    }

    public static void main(String[] args) {
        TargetOptions options;
        try {
            options = TargetOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("scsi4j-target: " + e.getMessage());
            System.err.println("try --help");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(TargetOptions.USAGE);
            return;
        }
        if (options.config() != null) {
            int exit = ConfigLauncher.serve(options, System.out, System.err);
            if (exit != 0) {
                System.exit(exit);
            }
            return;
        }
        Running running;
        try {
            running = start(options, System.out);
        } catch (RuntimeException | IOException e) {
            System.err.println("scsi4j-target: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (options.writeConfig() != null && !ConfigLauncher.writeEffective(options, running.disks(), System.err)) {
            running.close();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "scsi4j-example-shutdown"));
        System.out.println("serving; Ctrl-C to stop");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A started example target; {@link #close()} stops it and removes its temporary files. */
    public static final class Running implements AutoCloseable {
        private final ScsiTarget target;
        private final IscsiServer server;
        private final Path tempDir;
        private final List<String> urls;
        private final List<DiskOption> disks;

        Running(ScsiTarget target, IscsiServer server, Path tempDir, List<String> urls, List<DiskOption> disks) {
            this.target = target;
            this.server = server;
            this.tempDir = tempDir;
            this.urls = List.copyOf(urls);
            this.disks = List.copyOf(disks);
        }

        /** The units served, LUN 0 first: the options' disks, or the default temporary disk. */
        public List<DiskOption> disks() {
            return disks;
        }

        /** The {@code iscsi://} URL of every LUN on every portal. */
        public List<String> urls() {
            return urls;
        }

        public ScsiTarget target() {
            return target;
        }

        public IscsiServer server() {
            return server;
        }

        @Override
        public synchronized void close() {
            server.close();
            target.close();
            if (tempDir != null) {
                try (var files = Files.walk(tempDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException | UncheckedIOException e) {
                    System.err.println("scsi4j-target: could not remove " + tempDir + ": " + e.getMessage());
                }
            }
        }
    }

    /** Builds the target and server the options describe, starts them and prints each LUN's URL. */
    public static Running start(TargetOptions o, PrintStream out) throws IOException {
        Path tempDir = null;
        List<DiskOption> disks = new ArrayList<>(o.disks());
        if (disks.isEmpty()) {
            tempDir = Files.createTempDirectory("scsi4j-example-");
            disks.add(new DiskOption(DiskOption.Kind.FILE, tempDir.resolve("lun0.img").toString(),
                    DEFAULT_DISK_BYTES, 512, false, false));
        }
        ScsiTarget.Builder tb = ScsiTarget.builder(o.iqn());
        int lun = 0;
        List<LogicalUnitSpec> opened = new ArrayList<>();
        ScsiTarget target;
        try {
            for (DiskOption d : disks) {
                LogicalUnitSpec spec = spec(d, lun, o.iqn());
                opened.add(spec);
                tb.logicalUnit(lun, spec, d.mapReadOnly());
                lun++;
            }
            target = tb.build();
        } catch (IOException | RuntimeException e) {
            opened.forEach(ExampleTarget::closeDevice);
            throw e;
        }
        IscsiServer server;
        try {
            ExportedTarget.Builder eb = ExportedTarget.builder(o.iqn(), target);
            if (o.chapUser != null) {
                eb.chap(ChapCredentials.of(o.chapUser, o.chapSecret));
            }
            if (o.mutualUser != null) {
                eb.mutualChap(ChapCredentials.of(o.mutualUser, o.mutualSecret));
            }
            IscsiServer.Builder sb = IscsiServer.builder().target(eb.build());
            for (String l : o.listen()) {
                int colon = l.lastIndexOf(':');
                sb.portal(l.substring(0, colon), Integer.parseInt(l.substring(colon + 1)));
            }
            server = sb.build().start();
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        List<String> urls = new ArrayList<>();
        for (InetSocketAddress a : server.boundAddresses()) {
            for (int l : target.luns()) {
                String url = "iscsi://" + a.getHostString() + ":" + a.getPort() + "/" + o.iqn() + "/" + l;
                urls.add(url);
                out.println(url);
            }
        }
        return new Running(target, server, tempDir, urls, disks);
    }

    private static LogicalUnitSpec spec(DiskOption d, int lun, String iqn) throws IOException {
        switch (d.kind()) {
            case BLOCK:
                return Backstores.block(Path.of(d.path()).getFileName().toString(), d.path(), d.readOnly(), d.direct());
            case PASSTHROUGH:
                return Backstores.passthrough("passthrough" + lun, d.path(), Backstores.passthroughInitiator(iqn));
            case TAPE:
                return Backstores.tape(Path.of(d.path()).getFileName().toString(), d.path(), d.sizeBytes(), d.readOnly());
            case FILE: {
                Path path = Path.of(d.path());
                FileDeviceOptions.Builder fb = FileDeviceOptions.builder(path).blockSize(d.blockSize())
                        .readOnly(d.readOnly()).direct(d.direct());
                if (d.sizeBytes() > 0 && !Files.exists(path)) {
                    fb.size(d.sizeBytes()).create(true);
                }
                return LogicalUnitSpec.disk(path.getFileName().toString(), FileBlockDevice.open(fb.build()))
                        .withRemovableMedium(d.removable());
            }
            case RAM:
                return LogicalUnitSpec.disk("ram" + lun, new RamBlockDevice(d.sizeBytes(), d.blockSize(), d.physicalBlockSize()))
                        .withRemovableMedium(d.removable());
            case ISO:
                return LogicalUnitSpec.cdrom("cd" + lun, d.path() == null
                        ? VirtualCdrom.empty("cd" + lun) : VirtualCdrom.of("cd" + lun, Path.of(d.path())));
            case NULL:
            default:
                return LogicalUnitSpec.disk("null" + lun, new NullBlockDevice(d.sizeBytes(), d.blockSize()));
        }
    }

    /** Closes the device of a unit that was opened but never handed to a target. */
    private static void closeDevice(LogicalUnitSpec spec) {
        if (spec.device() != null) {
            spec.device().close();
        } else if (spec.blockingDevice() != null) {
            spec.blockingDevice().close();
        } else {
            spec.scsiDevice().close();
        }
    }
}
