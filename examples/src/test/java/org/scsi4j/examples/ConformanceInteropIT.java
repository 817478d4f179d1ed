package org.scsi4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * libiscsi's conformance suite against the example target (profile {@code interop}): the
 * transport families and the basic disk commands, at 512 and 4096-byte blocks. Any outcome that
 * differs from {@code conformance/expected.tsv} fails the build, with every difference listed.
 */
@Tag("interop")
class ConformanceInteropIT {
    /** The families the iSCSI transport must pass: its own, and the block commands it carries. */
    static final String TRANSPORT_FAMILIES =
            "^ALL\\.(iSCSIcmdsn|iSCSIdatasn|iSCSIResiduals|iSCSITMF|Read6|Read10|Read12|Read16"
            + "|ReadCapacity10|ReadCapacity16|Write10|Write12|Write16|Inquiry|TestUnitReady)\\.";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "disk512,  '--ram,256M'",
        "disk4096, '--ram,128M,block=4096'",
    })
    void transportFamiliesMatchTheExpectations(String configuration, String diskArgs) throws Exception {
        ConformanceSuite.requireTool();
        List<String> args = new ArrayList<>(List.of("--listen", "127.0.0.1:0", "--iqn", "iqn.2026-11.org.scsi4j:conformance"));
        String[] d = diskArgs.split(",", 2);
        args.add(d[0]);
        args.add(d[1]);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Path logs = Path.of("target", "conformance", configuration);
        try (ExampleTarget.Running target = ExampleTarget.start(TargetOptions.parse(args.toArray(new String[0])),
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            String url = target.urls().get(0);
            Map<String, ConformanceSuite.Expectation> expected = ConformanceSuite.expectations(configuration);
            List<String> differences = new ArrayList<>();
            int pass = 0;
            int other = 0;
            for (String test : ConformanceSuite.tests(TRANSPORT_FAMILIES)) {
                ConformanceSuite.Result r = ConformanceSuite.run(test, url, null, logs);
                String want = expected.containsKey(test) ? expected.get(test).outcome() : "pass";
                if (r.outcome().equals("pass")) {
                    pass++;
                } else {
                    other++;
                }
                if (!r.outcome().equals(want)) {
                    differences.add(test + ": expected " + want + ", got " + r.outcome() + " " + r.detail());
                }
            }
            System.out.printf("conformance %s: %d passed, %d not passed (logs in %s)%n", configuration, pass, other, logs);
            assertThat(differences).as("tests whose outcome differs from conformance/expected.tsv (logs: %s)", logs.toAbsolutePath())
                    .isEmpty();
            assertThat(target.target().outstandingBuffers()).isZero();
        }
    }
}
