package org.scsi4j.core.internal.xcopy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.xcopy.CopyCdb.list;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.device.IoStatus;

/** EXTENDED COPY (LID1) moving data (SPC-4 §6.4): between units, within one, across block sizes. */
class ExtendedCopyTest {

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static void assertGood(ScsiResponse r) {
        assertThat(r.isGood()).as("%s", r).isTrue();
    }

    @Test
    void copiesFromOneUnitToAnotherThroughTheDevices() {
        try (CopyTarget t = new CopyTarget()) {
            byte[] data = random(2048 * 512, 1);
            t.d0.poke(100, data);
            byte[] p = list().cscd(t.naa(0), 512).cscd(t.naa(1), 512)
                    .segment(0, 1, 2048, 100, 5000, false).build();
            assertGood(t.xcopy(0, p));
            assertThat(t.d1.peek(5000, 2048)).isEqualTo(data);
            assertThat(t.d1.peek(4999, 1)).containsOnly(0);
            assertThat(t.d1.peek(7048, 1)).containsOnly(0);
        }
    }

    @Test
    void theCommandMayBeSentToAThirdUnitAndTheLocalIdNamesTheAddressedOne() {
        try (CopyTarget t = new CopyTarget()) {
            byte[] data = random(16 * 512, 2);
            t.d1.poke(0, data);
            // sent to LUN 2, copying LUN 1 -> LUN 0
            byte[] p = list().cscd(t.naa(1), 512).cscd(t.naa(0), 512).segment(0, 1, 16, 0, 64, false).build();
            assertGood(t.xcopy(2, p));
            assertThat(t.d0.peek(64, 16)).isEqualTo(data);
            // FFFFh: the addressed unit (LUN 1) as the destination
            byte[] q = list().cscd(t.naa(0), 512).segment(0, 0xFFFF, 16, 64, 1000, false).build();
            assertGood(t.xcopy(1, q));
            assertThat(t.d1.peek(1000, 16)).isEqualTo(data);
        }
    }

    @Test
    void aLargeCopySpansManyChunksAndSegments() {
        try (CopyTarget t = new CopyTarget()) {
            int blocks = 20000;                                  // 9.8 MiB: ten 1 MiB chunks
            byte[] data = random(blocks * 512, 3);
            t.d1.poke(0, data);
            int writesBefore = t.d0.writes();
            byte[] p = list().cscd(t.naa(1), 512).cscd(t.naa(0), 512)
                    .segment(0, 1, blocks, 0, 10, false)
                    .segment(0, 1, 100, 0, 30000, false)
                    .segment(0, 1, 0, 0, 0, false)
                    .build();
            assertGood(t.xcopy(0, p));
            assertThat(t.d0.peek(10, blocks)).isEqualTo(data);
            assertThat(t.d0.peek(30000, 100)).isEqualTo(java.util.Arrays.copyOf(data, 100 * 512));
            int chunks = (blocks * 512 + CopyLimits.CHUNK_BYTES - 1) / CopyLimits.CHUNK_BYTES;
            assertThat(t.d0.writes() - writesBefore).as("one write per 1 MiB chunk").isEqualTo(chunks + 1);
        }
    }

    @Test
    void withinOneUnitAsLibiscsiSimpleDoes() {
        try (CopyTarget t = new CopyTarget()) {
            byte[] data = random(2048 * 512, 4);
            t.d0.poke(0, data);
            byte[] p = list().listId(1, ParameterList.USAGE_DISCARD).cscd(t.naa(0), 512)
                    .segment(0, 0, 2048, 0, 32768 - 2048, false).build();
            assertGood(t.xcopy(0, p));
            assertThat(t.d0.peek(32768 - 2048, 2048)).isEqualTo(data);
        }
    }

