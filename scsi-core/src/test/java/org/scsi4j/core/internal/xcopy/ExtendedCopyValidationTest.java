package org.scsi4j.core.internal.xcopy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.xcopy.CopyCdb.list;
import static org.scsi4j.core.internal.xcopy.CopySense.COPY_ABORTED;
import static org.scsi4j.core.internal.xcopy.CopySense.ILLEGAL_REQUEST;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.spi.transport.ScsiStatus;

/** EXTENDED COPY (LID1) refusals (SPC-4 §6.4, §5.16.7): each checked before any data moves. */
class ExtendedCopyValidationTest {

    /** One CSCD for LUN 0 and a 2048-block segment within it, like libiscsi's lists. */
    private static CopyCdb.ParameterListBuilder simple(CopyTarget t) {
        return list().cscd(t.naa(0), 512);
    }

    private static void assertNothingWritten(CopyTarget t) {
        assertThat(t.d0.writes() + t.d1.writes() + t.d2.writes()).as("device writes").isZero();
    }

    @Test
    void parameterListLengthsThatCannotHoldTheListAreRefused() {
        try (CopyTarget t = new CopyTarget()) {
            byte[] p = simple(t).segment(0, 0, 2048, 0, 4096, false).build();
            // libiscsi ExtendedCopy.ParamHdr: the CDB length cuts the CSCD, then the segment descriptor
            CopySense.parameterListLengthError(t.xcopy(0, Arrays.copyOf(p, 16 + 32 - 1)));
            CopySense.parameterListLengthError(t.xcopy(0, Arrays.copyOf(p, p.length - 1)));
            // a header cut short
            CopySense.parameterListLengthError(t.xcopy(0, new byte[15]));
            // longer than 16 + MAXIMUM DESCRIPTOR LIST LENGTH: refused before the data-out
            ScsiResponse tooLong = t.session.execute(ScsiCommand.of(0,
                    CopyCdb.extendedCopy(16 + CopyLimits.MAX_DESCRIPTOR_LIST_LENGTH + 1)));
            CopySense.parameterListLengthError(tooLong);
            assertNothingWritten(t);
        }
    }

    @Test
    void descriptorListsAboveTheMaximumLengthAreAParameterListLengthError() {
        try (CopyTarget t = new CopyTarget()) {
            // libiscsi ExtendedCopy.DescrLimits, third case: too many CSCDs and segments, too long
            CopyCdb.ParameterListBuilder b = list();
            for (int i = 0; i <= CopyLimits.MAX_CSCD_DESCRIPTORS; i++) {
                b.cscd(t.naa(0), 512);
            }
            for (int i = 0; i <= CopyLimits.MAX_SEGMENT_DESCRIPTORS; i++) {
                b.segment(0, 0, 1, 0, 1, false);
            }
            CopySense.parameterListLengthError(t.xcopy(0, b.build()));
        }
    }

    @Test
    void inlineDataIsNotSupported() {
        try (CopyTarget t = new CopyTarget()) {
            byte[] p = simple(t).segment(0, 0, 1, 0, 1, false).inlineDataLength(4).build();
            byte[] withInline = Arrays.copyOf(p, p.length + 4);
            CopySense.checkCondition(t.xcopy(0, withInline), ILLEGAL_REQUEST, 0x26, 0x0B);
        }
    }

    @Test
    void listIdUsageMustBeDefinedAndUsage11bNeedsAZeroListIdentifier() {
        try (CopyTarget t = new CopyTarget()) {
            byte[] reserved = simple(t).listId(1, 1).segment(0, 0, 1, 0, 1, false).build();
            CopySense.invalidFieldInParameterList(t.xcopy(0, reserved), 1, 4);
            byte[] none = simple(t).listId(1, ParameterList.USAGE_NONE).segment(0, 0, 1, 0, 1, false).build();
            CopySense.invalidFieldInParameterList(t.xcopy(0, none), 0, -1);
            byte[] noneZero = simple(t).listId(0, ParameterList.USAGE_NONE).segment(0, 0, 1, 0, 1, false).build();
            assertThat(t.xcopy(0, noneZero).isGood()).isTrue();
        }
    }

