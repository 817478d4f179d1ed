package org.scsi4j.core.internal.spc;

import static org.scsi4j.core.internal.spc.ParameterBytes.ascii;
import static org.scsi4j.core.internal.spc.ParameterBytes.u16;
import static org.scsi4j.core.internal.spc.ParameterBytes.u32;
import static org.scsi4j.core.internal.spc.ParameterBytes.u64;
import static org.scsi4j.core.internal.spc.ParameterBytes.u8;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.sbc.BlockLimits;
import org.scsi4j.core.spi.device.BlockDevice;
import org.scsi4j.core.spi.device.DeviceOperation;

/**
 * The vital product data pages INQUIRY returns with EVPD=1 (SPC-4 §7.8, SBC-3 §6.5). Every page
 * starts with the peripheral byte, the page code and a 2-byte PAGE LENGTH. The set of pages a unit
 * has is one table ({@link #pagesOf}); Supported VPD Pages reports exactly that table.
 */
final class VpdPages {
    static final int SUPPORTED_PAGES = 0x00;
    static final int UNIT_SERIAL_NUMBER = 0x80;
    static final int DEVICE_IDENTIFICATION = 0x83;
    static final int BLOCK_LIMITS = 0xB0;
    static final int BLOCK_DEVICE_CHARACTERISTICS = 0xB1;
    static final int LOGICAL_BLOCK_PROVISIONING = 0xB2;

    /** PERIPHERAL DEVICE TYPE of a direct-access block device (SBC). */
    static final int DIRECT_ACCESS = 0x00;

    /** Largest page built here (Device Identification with a 256-byte SCSI name string). */
    static final int MAX_PAGE_LENGTH = 512;

    private static final int[] DISK_PAGES = {SUPPORTED_PAGES, UNIT_SERIAL_NUMBER, DEVICE_IDENTIFICATION,
            BLOCK_LIMITS, BLOCK_DEVICE_CHARACTERISTICS, LOGICAL_BLOCK_PROVISIONING};
    private static final int[] GENERIC_PAGES = {SUPPORTED_PAGES, UNIT_SERIAL_NUMBER, DEVICE_IDENTIFICATION};
    private static final int[] NO_UNIT_PAGES = {SUPPORTED_PAGES};

    /** SBC-3 §6.5.3: the Block Limits page is 003Ch bytes after the header. */
    static final int BLOCK_LIMITS_PAGE_LENGTH = 0x3C;
    /** SBC-3 §6.5.2. */
    static final int BLOCK_DEVICE_CHARACTERISTICS_PAGE_LENGTH = 0x3C;
    /** SBC-3 §6.5.4, without a provisioning group descriptor. */
    static final int LOGICAL_BLOCK_PROVISIONING_PAGE_LENGTH = 0x04;

    private static final int NON_ROTATING_MEDIUM = 0x0001;
    /** VPD 0xB1 byte 7 bits 7..6 = 01b. */
    private static final int WABEREQ_READS_SUCCEED = 0x40;
    private static final int LBPU = 0x80;
    private static final int LBPWS = 0x40;
    private static final int LBPWS10 = 0x20;
    private static final int LBPRZ = 0x04;
    private static final int PROVISIONING_TYPE_THIN = 0x02;

    private VpdPages() {
    }

    /** The VPD pages of a unit, ascending (null: an unmapped LUN). */
    static int[] pagesOf(LogicalUnit lu) {
        if (lu == null) {
            return NO_UNIT_PAGES;
        }
        return lu.peripheralDeviceType() == DIRECT_ACCESS ? DISK_PAGES : GENERIC_PAGES;
    }

    static boolean isSupported(LogicalUnit lu, int page) {
        for (int p : pagesOf(lu)) {
            if (p == page) {
                return true;
            }
        }
        return false;
    }

    /** Writes a page that {@link #isSupported} and returns its length including the header. */
    static int write(CommandContext ctx, int page, ByteBuffer b) {
        LogicalUnit lu = ctx.lu();
        u8(b, 0, Inquiry.peripheralByte(lu));
        u8(b, 1, page);
        int pageLength;
        switch (page) {
            case SUPPORTED_PAGES:
                pageLength = supportedPages(lu, b);
                break;
            case UNIT_SERIAL_NUMBER:
                pageLength = ascii(b, 4, lu.identity().serial());
                break;
            case DEVICE_IDENTIFICATION:
                pageLength = DeviceIdentification.writeDesignators(ctx, b, 4);
                break;
            case BLOCK_LIMITS:
                pageLength = blockLimits(lu, b);
                break;
            case BLOCK_DEVICE_CHARACTERISTICS:
                pageLength = blockDeviceCharacteristics(lu.device(), b);
                break;
            case LOGICAL_BLOCK_PROVISIONING:
                pageLength = logicalBlockProvisioning(lu.device(), b);
                break;
            default:
                throw new IllegalArgumentException("VPD page 0x" + Integer.toHexString(page) + " is not supported");
        }
        u16(b, 2, pageLength);
        return 4 + pageLength;
    }

