package org.scsi4j.core.internal.sbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.sbc.Disk.assertGood;
import static org.scsi4j.core.internal.sbc.Disk.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.sbc.Disk.assertInvalidFieldInParameterList;
import static org.scsi4j.core.internal.sbc.Disk.assertLbaOutOfRange;
import static org.scsi4j.core.internal.sbc.Disk.assertSense;
import static org.scsi4j.core.internal.sbc.Disk.filled;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.spi.device.IoStatus;
import org.scsi4j.core.testing.MemoryBlockDevice;

class UnmapTest {
    private static final long BLOCKS = 4096;

    private static byte[] unmap(byte[] list) {
        return SbcCdb.unmap(list.length, 0);
    }

    @ParameterizedTest(name = "{0}-byte blocks, completion on another thread {1}")
    @CsvSource({"512,false", "4096,false", "512,true", "4096,true"})
    void unmapsEveryDescriptorAndTheBlocksReadAsZero(int blockSize, boolean otherThread) {
        MemoryBlockDevice dev = new MemoryBlockDevice(blockSize, BLOCKS).completeOnOtherThread(otherThread);
        try (Disk d = new Disk(dev)) {
            d.write(0, filled(64 * blockSize, 'a'));
            byte[] list = SbcCdb.unmapList(0, 8, 20, 0, 40, 4, BLOCKS - 1, 1);
            assertGood(d.out(unmap(list), list));
            assertThat(dev.unmaps()).isEqualTo(3);
            byte[] expected = filled(64 * blockSize, 'a');
            Arrays.fill(expected, 0, 8 * blockSize, (byte) 0);
            Arrays.fill(expected, 40 * blockSize, 44 * blockSize, (byte) 0);
            assertThat(d.read(0, 64)).isEqualTo(expected);
        }
    }

    @Test
    void emptyListsAndZeroBlockDescriptorsAreGood() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            assertGood(d.none(SbcCdb.unmap(0, 0)));
            byte[] none = SbcCdb.unmapList();
            assertGood(d.out(unmap(none), none));
            byte[] zeroAtEnd = SbcCdb.unmapList(BLOCKS, 0);
            assertGood(d.out(unmap(zeroAtEnd), zeroAtEnd));
            long[] extents = new long[2 * BlockLimits.MAX_UNMAP_DESCRIPTORS];
            for (int i = 0; i < BlockLimits.MAX_UNMAP_DESCRIPTORS; i++) {
                extents[2 * i] = i / 2;
            }
            byte[] many = SbcCdb.unmapList(extents);
            assertGood(d.out(unmap(many), many));
            assertThat(dev.unmaps()).isZero();
        }
    }

    @Test
    void shortParameterListLengthIsAnError() {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS))) {
            for (int n = 1; n < 8; n++) {
                assertSense(d.out(SbcCdb.unmap(n, 0), new byte[n]), 0x5, 0x1A, 0x00);
            }
        }
    }

    @Test
    void truncatedDescriptorDataIsNotAnError() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            byte[] two = SbcCdb.unmapList(0, 1, 2, 1);
            byte[] cut = Arrays.copyOf(two, 8 + 16 + 7);             // second descriptor incomplete
            assertGood(d.out(unmap(cut), cut));
            assertThat(dev.unmaps()).isEqualTo(1);
            byte[] odd = SbcCdb.unmapList(4, 1);
            odd[3] = 15;                                            // BLOCK DESCRIPTOR DATA LENGTH not a multiple of 16
            assertGood(d.out(unmap(odd), odd));
            assertThat(dev.unmaps()).isEqualTo(1);
        }
    }

    @Test
    void inconsistentHeaderIsInvalidFieldInParameterList() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            byte[] list = SbcCdb.unmapList(0, 1);
            list[1] = 6;                                            // UNMAP DATA LENGTH too small for 16 bytes of descriptors
            assertInvalidFieldInParameterList(d.out(unmap(list), list), 0);
            assertThat(dev.unmaps()).isZero();
        }
    }

    @Test
    void limitsAreInvalidFieldInParameterList() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, 1L << 24);
        try (Disk d = new Disk(dev)) {
            byte[] tooMany = SbcCdb.unmapList(new long[2 * (BlockLimits.MAX_UNMAP_DESCRIPTORS + 1)]);
            assertInvalidFieldInParameterList(d.out(unmap(tooMany), tooMany), 2);
            long half = BlockLimits.MAX_UNMAP_LBA_COUNT / 2;
            byte[] tooLong = SbcCdb.unmapList(0, half, half, half + 1);
            assertInvalidFieldInParameterList(d.out(unmap(tooLong), tooLong), 8 + 16 + 8);
            byte[] justRight = SbcCdb.unmapList(0, half, half, half);
            assertGood(d.out(unmap(justRight), justRight));
            assertThat(dev.unmaps()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}-byte blocks")
    @ValueSource(ints = {512, 4096})
    void aDescriptorOutOfRangeFailsTheWholeCommandBeforeAnyUnmap(int blockSize) {
        MemoryBlockDevice dev = new MemoryBlockDevice(blockSize, BLOCKS);
        try (Disk d = new Disk(dev)) {
            byte[] list = SbcCdb.unmapList(0, 1, BLOCKS - 1, 2);
            assertLbaOutOfRange(d.out(unmap(list), list));
            byte[] past = SbcCdb.unmapList(BLOCKS + 1, 0);
            assertLbaOutOfRange(d.out(unmap(past), past));
            byte[] wrap = SbcCdb.unmapList(-1L, 2);
            assertLbaOutOfRange(d.out(unmap(wrap), wrap));
            assertThat(dev.unmaps()).isZero();
        }
    }

    @Test
    void anchorIsInvalidAndUnsupportedDevicesDoNotKnowTheCommand() {
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS))) {
            byte[] list = SbcCdb.unmapList(0, 1);
            assertInvalidFieldInCdb(d.out(SbcCdb.unmap(list.length, 0x01), list), 1, 0);
        }
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS).unmapSupported(false))) {
            byte[] list = SbcCdb.unmapList(0, 1);
            assertSense(d.out(unmap(list), list), 0x5, 0x20, 0x00);
            CommandDescriptor row = d.lu().commands().lookup(0x42, CommandDescriptor.NO_SERVICE_ACTION);
            assertThat(d.lu().implementsCommand(row)).isFalse();
            assertThat(d.lu().implementsCommand(d.lu().commands().lookup(0x28, -1))).isTrue();
        }
        try (Disk d = new Disk(new MemoryBlockDevice(512, BLOCKS))) {
            CommandDescriptor row = d.lu().commands().lookup(0x42, CommandDescriptor.NO_SERVICE_ACTION);
            assertThat(d.lu().implementsCommand(row)).isTrue();
        }
    }

    @Test
    void deviceFailureIsAWriteError() {
        MemoryBlockDevice dev = new MemoryBlockDevice(512, BLOCKS);
        try (Disk d = new Disk(dev)) {
            dev.failNext(IoStatus.WRITE_ERROR);
            byte[] list = SbcCdb.unmapList(0, 1, 5, 1);
            assertSense(d.out(unmap(list), list), 0x3, 0x0C, 0x00);
        }
    }
}
