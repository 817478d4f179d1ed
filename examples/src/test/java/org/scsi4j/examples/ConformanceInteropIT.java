package org.scsi4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * libiscsi's conformance suite against the example target (profile {@code interop}), in every
 * configuration the suite needs: a 512-byte disk reached through two portals (MultipathIO), a
 * 512-byte disk with 4096-byte physical blocks, a 4096-byte disk, a read-only disk and a
 * removable disk, and a pass-through of a second target's disk. Any outcome that differs from {@code conformance/expected.tsv} fails the build,
 * with every difference listed; a summary of each run is written to {@code target/conformance}.
 */
@Tag("interop")
class ConformanceInteropIT {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "disk512;   --ram 256M;            .;                                                                true",
        "disk512e;  --ram 256M,phys=4096;  ^ALL\\.(CompareAndWrite|WriteSame10|WriteSame16|GetLBAStatus|Unmap)\\.; false",
        "disk4096;  --ram 128M,block=4096; .;                                                                false",
        "readonly;  --ram 64M,ro;          ^ALL\\.(ReadOnly|Mandatory|Inquiry|Read10)\\.;                     false",
        "removable; --ram 64M,removable;   ^ALL\\.(PreventAllow|StartStopUnit|NoMedia|TestUnitReady)\\.;      false",
    })
    void theSuiteMatchesTheExpectations(String configuration, String diskArgs, String tests, boolean multipath)
            throws Exception {
        ConformanceSuite.requireTool();
        List<String> args = new ArrayList<>(List.of("--listen", "127.0.0.1:0", "--iqn", "iqn.2026-11.org.scsi4j:conformance"));
        if (multipath) {
            args.addAll(List.of("--listen", "127.0.0.1:0"));
        }
        args.addAll(List.of(diskArgs.trim().split(" ")));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (ExampleTarget.Running target = ExampleTarget.start(TargetOptions.parse(args.toArray(new String[0])),
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            String url2 = multipath ? target.urls().get(1) : null;
            runAndCompare(configuration.trim(), target, target.urls().get(0), url2, tests.trim());
        }
    }

    /**
     * The suite through a pass-through: the example target passes a LUN of a second example target
     * (a 512-byte RAM disk) through with {@code --passthrough iscsi://...}, reached through two
     * portals, so every command but
     * the core's own (REPORT LUNS, reservations) travels through the iSCSI initiator client to the
     * backend and back untouched. It should behave as the disk itself does.
     */
    @Test
    void thePassThroughOfADiskMatchesTheExpectations() throws Exception {
        ConformanceSuite.requireTool();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (ExampleTarget.Running backend = ExampleTarget.start(TargetOptions.parse(new String[] {
                "--listen", "127.0.0.1:0", "--iqn", "iqn.2026-11.org.scsi4j:conformance-backend", "--ram", "256M"}), out)) {
            try (ExampleTarget.Running front = ExampleTarget.start(TargetOptions.parse(new String[] {
                    "--listen", "127.0.0.1:0", "--listen", "127.0.0.1:0", "--iqn", "iqn.2026-11.org.scsi4j:conformance",
                    "--passthrough", backend.urls().get(0)}), out)) {
                // two front portals: MultipathIO then checks reservations and resets across front nexuses
                runAndCompare("passthrough", front, front.urls().get(0), front.urls().get(1), ".");
            }
            assertThat(backend.target().outstandingBuffers()).isZero();
        }
    }

    private static void runAndCompare(String configuration, ExampleTarget.Running target, String url, String url2,
                                      String tests) throws Exception {
        Path logs = Path.of("target", "conformance", configuration);
        Map<String, ConformanceSuite.Expectation> expected = ConformanceSuite.expectations(configuration);
        List<String> differences = new ArrayList<>();
        StringBuilder summary = new StringBuilder("test\toutcome\tseconds\tdetail\n");
        int pass = 0;
        int skip = 0;
        int fail = 0;
        for (String test : ConformanceSuite.tests(tests)) {
            ConformanceSuite.Result r = ConformanceSuite.run(test, url, url2, logs, "-S");
            summary.append(test).append('\t').append(r.outcome()).append('\t')
                    .append(String.format("%.2f", r.seconds())).append('\t').append(r.detail()).append('\n');
            switch (r.outcome()) {
                case "pass": pass++; break;
                case "skip": skip++; break;
                default: fail++;
            }
            String want = expected.containsKey(test) ? expected.get(test).outcome() : "pass";
            if (!r.outcome().equals(want)) {
                differences.add(test + ": expected " + want + ", got " + r.outcome() + " " + r.detail());
            }
        }
        Files.writeString(logs.resolve("summary.tsv"), summary);
        System.out.printf("conformance %s: %d passed, %d failed, %d skipped (logs in %s)%n",
                configuration, pass, fail, skip, logs);
        assertThat(differences).as("tests whose outcome differs from conformance/expected.tsv (logs: %s)",
                logs.toAbsolutePath()).isEmpty();
        assertThat(target.target().outstandingBuffers()).isZero();
    }
}
