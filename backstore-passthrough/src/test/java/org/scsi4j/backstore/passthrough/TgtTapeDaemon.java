package org.scsi4j.backstore.passthrough;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A private tgtd (Debian package tgt, run as root) on 127.0.0.1 with a virtual tape drive: started
 * with {@code tgt-up.sh} from the shared tools directory (target tid 1, a "null" disk at LUN 1),
 * then a 16 MB SSC data cartridge made with {@code tgtimg} at LUN {@link #TAPE_LUN}
 * ({@code --device-type tape --bstype ssc}); {@link #close()} stops it with {@code tgt-down.sh},
 * which kills exactly that daemon, and removes its files.
 */
final class TgtTapeDaemon implements AutoCloseable {
    static final int TAPE_LUN = 2;
    static final Path TOOLS = Path.of(System.getProperty("scsi4j.tools", "/work/shared/tools"));

    final int port;
    final String iqn;
    private final Path stateDir;

    private TgtTapeDaemon(int port, String iqn) {
        this.port = port;
        this.iqn = iqn;
        this.stateDir = Path.of("/tmp/scsi4j-peer-tgt-" + port);
    }

    /** Starts tgtd with the tape; fails the test, naming the package, when tgt is missing. */
    static TgtTapeDaemon start(String iqn) throws Exception {
        for (String tool : List.of("/usr/sbin/tgtd", "/usr/sbin/tgtadm", "/usr/sbin/tgtimg")) {
            if (!Files.isExecutable(Path.of(tool))) {
                fail(tool + " is not installed: install the Debian package tgt (apt-get install tgt)");
            }
        }
        if (!Files.isExecutable(TOOLS.resolve("tgt-up.sh"))) {
            fail("missing " + TOOLS.resolve("tgt-up.sh") + " (set -Dscsi4j.tools=DIR)");
        }
        for (int attempt = 0; attempt < 10; attempt++) {
            TgtTapeDaemon d = new TgtTapeDaemon(freePort(), iqn);
            Run r = run(30, TOOLS.resolve("tgt-up.sh").toString(), Integer.toString(d.port), iqn, "null", "1");
            if (r.exitCode == 0) {
                try {
                    d.addTape();
                    return d;
                } catch (Throwable e) {
                    d.close();
                    throw e;
                }
            }
            // not ours to stop: tgt-up.sh kills a daemon it started and then failed, and "already"
            // means another daemon owns that port's state
            if (!r.output.contains("already")) {
                fail("tgt-up.sh failed:\n" + r.output);
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

    private void addTape() throws Exception {
        Path image = stateDir.resolve("tape.img");
        Run r = run(30, "/usr/sbin/tgtimg", "--op", "new", "--device-type", "tape", "--barcode", "SCSI4JPT",
                "--size", "16", "--type", "data", "--file", image.toString());
        if (r.exitCode != 0) {
            fail("tgtimg failed:\n" + r.output);
        }
        r = run(30, "/usr/sbin/tgtadm", "-C", Integer.toString(port), "--lld", "iscsi", "--mode", "logicalunit",
                "--op", "new", "--tid", "1", "--lun", Integer.toString(TAPE_LUN), "--device-type", "tape",
                "--bstype", "ssc", "-b", image.toString());
        if (r.exitCode != 0) {
            fail("tgtadm (new tape LUN) failed:\n" + r.output);
        }
    }

    /** @return libiscsi's URL of the tape */
    String tapeUrl() {
        return "iscsi://127.0.0.1:" + port + "/" + iqn + "/" + TAPE_LUN;
    }

    @Override
    public void close() throws IOException {
        if (Files.exists(stateDir.resolve("tgtd.pid"))) {
            Run r;
            try {
                r = run(30, TOOLS.resolve("tgt-down.sh").toString(), Integer.toString(port));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted stopping tgtd on port " + port, e);
            }
            if (r.exitCode != 0) {
                throw new AssertionError("tgt-down.sh failed:\n" + r.output);
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

    /** Runs a command to its end (bounded), its output and errors merged. */
    static Run run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