    @Test
    void tooManyDescriptorsOfEitherKind() {
        try (CopyTarget t = new CopyTarget()) {
            // libiscsi ExtendedCopy.DescrLimits: max + 1 CSCDs with one segment, one CSCD with max + 1 segments
            CopyCdb.ParameterListBuilder cscds = list();
            for (int i = 0; i <= CopyLimits.MAX_CSCD_DESCRIPTORS; i++) {
                cscds.cscd(t.naa(0), 512);
            }
            CopySense.checkCondition(t.xcopy(0, cscds.segment(0, 0, 2048, 0, 4096, false).build()), ILLEGAL_REQUEST, 0x26, 0x06);
            CopyCdb.ParameterListBuilder segments = simple(t);
            for (int i = 0; i <= CopyLimits.MAX_SEGMENT_DESCRIPTORS; i++) {
                segments.segment(0, 0, 2048, 0, 4096, false);
            }
            CopySense.checkCondition(t.xcopy(0, segments.build()), ILLEGAL_REQUEST, 0x26, 0x08);
            assertNothingWritten(t);
        }
    }

    @Test
    void unsupportedDescriptorTypes() {
        try (CopyTarget t = new CopyTarget()) {
            // libiscsi ExtendedCopy.DescrType: a Fibre Channel N_Port_Name CSCD (E0h) ...
            byte[] fc = CopyCdb.cscdBytes(t.naa(0), 512);
            fc[0] = (byte) 0xE0;
            CopySense.checkCondition(t.xcopy(0, list().rawCscd(fc).segment(0, 0, 1, 0, 1, false).build()),
                    ILLEGAL_REQUEST, 0x26, 0x07);
            // ... and a stream-to-stream segment (03h, 20 bytes)
            byte[] stream = new byte[20];
            stream[0] = 0x03;
            stream[3] = 0x10;
            CopySense.checkCondition(t.xcopy(0, simple(t).rawSegment(stream).build()), ILLEGAL_REQUEST, 0x26, 0x09);
        }
    }

    @Test
    void malformedDescriptorsPointAtTheField() {
        try (CopyTarget t = new CopyTarget()) {
            byte[] seg = CopyCdb.segmentBytes(0, 0, 1, 0, 1, false);
            seg[3] = 0x14;
            CopySense.invalidFieldInParameterList(t.xcopy(0, simple(t).rawSegment(seg).build()), 16 + 32 + 2, -1);
            byte[] cscd = CopyCdb.cscdBytes(t.naa(0), 512);
            cscd[7] = 20;
            CopySense.invalidFieldInParameterList(t.xcopy(0, list().rawCscd(cscd).segment(0, 0, 1, 0, 1, false).build()),
                    16 + 7, -1);
            // a segment descriptor list that ends inside a descriptor
            byte[] p = simple(t).segment(0, 0, 1, 0, 1, false).build();
            p[11] = 27;
            CopySense.invalidFieldInParameterList(t.xcopy(0, p), 8, -1);
            // DISK BLOCK LENGTH that is not the unit's
            CopySense.invalidFieldInParameterList(
                    t.xcopy(0, list().cscd(t.naa(0), 4096).segment(0, 0, 1, 0, 1, false).build()), 16 + 29, -1);
            assertNothingWritten(t);
        }
    }

    @Test
    void aCscdIndexNamingNoDescriptorIsAnUnreachableCopyTarget() {
        try (CopyTarget t = new CopyTarget()) {
            // libiscsi ExtendedCopy.ValidSegDescr: destination index 1 of a one-CSCD list
            CopySense.checkCondition(t.xcopy(0, simple(t).segment(0, 1, 2048, 0, 4096, false).build()),
                    COPY_ABORTED, 0x08, 0x04);
            CopySense.checkCondition(t.xcopy(0, simple(t).segment(0x0800, 0, 1, 0, 1, false).build()),
                    COPY_ABORTED, 0x08, 0x04);
        }
    }

