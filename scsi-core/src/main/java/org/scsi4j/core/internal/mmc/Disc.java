package org.scsi4j.core.internal.mmc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.engine.LogicalUnit;

/**
 * What the MMC commands say about the medium in the drive: an image is one finished, read-only
 * disc with one session holding one Mode 1 data track that starts at LBA 0, of the profile its
 * size implies. Every answer (GET CONFIGURATION, READ TOC, READ DISC/TRACK INFORMATION) derives
 * from the block count here, so they agree with each other and with READ CAPACITY.
 *
 * <p><b>CD or DVD.</b> A disc of at most {@link #CD_MAX_BLOCKS} blocks is a CD-ROM (profile
 * 0008h), anything larger a DVD-ROM (0010h). The bound is the user data of an 80-minute CD:
 * 80 min × 60 s × 75 sectors = 360,000 sectors of 2048 bytes = 737,280,000 bytes (about
 * 703 MiB), the largest pressed CD; QEMU draws the line at the same place.
 */
final class Disc {
    static final int BLOCK_SIZE = 2048;
    /** Blocks of an 80-minute CD: the largest medium still reported as a CD. */
    static final long CD_MAX_BLOCKS = 80L * 60 * 75;

    /** Profile numbers (MMC-6, Profile List feature). */
    static final int PROFILE_NONE = 0x0000;
    static final int PROFILE_CD_ROM = 0x0008;
    static final int PROFILE_DVD_ROM = 0x0010;

    /** The lead-out's track number in the TOC (MMC-6, READ TOC/PMA/ATIP). */
    static final int LEAD_OUT = 0xAA;
    /** ADR 1 (Q sub-channel mode 1), CONTROL 4 (data track, recorded uninterrupted). */
    static final int ADR_CONTROL_DATA = 0x14;
    /** CD addresses count from 00:02:00, 150 sectors before LBA 0 (MMC-6: LBA 0 is 00:02:00). */
    static final int MSF_OFFSET = 150;

    private Disc() {
    }

    /** Whether a medium of {@code blocks} blocks is reported as a DVD rather than a CD. */
    static boolean isDvd(long blocks) {
        return blocks > CD_MAX_BLOCKS;
    }

    /** The profile of the unit's current medium, {@link #PROFILE_NONE} when there is none. */
    static int currentProfile(LogicalUnit lu) {
        if (!lu.mediumPresent()) {
            return PROFILE_NONE;
        }
        return isDvd(blocks(lu)) ? PROFILE_DVD_ROM : PROFILE_CD_ROM;
    }

    /** Blocks on the medium (the device's geometry). */
    static long blocks(LogicalUnit lu) {
        return lu.geometry().blockCount();
    }

    /**
     * Writes a 4-byte track address at {@code off}: the LBA, or with {@code msf} 00h, M, S, F of
     * LBA + 150 (MMC-6, READ TOC/PMA/ATIP MSF bit). An address beyond 255:59:74 (a DVD) is reported as that.
     */
    static void address(ByteBuffer b, int off, long lba, boolean msf) {
        if (!msf) {
            b.putInt(off, (int) lba);
            return;
        }
        b.put(off, (byte) 0);
        msf(b, off + 1, lba);
    }

    /** Writes M, S, F (3 bytes) of {@code lba} at {@code off}, saturated at 255:59:74. */
    static void msf(ByteBuffer b, int off, long lba) {
        long frames = lba + MSF_OFFSET;
        long m = frames / (60 * 75);
        int s = (int) (frames / 75 % 60);
        int f = (int) (frames % 75);
        if (m > 255) {
            m = 255;
            s = 59;
            f = 74;
        }
        b.put(off, (byte) m);
        b.put(off + 1, (byte) s);
        b.put(off + 2, (byte) f);
    }
}
