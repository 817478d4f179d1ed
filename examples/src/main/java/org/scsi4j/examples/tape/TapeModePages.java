package org.scsi4j.examples.tape;

import java.nio.ByteBuffer;

/**
 * The drive's parameters as MODE SENSE shows them and MODE SELECT changes them (SPC-4 §7.5, SSC-3
 * §8.3): a block descriptor whose BLOCK LENGTH is the fixed-block size (0: variable-block mode,
 * the only field an initiator may change) and the Device Configuration page (10h). Each method
 * returns the data to send or throws the {@link CheckCondition} to answer with.
 */
final class TapeModePages {
    /** Page code 00h: the header and block descriptor only (what Linux's st driver asks for). */
    static final int NO_PAGE = 0x00;
    static final int DEVICE_CONFIGURATION = 0x10;
    static final int ALL_PAGES = 0x3F;
    private static final int BLOCK_DESCRIPTOR = 8;
    private static final int PAGE_LENGTH = 16;
    /** The largest record READ BLOCK LIMITS admits: the 24-bit TRANSFER LENGTH of READ(6)/WRITE(6). */
    static final int MAX_BLOCK_LENGTH = 0xFFFFFF;

    private TapeModePages() {
    }

    /**
     * The mode parameter data for MODE SENSE(6) ({@code ten} false) or MODE SENSE(10).
     *
     * @throws CheckCondition for a page or page control the drive does not have
     */
    static ByteBuffer sense(ByteBuffer cdb, boolean ten, int blockLength, boolean writeProtected) {
        boolean dbd = (cdb.get(1) & 0x08) != 0;
        int pc = (cdb.get(2) & 0xC0) >>> 6;
        int page = cdb.get(2) & 0x3F;
        int subpage = cdb.get(3) & 0xFF;
        if (pc == 3) {
            throw new CheckCondition(TapeSense.SAVING_PARAMETERS_NOT_SUPPORTED);
        }
        if (page != NO_PAGE && page != DEVICE_CONFIGURATION && page != ALL_PAGES
                || subpage != 0 && !(page == ALL_PAGES && subpage == 0xFF)) {
            throw new CheckCondition(TapeSense.INVALID_FIELD_IN_CDB);
        }
        boolean changeable = pc == 1;
        int header = ten ? 8 : 4;
        int descriptor = dbd ? 0 : BLOCK_DESCRIPTOR;
        ByteBuffer b = ByteBuffer.allocate(header + descriptor + (page == NO_PAGE ? 0 : PAGE_LENGTH));
        int length = b.capacity() - (ten ? 2 : 1);
        // device-specific parameter: WP, BUFFERED MODE 1 (writes complete once in the page cache)
        byte deviceSpecific = (byte) (changeable ? 0 : (writeProtected ? 0x80 : 0) | 0x10);
        if (ten) {
            b.putShort(0, (short) length);
            b.put(3, deviceSpecific);
            b.putShort(6, (short) descriptor);
        } else {
            b.put(0, (byte) length);
            b.put(2, deviceSpecific);
            b.put(3, (byte) descriptor);
        }
        if (!dbd) {
            // density code 0 (default), number of blocks 0 (the rest of the medium), block length
            b.putInt(header + 4, changeable ? MAX_BLOCK_LENGTH : blockLength);
        }
        if (page == NO_PAGE) {
            return b;
        }
        int p = header + descriptor;
        b.put(p, (byte) DEVICE_CONFIGURATION);
        b.put(p + 1, (byte) (PAGE_LENGTH - 2));
        if (!changeable) {
            b.put(p + 8, (byte) 0x40);  // BIS: READ POSITION reports logical object identifiers
            b.put(p + 10, (byte) 0x18); // EEG: the drive writes EOD; SEW: syncs at early warning
        }
        return b;
    }

    /**
     * Applies MODE SELECT(6) parameter data: the block descriptor's BLOCK LENGTH. Pages are not
     * changeable, so parameter data carrying one is refused.
     *
     * @return the new block length (0: variable-block mode)
     * @throws CheckCondition when the parameter data is malformed or asks for what cannot change
     */
    static int select(ByteBuffer data, int blockLength) {
        if (data.remaining() == 0) {
            return blockLength;
        }
        if (data.remaining() < 4) {
            throw new CheckCondition(TapeSense.PARAMETER_LIST_LENGTH_ERROR);
        }
        int descriptors = data.get(3) & 0xFF;
        if (descriptors != 0 && descriptors != BLOCK_DESCRIPTOR || 4 + descriptors > data.remaining()) {
            throw new CheckCondition(TapeSense.PARAMETER_LIST_LENGTH_ERROR);
        }
        if (4 + descriptors < data.remaining()) {
            throw new CheckCondition(TapeSense.INVALID_FIELD_IN_PARAMETER_LIST);
        }
        if (descriptors == 0) {
            return blockLength;
        }
        if (data.get(4) != 0) {
            throw new CheckCondition(TapeSense.INVALID_FIELD_IN_PARAMETER_LIST); // only the default density
        }
        return data.getInt(4 + 4) & 0xFFFFFF;
    }

    /** READ BLOCK LIMITS data (SSC-3 §7.7): any record length from 1 to {@link #MAX_BLOCK_LENGTH}. */
    static ByteBuffer blockLimits() {
        ByteBuffer b = ByteBuffer.allocate(6);
        b.putInt(0, MAX_BLOCK_LENGTH);
        b.putShort(4, (short) 1);
        return b;
    }
}
