package org.scsi4j.core.internal.xcopy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.xcopy.CopyCdb.list;
import static org.scsi4j.core.internal.xcopy.CopyCdb.receiveCopyResults;
import static org.scsi4j.core.internal.xcopy.CopyCdb.u16;
import static org.scsi4j.core.internal.xcopy.CopyCdb.u32;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.transport.TmfFunction;

/** RECEIVE COPY RESULTS (LID1, SPC-4 §6.26): OPERATING PARAMETERS and COPY STATUS. */
class ReceiveCopyResultsTest {
    private static final int COPY_STATUS = 0x00;
    private static final int OPERATING_PARAMETERS = 0x03;

    private static byte[] copyStatus(CopyTarget t, int lun, int listId) {
        ScsiResponse r = t.in(lun, receiveCopyResults(COPY_STATUS, listId, 1024), 1024);
        assertThat(r.isGood()).as("%s", r).isTrue();
        assertThat(r.data()).hasSize(12);
        assertThat(u32(r.data(), 0)).as("AVAILABLE DATA").isEqualTo(8);
        return r.data();
    }

    @Test
    void operatingParametersAreTheLimitsEnforced() {
        try (CopyTarget t = new CopyTarget()) {
            ScsiResponse r = t.in(0, receiveCopyResults(OPERATING_PARAMETERS, 0, 1024), 1024);
            assertThat(r.isGood()).isTrue();
            byte[] d = r.data();
            assertThat(d).hasSize(46);
            assertThat(u32(d, 0)).as("AVAILABLE DATA").isEqualTo(42);
            assertThat(d[4]).as("SNLID").isEqualTo((byte) 1);
            assertThat(u16(d, 8)).as("MAXIMUM CSCD DESCRIPTOR COUNT").isEqualTo(CopyLimits.MAX_CSCD_DESCRIPTORS);
            assertThat(u16(d, 10)).as("MAXIMUM SEGMENT DESCRIPTOR COUNT").isEqualTo(CopyLimits.MAX_SEGMENT_DESCRIPTORS);
            assertThat(u32(d, 12)).as("MAXIMUM DESCRIPTOR LIST LENGTH").isEqualTo(16 * 32 + 64 * 28);
            assertThat(u32(d, 16)).as("MAXIMUM SEGMENT LENGTH: no limit").isZero();
            assertThat(u32(d, 20)).as("MAXIMUM INLINE DATA LENGTH").isZero();
            assertThat(u32(d, 24)).as("HELD DATA LIMIT").isZero();
            assertThat(u16(d, 34)).as("TOTAL CONCURRENT COPIES").isEqualTo(64);
            assertThat(d[36] & 0xFF).as("MAXIMUM CONCURRENT COPIES").isEqualTo(64);
            assertThat(d[37]).as("DATA SEGMENT GRANULARITY, 2^9").isEqualTo((byte) 9);
            assertThat(d[43]).as("IMPLEMENTED DESCRIPTOR LIST LENGTH").isEqualTo((byte) 2);
            assertThat(new int[] {d[44] & 0xFF, d[45] & 0xFF}).containsExactly(0x02, 0xE4);

            assertThat(t.in(2, receiveCopyResults(OPERATING_PARAMETERS, 0, 1024), 1024).data()[37])
                    .as("4096-byte unit").isEqualTo((byte) 12);
            ScsiResponse cut = t.in(0, receiveCopyResults(OPERATING_PARAMETERS, 0, 8), 8);
            assertThat(cut.data()).hasSize(8);
            assertThat(u32(cut.data(), 0)).isEqualTo(42);
        }
    }

    @Test
    void copyStatusOfAnUnknownListIsAnInvalidFieldAndOtherServiceActionsToo() {
        try (CopyTarget t = new CopyTarget()) {
            CopySense.invalidFieldInCdb(t.in(0, receiveCopyResults(COPY_STATUS, 1, 1024), 1024), 2, -1);
            CopySense.invalidFieldInCdb(t.in(0, receiveCopyResults(0x01, 1, 1024), 1024), 1, 4);
            CopySense.invalidFieldInCdb(t.in(0, receiveCopyResults(0x04, 1, 1024), 1024), 1, 4);
        }
    }

    @Test
    void copyStatusAfterSuccessAndFailure() {
        try (CopyTarget t = new CopyTarget()) {
            byte[] ok = list().listId(1, ParameterList.USAGE_HOLD).cscd(t.naa(0), 512).cscd(t.naa(1), 512)
                    .segment(0, 1, 3000, 0, 0, false).segment(1, 0, 10, 0, 5000, false).build();
            assertThat(t.xcopy(0, ok).isGood()).isTrue();
            byte[] s = copyStatus(t, 0, 1);
            assertThat(s[4]).as("HDD 0, completed without errors").isEqualTo((byte) 0x01);
            assertThat(u16(s, 5)).as("SEGMENTS PROCESSED").isEqualTo(2);
            assertThat(s[7]).as("TRANSFER COUNT UNITS: bytes").isEqualTo((byte) 0);
            assertThat(u32(s, 8)).as("TRANSFER COUNT").isEqualTo(3010L * 512);
            assertThat(copyStatus(t, 0, 1)).as("kept after reading").isEqualTo(s);

            byte[] bad = list().listId(2, ParameterList.USAGE_DISCARD).cscd(t.naa(0), 512)
                    .segment(0, 0, 8, 0, 32768, false).build();
            CopySense.checkCondition(t.xcopy(0, bad), CopySense.COPY_ABORTED, 0, 0);
            s = copyStatus(t, 0, 2);
            assertThat(s[4]).as("completed with errors").isEqualTo((byte) 0x02);
            assertThat(u16(s, 5)).isZero();
            assertThat(u32(s, 8)).isZero();

            // the same list identifier again: the newer copy's status replaces the older one
            byte[] again = list().listId(2, ParameterList.USAGE_HOLD).cscd(t.naa(0), 512)
                    .segment(0, 0, 8, 0, 8, false).build();
            assertThat(t.xcopy(0, again).isGood()).isTrue();
            assertThat(copyStatus(t, 0, 2)[4]).isEqualTo((byte) 0x01);
        }
    }