    @Test
    void overlappingRangesCopyAsIfTheSourceWereReadFirst() {
        try (CopyTarget t = new CopyTarget()) {
            int blocks = 5000;                                   // three chunks, overlapping
            byte[] data = random(blocks * 512, 5);
            t.d0.poke(0, data);
            byte[] up = list().cscd(t.naa(0), 512).segment(0, 0, blocks, 0, 1000, false).build();
            assertGood(t.xcopy(0, up));
            assertThat(t.d0.peek(1000, blocks)).as("destination above the source").isEqualTo(data);
            byte[] down = list().cscd(t.naa(0), 512).segment(0, 0, blocks, 1000, 10, false).build();
            assertGood(t.xcopy(0, down));
            assertThat(t.d0.peek(10, blocks)).as("destination below the source").isEqualTo(data);
        }
    }

    @Test
    void differentBlockSizesCountTheBlocksTheDcBitNames() {
        try (CopyTarget t = new CopyTarget()) {
            byte[] data = random(80 * 512, 6);
            t.d0.poke(8, data);
            // DC=0: 80 source blocks of 512 = 10 destination blocks of 4096
            byte[] p = list().cscd(t.naa(0), 512).cscd(t.naa(2), 4096).segment(0, 1, 80, 8, 3, false).build();
            assertGood(t.xcopy(0, p));
            assertThat(t.d2.peek(3, 10)).isEqualTo(data);
            // DC=1: 10 destination blocks of 512 = 40960 bytes from the 4096 unit
            byte[] q = list().cscd(t.naa(2), 4096).cscd(t.naa(1), 512).segment(0, 1, 80, 3, 0, true).build();
            assertGood(t.xcopy(0, q));
            assertThat(t.d1.peek(0, 80)).isEqualTo(data);
            // DC=1 from 512 to 4096: 2 destination blocks = 16 source blocks
            byte[] r = list().cscd(t.naa(0), 512).cscd(t.naa(2), 4096).segment(0, 1, 2, 8, 100, true).build();
            assertGood(t.xcopy(2, r));
            assertThat(t.d2.peek(100, 2)).isEqualTo(java.util.Arrays.copyOf(data, 8192));
        }
    }

    @Test
    void anInexactSegmentIsRefused() {
        try (CopyTarget t = new CopyTarget()) {
            byte[] p = list().cscd(t.naa(0), 512).cscd(t.naa(2), 4096).segment(0, 1, 7, 0, 0, false).build();
            CopySense.checkCondition(t.xcopy(0, p), CopySense.ILLEGAL_REQUEST, 0x26, 0x0A);
            assertThat(t.d2.writes()).isZero();
        }
    }

    @Test
    void anEmptyParameterListOrSegmentListCopiesNothing() {
        try (CopyTarget t = new CopyTarget()) {
            assertGood(t.xcopy(0, new byte[0]));
            assertGood(t.xcopy(0, list().cscd(t.naa(0), 512).build()));
            assertGood(t.xcopy(0, list().cscd(t.naa(0), 512).segment(0, 0, 0, 0, 32768, false).build()));
            assertThat(t.d0.writes()).isZero();
        }
    }

    @Test
    void writesFollowTheDestinationsWriteCacheSetting() {
        try (CopyTarget t = new CopyTarget()) {
            byte[] p = list().cscd(t.naa(0), 512).cscd(t.naa(1), 512).segment(0, 1, 4096, 0, 0, false).build();
            assertGood(t.xcopy(0, p));
            assertThat(t.d1.writes()).isEqualTo(2);
            assertThat(t.d1.fuaWrites()).as("WCE=1: cached writes").isZero();
            t.lu(1).modePages().writeCacheEnabled(false);
            assertGood(t.xcopy(0, p));
            assertThat(t.d1.fuaWrites()).as("WCE=0 on a volatile cache: write-through").isEqualTo(2);
            assertThat(t.d0.fuaWrites()).isZero();
        }
    }

