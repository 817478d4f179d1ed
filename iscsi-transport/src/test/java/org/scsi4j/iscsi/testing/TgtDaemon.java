package org.scsi4j.iscsi.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A private tgtd (Debian package tgt; it runs as root) on 127.0.0.1 only, for interop tests: started
 * with {@code tgt-up.sh} from the shared tools directory (system property {@code scsi4j.tools}),
 * which makes target tid 1 with one disk at LUN 1; further LUNs (a tape, a CD, a medium changer, or
 * anything else {@link #tgtadm} can do) are added afterwards. The portal port is a free one below
 * 32768, because tgt also uses it as its control port. {@link #close()} stops exactly that daemon
 * with {@code tgt-down.sh} and removes its state directory, also when the test failed.
 */
public final class TgtDaemon implements AutoCloseable {
    private static final Path TOOLS = Path.of(System.getProperty("scsi4j.tools", "/work/shared/tools"));
    private static final String TGTADM = "/usr/sbin/tgtadm";
    private static final String TGTIMG = "/usr/sbin/tgtimg";

    /** What LUN 1 is, as tgt-up.sh's KIND. */
    public enum Disk {
        /** a file on tmpfs of the given size */
        RAM,
        /** a preallocated file of the given size under /tmp; {@link #backingFile()} names it */
        FILE,
        /** tgt's null backing store: zeros read, writes dropped, 1 TiB whatever the size */
        NULL
    }

    private final int port;
    private final String iqn;
    private final Path stateDir;

    private TgtDaemon(int port, String iqn) {
        this.port = port;
        this.iqn = iqn;
        this.stateDir = Path.of("/tmp/scsi4j-peer-tgt-" + port); // where tgt-up.sh keeps a port's state
    }

    /** Starts tgtd with target {@code iqn}; fails the test, naming the package, when tgt is missing. */
    public static TgtDaemon start(String iqn, Disk disk, int sizeMb) throws Exception {
        HostTools.requireExecutable(Path.of("/usr/sbin/tgtd"), "tgt");
        HostTools.requireExecutable(Path.of(TGTADM), "tgt");
        Path up = TOOLS.resolve("tgt-up.sh");
        if (!Files.isExecutable(up)) {
            fail("missing " + up + " (set -Dscsi4j.tools=DIR)");
        }
        for (int attempt = 0; attempt < 10; attempt++) {
            TgtDaemon d = new TgtDaemon(freePort(), iqn);
            HostTools.Run r = HostTools.run(30, up.toString(), Integer.toString(d.port), iqn,
                    disk.name().toLowerCase(Locale.ROOT), Integer.toString(sizeMb));
            if (r.exitCode() == 0) {
                return d;
            }
            // not ours to stop: tgt-up.sh kills a daemon it started and then failed, and "already"
            // means another daemon owns that port's state; a port taken meanwhile is retried
            if (!r.output().contains("already")) {
                fail("tgt-up.sh failed:\n" + r.output());
            }
        }
        throw new AssertionError("no free port for tgtd");
    }

    /** A port nothing listens on that tgt also accepts as its control port (1..32767). */
    private static int freePort() {
        for (int i = 0; i < 100; i++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 32000);
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (IOException busy) {
                // try another
            }
        }
        throw new AssertionError("no free port in 20000..32000");
    }

    public int port() {
        return port;
    }

    public String iqn() {
        return iqn;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** @return libiscsi's URL of a LUN of the target */
    public String url(int lun) {
        return "iscsi://127.0.0.1:" + port + "/" + iqn + "/" + lun;
    }

    /** @return the file behind LUN 1 as tgt-up.sh recorded it ("None" for {@link Disk#NULL}) */
    public Path backingFile() throws IOException {
        return Path.of(Files.readString(stateDir.resolve("backing")).trim());
    }

    /** Runs {@code tgtadm -C PORT --lld iscsi ARGS}; fails the test on a non-zero exit. */
    public String tgtadm(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(TGTADM, "-C", Integer.toString(port), "--lld", "iscsi"));
        command.addAll(List.of(args));
        HostTools.Run r = HostTools.run(30, command.toArray(String[]::new));
        if (r.exitCode() != 0) {
            fail(String.join(" ", command) + " failed:\n" + r.output());
        }
        return r.output();
    }

    /** Adds a tape drive (SSC) holding a new 16 MB data cartridge, made with tgtimg, as LUN {@code lun}. */
    public void addTape(int lun) throws Exception {
        HostTools.requireExecutable(Path.of(TGTIMG), "tgt");
        Path image = stateDir.resolve("tape" + lun + ".img");
        Files.deleteIfExists(image);
        HostTools.Run r = HostTools.run(30, TGTIMG, "--op", "new", "--device-type", "tape", "--barcode",
                "SCSI4J0" + lun, "--size", "16", "--type", "data", "--file", image.toString());
        if (r.exitCode() != 0) {
            fail("tgtimg failed:\n" + r.output());
        }
        newLun(lun, "tape", "--bstype", "ssc", "-b", image.toString());
    }

    /** Adds a CD/DVD drive (MMC) with {@code image} (an ISO) loaded as LUN {@code lun}. */
    public void addCd(int lun, Path image) throws Exception {
        newLun(lun, "cd", "-b", image.toString());
    }

    /** Adds an empty CD/DVD drive as LUN {@code lun}: a medium changer's data transfer element, say. */
    public void addEmptyCd(int lun) throws Exception {
        newLun(lun, "cd");
    }

    /**
     * Adds a medium changer (SMC) as LUN {@code lun} whose media are the files in {@code mediaHome}
     * (named by their barcodes). tgt wants a backing file for it; its elements are then declared
     * with {@link #updateLun} ("element_type=...").
     */
    public void addChanger(int lun, Path mediaHome) throws Exception {
        Path smc = stateDir.resolve("smc" + lun);
        Files.write(smc, new byte[1024]);
        newLun(lun, "changer", "-b", smc.toString());
        updateLun(lun, "media_home=" + mediaHome);
    }

    /** Sets a LUN's device-type parameters ({@code tgtadm --op update --params}). */
    public void updateLun(int lun, String params) throws Exception {
        tgtadm("--mode", "logicalunit", "--op", "update", "--tid", "1", "--lun", Integer.toString(lun),
                "--params", params);
    }

    private void newLun(int lun, String deviceType, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--mode", "logicalunit", "--op", "new", "--tid", "1", "--lun",
                Integer.toString(lun), "--device-type", deviceType));
        args.addAll(List.of(more));
        tgtadm(args.toArray(String[]::new));
    }

    /** tgt-down.sh stops exactly the daemon tgt-up.sh started; its state files go in any case. */
    @Override
    public void close() throws IOException {
        try {
            if (Files.exists(stateDir.resolve("tgtd.pid"))) {
                HostTools.Run r = HostTools.run(30, TOOLS.resolve("tgt-down.sh").toString(), Integer.toString(port));
                if (r.exitCode() != 0) {
                    throw new AssertionError("tgt-down.sh failed:\n" + r.output());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted stopping tgtd on port " + port, e);
        } finally {
            deleteState();
        }
    }

    private void deleteState() throws IOException {
        if (Files.isDirectory(stateDir)) {
            try (var files = Files.list(stateDir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(stateDir);
        }
    }
}
