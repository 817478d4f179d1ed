package org.scsi4j.iscsi.initiator;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A private tgtd (Debian package tgt) on 127.0.0.1 for interop tests, started and stopped with
 * {@code /work/shared/tools/tgt-up.sh} and {@code tgt-down.sh}: target tid 1 with a RAM disk at
 * LUN 1; {@link #tgtadm} adds LUNs and accounts through the control port (= the portal port,
 * which tgt limits to 1..32767).
 */
final class TgtPeer implements AutoCloseable {
    static final Path TOOLS = Path.of(System.getProperty("scsi4j.tools", "/work/shared/tools"));

    final int port;
    final String iqn;
    final Path stateDir;

    private TgtPeer(int port, String iqn) {
        this.port = port;
        this.iqn = iqn;
        this.stateDir = Path.of("/tmp/scsi4j-peer-tgt-" + port);
    }

    /** Starts tgtd; fails the test, naming the package, when tgtd is not installed. */
    static TgtPeer start(String iqn, int sizeMb) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/sbin/tgtd")) || !Files.isExecutable(Path.of("/usr/sbin/tgtadm"))) {
            fail("tgtd is not installed: install the Debian package tgt (apt-get install tgt)");
        }
        if (!Files.isExecutable(TOOLS.resolve("tgt-up.sh"))) {
            fail("missing " + TOOLS.resolve("tgt-up.sh") + " (set -Dscsi4j.tools=DIR)");
        }
        for (int attempt = 0; attempt < 10; attempt++) {
            int port = freePort();
            TgtPeer peer = new TgtPeer(port, iqn);
            Run r = run(30, TOOLS.resolve("tgt-up.sh").toString(), Integer.toString(port), iqn, "ram",
                    Integer.toString(sizeMb));
            if (r.exitCode == 0) {
                return peer;
            }
            peer.close();
            if (!r.output.contains("already")) {
                fail("tgt-up.sh failed:\n" + r.output);
            }
        }
        throw new AssertionError("no free port for tgtd");
    }

    /** A port tgt accepts as control port too (≤ 32767) that nothing listens on. */
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

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Runs {@code tgtadm -C PORT --lld iscsi ARGS}; fails the test on a non-zero exit. */
    String tgtadm(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/tgtadm", "-C", Integer.toString(port), "--lld", "iscsi"));
        cmd.addAll(List.of(args));
        Run r = run(30, cmd.toArray(String[]::new));
        if (r.exitCode != 0) {
            fail(String.join(" ", cmd) + " failed:\n" + r.output);
        }
        return r.output;
    }

    /** Adds a tape drive (SSC, a new 16 MB data cartridge) as LUN {@code lun}. */
    void addTape(int lun) throws Exception {
        Path image = stateDir.resolve("tape" + lun + ".img");
        Files.deleteIfExists(image);
        Run r = run(30, "/usr/sbin/tgtimg", "--op", "new", "--device-type", "tape", "--barcode", "SCSI4J0" + lun,
                "--size", "16", "--type", "data", "--file", image.toString());
        if (r.exitCode != 0) {
            fail("tgtimg failed:\n" + r.output);
        }
        tgtadm("--mode", "logicalunit", "--op", "new", "--tid", "1", "--lun", Integer.toString(lun),
                "--device-type", "tape", "--bstype", "ssc", "-b", image.toString());
    }

    @Override
    public void close() throws IOException {
        if (Files.exists(stateDir.resolve("tgtd.pid"))) {
            try {
                run(30, TOOLS.resolve("tgt-down.sh").toString(), Integer.toString(port));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (Files.isDirectory(stateDir)) {
            try (var files = Files.list(stateDir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(stateDir);
        }
    }

    record Run(int exitCode, String output) {
    }

    static Run run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
