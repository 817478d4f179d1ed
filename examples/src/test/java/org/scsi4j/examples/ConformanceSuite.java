package org.scsi4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs libiscsi's conformance suite ({@code iscsi-test-cu}, Debian package libiscsi-bin) one
 * process per test, as ../shared/tools/conformance.sh does, and compares each outcome with the
 * checked-in expectations ({@code conformance/expected.tsv}: configuration, test, outcome,
 * reason — "-" for a pass; a test the file does not list for a configuration is expected to pass).
 *
 * <p>A test is "skip" when the suite printed {@code [SKIPPED]} inside the test itself (lines
 * before its "Test:" line are the suite's own probing), "fail" when CUnit counted a failure, the
 * test did not run, or it timed out.
 */
final class ConformanceSuite {
    static final String INITIATOR_1 = "iqn.2026-11.org.scsi4j.test:cu-init1";
    static final String INITIATOR_2 = "iqn.2026-11.org.scsi4j.test:cu-init2";
    static final Duration PER_TEST_TIMEOUT = Duration.ofSeconds(60);

    record Result(String test, String outcome, double seconds, String detail) {
    }

    record Expectation(String outcome, String reason) {
    }

    private ConformanceSuite() {
    }

    static void requireTool() {
        if (!Files.isExecutable(Path.of("/usr/bin/iscsi-test-cu"))) {
            throw new AssertionError("iscsi-test-cu is missing: apt-get install libiscsi-bin");
        }
    }

    /** The suite's test names (FAMILY.SUITE.TEST) in family ALL that match {@code regex}. */
    static List<String> tests(String regex) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("iscsi-test-cu", "--list").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        Pattern filter = Pattern.compile(regex);
        List<String> tests = new ArrayList<>();
        for (String line : out.split("\n")) {
            String t = line.trim();
            if (t.startsWith("ALL.") && t.split("\\.").length == 3 && filter.matcher(t).find()) {
                tests.add(t);
            }
        }
        return tests;
    }

    /** Runs one test against {@code url} (and {@code url2} for multipath tests, may be null). */
    static Result run(String test, String url, String url2, Path logDir, String... extraArgs)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("iscsi-test-cu", "-d", "-v", "-i", INITIATOR_1, "-I", INITIATOR_2));
        cmd.addAll(List.of(extraArgs));
        cmd.addAll(List.of("-t", test, url));
        if (url2 != null) {
            cmd.add(url2);
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve(test + ".log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(logDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(PER_TEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        double secs = (System.nanoTime() - t0) / 1e9;
        if (!finished) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            return new Result(test, "fail", secs, "TIMEOUT after " + PER_TEST_TIMEOUT.toSeconds() + " s");
        }
        return classify(test, Files.readString(log, StandardCharsets.ISO_8859_1), secs);
    }

    static Result classify(String test, String log, double secs) {
        String name = test.substring(test.lastIndexOf('.') + 1);
        int body = log.indexOf("Test: " + name + " ");
        String testPart = body >= 0 ? log.substring(body) : "";
        int ran = -1;
        int failed = -1;
        for (String line : log.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 5 && f[0].equals("tests")) {
                ran = parse(f[2]);
                failed = parse(f[4]);
            }
        }
        String detail = firstLine(testPart, "[FAILED]", "[SKIPPED]", "CU_");
        if (ran <= 0) {
            return new Result(test, "fail", secs, "did not run: " + tail(log));
        }
        if (failed != 0) {
            return new Result(test, "fail", secs, detail);
        }
        if (testPart.contains("[SKIPPED]")) {
            return new Result(test, "skip", secs, detail);
        }
        return new Result(test, "pass", secs, "");
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String firstLine(String text, String... markers) {
        for (String line : text.split("\n")) {
            for (String m : markers) {
                int i = line.indexOf(m);
                if (i >= 0) {
                    String d = line.substring(i).trim();
                    return d.length() > 200 ? d.substring(0, 200) : d;
                }
            }
        }
        return "";
    }

    private static String tail(String log) {
        String t = log.strip();
        return t.length() > 200 ? t.substring(t.length() - 200) : t;
    }

    /** Expectations for one configuration: test → (outcome, reason). */
    static Map<String, Expectation> expectations(String configuration) throws IOException {
        Map<String, Expectation> m = new LinkedHashMap<>();
        try (InputStream in = ConformanceSuite.class.getResourceAsStream("/conformance/expected.tsv")) {
            if (in == null) {
                throw new IllegalStateException("conformance/expected.tsv missing from test resources");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length < 4 || f[3].isBlank() || (!f[2].equals("pass") && f[3].equals("-"))) {
                    throw new IllegalStateException("expectation needs configuration, test, outcome and (unless pass) a reason: " + line);
                }
                if (f[0].equals(configuration) || f[0].equals("*")) {
                    m.put(f[1], new Expectation(f[2], f[3]));
                }
            }
        }
        return m;
    }
}