    @Test
    void resultsBelongToTheNexusAndUnitAndUsage11bKeepsNone() {
        try (CopyTarget t = new CopyTarget()) {
            byte[] p = list().listId(3, ParameterList.USAGE_HOLD).cscd(t.naa(0), 512).segment(0, 0, 1, 0, 1, false).build();
            assertThat(t.xcopy(0, p).isGood()).isTrue();
            copyStatus(t, 0, 3);
            LoopbackSession other = t.login("iqn.2026-11.org.scsi4j:other");
            CopySense.invalidFieldInCdb(other.execute(ScsiCommand.of(0, receiveCopyResults(COPY_STATUS, 3, 64)).dataIn(64)), 2, -1);
            CopySense.invalidFieldInCdb(t.in(1, receiveCopyResults(COPY_STATUS, 3, 64), 64), 2, -1);

            byte[] none = list().listId(0, ParameterList.USAGE_NONE).cscd(t.naa(0), 512).segment(0, 0, 1, 0, 1, false).build();
            assertThat(t.xcopy(1, none).isGood()).isTrue();
            CopySense.invalidFieldInCdb(t.in(1, receiveCopyResults(COPY_STATUS, 0, 64), 64), 2, -1);
        }
    }

    @Test
    void heldResultsAreBounded() {
        try (CopyTarget t = new CopyTarget()) {
            for (int id = 0; id < 100; id++) {
                byte[] p = list().listId(id, ParameterList.USAGE_HOLD).cscd(t.naa(0), 512).build();
                assertThat(t.xcopy(0, p).isGood()).isTrue();
            }
            assertThat(CopyRecords.of(t.lu(0)).size()).isEqualTo(CopyLimits.MAX_HELD_RECORDS);
            CopySense.invalidFieldInCdb(t.in(0, receiveCopyResults(COPY_STATUS, 0, 64), 64), 2, -1);
            assertThat(copyStatus(t, 0, 99)[4]).isEqualTo((byte) 0x01);
        }
    }

    @Test
    void aRunningCopyReportsProgressAndItsListIdentifierIsBusy() throws Exception {
        try (CopyTarget t = new CopyTarget()) {
            byte[] p = list().listId(7, ParameterList.USAGE_HOLD).cscd(t.naa(0), 512).cscd(t.naa(1), 512)
                    .segment(0, 1, 2048, 0, 0, false).build();
            t.d1.hold();
            CompletableFuture<ScsiResponse> running = t.session.submit(
                    ScsiCommand.of(0, CopyCdb.extendedCopy(p.length)).dataOut(p));
            awaitHeld(t, 1);
            byte[] s = copyStatus(t, 0, 7);
            assertThat(s[4]).as("in progress").isEqualTo((byte) 0x00);
            assertThat(u16(s, 5)).isZero();
            CopySense.checkCondition(t.xcopy(0, p), CopySense.ILLEGAL_REQUEST, 0x00, 0x16);
            // another nexus has its own list identifiers
            byte[] q = list().listId(7, ParameterList.USAGE_HOLD).cscd(t.naa(0), 512).segment(0, 0, 8, 0, 8, false).build();
            LoopbackSession other = t.login("iqn.2026-11.org.scsi4j:other");
            assertThat(CopyTarget.xcopy(other, 0, q).isGood()).isTrue();

            t.d1.release();
            assertThat(running.get(30, TimeUnit.SECONDS).isGood()).isTrue();
            assertThat(copyStatus(t, 0, 7)[4]).isEqualTo((byte) 0x01);
        }
    }

    @Test
    void anAbortedCopyEndsWithErrorsOnceTheTargetHasGivenUpOnIt() throws Exception {
        try (CopyTarget t = new CopyTarget(false, Duration.ofMillis(100))) {
            byte[] p = list().listId(9, ParameterList.USAGE_HOLD).cscd(t.naa(0), 512).cscd(t.naa(1), 512)
                    .segment(0, 1, 2048, 0, 0, false).build();
            t.d1.hold();
            long tag = t.session.peekNextTag();
            CompletableFuture<ScsiResponse> running = t.session.submit(
                    ScsiCommand.of(0, CopyCdb.extendedCopy(p.length)).dataOut(p));
            awaitHeld(t, 1);
            t.session.taskManagement(TmfFunction.ABORT_TASK, 0, tag);
            t.d1.release();
            running.get(30, TimeUnit.SECONDS);
            Thread.sleep(250);                               // twice the task management timeout
            assertThat(copyStatus(t, 0, 9)[4]).as("completed with errors").isEqualTo((byte) 0x02);
            assertThat(t.xcopy(0, p).isGood()).as("the list identifier is free again").isTrue();
        }
    }

    private static void awaitHeld(CopyTarget t, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (t.d1.heldCount() < n) {
            assertThat(System.nanoTime()).as("device operation held in time").isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