    /** Supported VPD Pages (SPC-4 §7.8.13). */
    private static int supportedPages(LogicalUnit lu, ByteBuffer b) {
        int[] pages = pagesOf(lu);
        for (int i = 0; i < pages.length; i++) {
            u8(b, 4 + i, pages[i]);
        }
        return pages.length;
    }

    /** Block Limits (SBC-3 §6.5.3), from {@link BlockLimits}, the limits SBC enforces. */
    private static int blockLimits(LogicalUnit lu, ByteBuffer b) {
        // byte 4: WSNZ 0
        u8(b, 5, BlockLimits.maxCompareAndWriteBlocks(lu));     // MAXIMUM COMPARE AND WRITE LENGTH
        u16(b, 6, 1 << lu.geometry().physicalBlockExponent()); // OPTIMAL TRANSFER LENGTH GRANULARITY
        u32(b, 8, BlockLimits.maxTransferBlocks(lu));
        u32(b, 12, BlockLimits.optimalTransferBlocks(lu));
        // bytes 16-19: MAXIMUM PREFETCH LENGTH 0 (not reported)
        if (lu.device().supports(DeviceOperation.UNMAP)) {
            u32(b, 20, BlockLimits.MAX_UNMAP_LBA_COUNT);
            u32(b, 24, BlockLimits.MAX_UNMAP_DESCRIPTORS);
        }
        u32(b, 28, 1);                                   // OPTIMAL UNMAP GRANULARITY
        // bytes 32-35: UGAVALID 0, UNMAP GRANULARITY ALIGNMENT 0
        u64(b, 36, BlockLimits.MAX_WRITE_SAME_BLOCKS);
        // SBC-4 WRITE ATOMIC: MAXIMUM ATOMIC TRANSFER LENGTH, ATOMIC ALIGNMENT, ATOMIC TRANSFER LENGTH
        // GRANULARITY; bytes 56-63 (with ATOMIC BOUNDARY) 0: only ATOMIC BOUNDARY 0 is accepted.
        u32(b, 44, BlockLimits.maxAtomicTransferBlocks(lu));
        u32(b, 48, BlockLimits.atomicAlignment(lu));
        u32(b, 52, BlockLimits.atomicAlignment(lu));
        return BLOCK_LIMITS_PAGE_LENGTH;
    }

    /**
     * Block Device Characteristics (SBC-3 §6.5.2): non-rotating medium, form factor not reported.
     * SBC-4 byte 7: WABEREQ 01b (reads after SANITIZE BLOCK ERASE succeed) when BLOCK ERASE is
     * offered (the device can unmap), else 0; WACEREQ 0 (no CRYPTOGRAPHIC ERASE).
     */
    private static int blockDeviceCharacteristics(BlockDevice device, ByteBuffer b) {
        u16(b, 4, NON_ROTATING_MEDIUM);
        if (device.supports(DeviceOperation.UNMAP)) {
            u8(b, 7, WABEREQ_READS_SUCCEED);
        }
        return BLOCK_DEVICE_CHARACTERISTICS_PAGE_LENGTH;
    }

    /**
     * Logical Block Provisioning (SBC-3 §6.5.4): UNMAP and WRITE SAME (10)/(16) with the UNMAP bit
     * when the device implements UNMAP; PROVISIONING TYPE thin only when it really releases space.
     */
    private static int logicalBlockProvisioning(BlockDevice device, ByteBuffer b) {
        // byte 4: THRESHOLD EXPONENT 0 (no thresholds)
        if (device.supports(DeviceOperation.UNMAP)) {
            u8(b, 5, LBPU | LBPWS | LBPWS10 | (device.unmappedReadsZero() ? LBPRZ : 0));
            u8(b, 6, device.isThinProvisioned() ? PROVISIONING_TYPE_THIN : 0);
        }
        return LOGICAL_BLOCK_PROVISIONING_PAGE_LENGTH;
    }
}
