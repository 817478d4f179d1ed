package org.scsi4j.backstore.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.scsi4j.iscsi.testing.HostTools;

/**
 * One running {@code tape_client} (src/test/c/tape_client.c, a libiscsi initiator) driven step by
 * step: {@link #op} writes one operation to its stdin and returns the line it answers with,
 * parsed. {@link #close()} asks it to log out and ends it, forcibly if it does not.
 * {@link #compile} builds the program at test time.
 */
final class TapeClient implements AutoCloseable {
    final String name;
    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    private TapeClient(String name, Process process) {
        this.name = name;
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }

    /**
     * Compiles tape_client.c with gcc against libiscsi-dev into target/{@code binaryName}; their
     * absence fails the test naming the packages. Each test class names its own binary, so that
     * one never runs a file another is rewriting.
     */
    static Path compile(String binaryName) throws Exception {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path source = base.resolve("src/test/c/tape_client.c");
        Path binary = base.resolve("target").resolve(binaryName);
        HostTools.require("gcc", "gcc");
        if (!Files.exists(Path.of("/usr/include/iscsi/iscsi.h"))) {
            fail("libiscsi headers are missing: install the Debian package libiscsi-dev"
                    + " (apt-get install gcc libiscsi-dev)");
        }
        Files.createDirectories(binary.getParent());
        HostTools.Run r = HostTools.run(60, "gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-o", binary.toString(),
                source.toString(), "-liscsi");
        if (r.exitCode() != 0) {
            fail("compiling " + source + " failed (apt-get install gcc libiscsi-dev):\n" + r.output());
        }
        return binary;
    }

    /** Starts the client and waits until it has logged in. */
    static TapeClient connect(Path binary, String url, String initiatorName) throws IOException {
        Process p = new ProcessBuilder(binary.toString(), url, initiatorName).redirectErrorStream(true).start();
        TapeClient c = new TapeClient(initiatorName, p);
        String first = c.out.readLine();
        if (!"connected".equals(first)) {
            c.close();
            throw new AssertionError(initiatorName + " could not connect to " + url + ": " + first);
        }
        return c;
    }

    /** Runs one operation ("read 4096", "write 512 7", ...) and returns its outcome. */
    Outcome op(String operation) throws IOException {
        in.write(operation + "\n");
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new AssertionError(name + " ended without answering " + operation);
        }
        return Outcome.parse(line);
    }

    @Override
    public void close() throws IOException {
        try {
            in.write("quit\n");
            in.flush();
        } catch (IOException gone) {
            // the process ended already
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        out.close();
        in.close();
    }

    /** One answer line: "op=NAME status=0xSS key=0xK asc=0xAA ascq=0xQQ [...]" as key/value pairs. */
    record Outcome(String line, Map<String, String> fields) {
        static Outcome parse(String line) {
            Map<String, String> f = new HashMap<>();
            for (String word : line.split(" ")) {
                int eq = word.indexOf('=');
                if (eq > 0) {
                    f.putIfAbsent(word.substring(0, eq), word.substring(eq + 1));
                }
            }
            return new Outcome(line, f);
        }

        /** @return the SCSI status, or -1 when the command got none ("status=error") */
        int status() {
            String s = fields.get("status");
            return s == null || !s.startsWith("0x") ? -1 : Integer.parseInt(s.substring(2), 16);
        }

        int senseKey() {
            return Integer.parseInt(fields.get("key").substring(2), 16);
        }

        int asc() {
            return Integer.parseInt(fields.get("asc").substring(2), 16);
        }

        int ascq() {
            return Integer.parseInt(fields.get("ascq").substring(2), 16);
        }

        String fnv() {
            return fields.get("fnv");
        }

        int bytes() {
            return Integer.parseInt(fields.get("bytes"));
        }

        int type() {
            return Integer.parseInt(fields.get("type").substring(2), 16);
        }

        Outcome assertStatus(int expected) {
            assertThat(status()).as("%s", line).isEqualTo(expected);
            return this;
        }

        @Override
        public String toString() {
            return line;
        }
    }

    /** The data {@code write BYTES SEED} sends: xorshift64 output, low byte each, as tape_client.c makes it. */
    static byte[] pattern(int bytes, long seed) {
        byte[] b = new byte[bytes];
        long x = seed;
        for (int i = 0; i < bytes; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[i] = (byte) x;
        }
        return b;
    }

    /** FNV-1a 64 as tape_client.c prints it. */
    static String fnv(byte[] data) {
        long h = 0xcbf29ce484222325L;
        for (byte v : data) {
            h ^= v & 0xFF;
            h *= 0x100000001b3L;
        }
        return String.format("%016x", h);
    }
}