    @Test
    void aReadOnlyUnitIsASourceButNotADestination() {
        try (CopyTarget t = new CopyTarget(true, java.time.Duration.ofSeconds(30))) {
            byte[] data = random(8 * 512, 7);
            t.d3.poke(0, data);
            byte[] from = list().cscd(t.naa(3), 512).cscd(t.naa(0), 512).segment(0, 1, 8, 0, 0, false).build();
            assertGood(t.xcopy(3, from));
            assertThat(t.d0.peek(0, 8)).isEqualTo(data);
            byte[] to = list().cscd(t.naa(0), 512).segment(0, 0xFFFF, 8, 0, 100, false).build();
            CopySense.checkCondition(t.xcopy(3, to), CopySense.DATA_PROTECT, 0x27, 0x00);
            // software write protect on another unit
            t.lu(1).modePages().softwareWriteProtect(true);
            byte[] toLun1 = list().cscd(t.naa(0), 512).cscd(t.naa(1), 512).segment(0, 1, 8, 0, 0, false).build();
            CopySense.checkCondition(t.xcopy(0, toLun1), CopySense.DATA_PROTECT, 0x27, 0x00);
            assertThat(t.d1.writes()).isZero();
        }
    }

    @Test
    void aDeviceErrorAbortsTheCopyAfterTheSegmentsDone() {
        try (CopyTarget t = new CopyTarget()) {
            byte[] readFails = list().listId(5, ParameterList.USAGE_HOLD).cscd(t.naa(0), 512).cscd(t.naa(1), 512)
                    .segment(1, 0, 8, 0, 0, false).build();
            t.d1.failNext(IoStatus.READ_ERROR);
            CopySense.checkCondition(t.xcopy(0, readFails), CopySense.COPY_ABORTED, 0x0D, 0x01);
            byte[] status = t.in(0, CopyCdb.receiveCopyResults(0, 5, 64), 64).data();
            assertThat(status[4]).as("completed with errors").isEqualTo((byte) 0x02);
            assertThat(CopyCdb.u16(status, 5)).as("segments processed").isZero();

            byte[] writeFails = list().listId(5, ParameterList.USAGE_HOLD).cscd(t.naa(0), 512).cscd(t.naa(1), 512)
                    .segment(0, 0, 8, 0, 100, false)
                    .segment(0, 1, 8, 0, 0, false)
                    .build();
            t.d1.failNext(IoStatus.WRITE_ERROR);
            CopySense.checkCondition(t.xcopy(0, writeFails), CopySense.COPY_ABORTED, 0x0D, 0x01);
            status = t.in(0, CopyCdb.receiveCopyResults(0, 5, 64), 64).data();
            assertThat(status[4]).isEqualTo((byte) 0x02);
            assertThat(CopyCdb.u16(status, 5)).as("segments processed").isEqualTo(1);
            assertThat(CopyCdb.u32(status, 8)).as("bytes written").isEqualTo(8 * 512);
        }
    }

    @Test
    void deviceBackpressureIsTaskSetFull() {
        try (CopyTarget t = new CopyTarget()) {
            byte[] p = list().cscd(t.naa(0), 512).segment(0, 0, 8, 0, 8, false).build();
            t.d0.failNext(IoStatus.NO_RESOURCE);
            ScsiResponse r = t.xcopy(0, p);
            assertThat(r.status()).isEqualTo(org.scsi4j.core.spi.transport.ScsiStatus.TASK_SET_FULL);
            assertGood(t.xcopy(0, p));
        }
    }

    @Test
    void eachChunkIsOneDeviceReadAndOneDeviceWrite() {
        try (CopyTarget t = new CopyTarget()) {
            byte[] p = list().cscd(t.naa(2), 4096).cscd(t.naa(0), 512)
                    .segment(0, 1, 300, 0, 0, false).build();       // 300 x 4 KiB = 1.17 MiB
            assertGood(t.xcopy(2, p));
            assertThat(t.d0.writes()).as("a 1 MiB chunk and the rest").isEqualTo(2);
        }
    }
}