    @Test
    void aDesignatorNamingNoVisibleUnitIsCopyTargetDeviceNotReachable() {
        try (CopyTarget t = new CopyTarget()) {
            byte[] p = list().cscd(t.naa(0), 512).cscd(0x6001405deadbeefL, 512).segment(0, 1, 1, 0, 0, false).build();
            CopySense.checkCondition(t.xcopy(0, p), COPY_ABORTED, 0x0D, 0x02);
            // a T10 vendor ID designator is not looked up: unreachable as well
            byte[] t10 = CopyCdb.cscdBytes(t.naa(0), 512);
            t10[4] = 0x02;
            t10[5] = 0x01;
            CopySense.checkCondition(t.xcopy(0, list().rawCscd(t10).segment(0, 0, 1, 0, 1, false).build()),
                    COPY_ABORTED, 0x0D, 0x02);
            // an unreferenced unreachable CSCD does not matter
            byte[] q = list().cscd(0x6001405deadbeefL, 512).cscd(t.naa(0), 512).segment(1, 1, 1, 0, 1, false).build();
            assertThat(t.xcopy(0, q).isGood()).isTrue();
        }
    }

    @Test
    void theLuIdTypeIsIgnoredAndOnlyBlockDevicesAreCopied() {
        try (CopyTarget t = new CopyTarget()) {
            // libiscsi ExtendedCopy.ValidTgtDescr: LU ID TYPE 11b is ignored by an SPC-4 copy manager
            byte[] cscd = CopyCdb.cscdBytes(t.naa(0), 512);
            cscd[1] = (byte) 0xC0;
            assertThat(t.xcopy(0, list().rawCscd(cscd).segment(0, 0, 2048, 0, 4096, false).build()).isGood()).isTrue();
            cscd[1] = 0x01;                                             // a sequential-access device
            CopySense.checkCondition(t.xcopy(0, list().rawCscd(cscd).segment(0, 0, 1, 0, 1, false).build()),
                    COPY_ABORTED, 0x0D, 0x03);
        }
    }

    @Test
    void rangesBeyondEitherUnitAbortTheCopy() {
        try (CopyTarget t = new CopyTarget()) {
            // libiscsi ExtendedCopy.ValidSegDescr: 2048 blocks written from the last LBA on
            CopySense.checkCondition(t.xcopy(0, simple(t).segment(0, 0, 2048, 0, 32767, false).build()),
                    COPY_ABORTED, 0x00, 0x00);
            CopySense.checkCondition(t.xcopy(0, simple(t).segment(0, 0, 2, 32767, 0, false).build()),
                    COPY_ABORTED, 0x00, 0x00);
            CopySense.checkCondition(t.xcopy(0, simple(t).segment(0, 0, 1, -1L, 0, false).build()),
                    COPY_ABORTED, 0x00, 0x00);
            // the check covers every segment before the first one moves
            byte[] p = simple(t).segment(0, 0, 8, 0, 8, false).segment(0, 0, 8, 0, 32768, false).build();
            CopySense.checkCondition(t.xcopy(0, p), COPY_ABORTED, 0x00, 0x00);
            assertNothingWritten(t);
        }
    }

    @Test
    void anotherInitiatorsReservationOfACopiedUnitIsAConflict() {
        try (CopyTarget t = new CopyTarget()) {
            LoopbackSession other = t.login("iqn.2026-11.org.scsi4j:other");
            // SPC-2 RESERVE(6) of LUN 1 by the other initiator
            assertThat(other.execute(ScsiCommand.of(1, new byte[] {0x16, 0, 0, 0, 0, 0})).isGood()).isTrue();
            byte[] toLun1 = list().cscd(t.naa(0), 512).cscd(t.naa(1), 512).segment(0, 1, 8, 0, 0, false).build();
            assertThat(t.xcopy(0, toLun1).status()).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
            byte[] fromLun1 = list().cscd(t.naa(1), 512).cscd(t.naa(0), 512).segment(0, 1, 8, 0, 0, false).build();
            assertThat(t.xcopy(0, fromLun1).status()).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
            // the holder itself copies freely
            assertThat(CopyTarget.xcopy(other, 0, toLun1).isGood()).isTrue();
            assertThat(other.execute(ScsiCommand.of(1, new byte[] {0x17, 0, 0, 0, 0, 0})).isGood()).isTrue();
            assertThat(t.xcopy(0, toLun1).isGood()).isTrue();
        }
    }
}
