package org.scsi4j.core.internal.mmc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.engine.LogicalUnit;

/**
 * GET CONFIGURATION (MMC-6): the feature header with the current profile, then the feature
 * descriptors the RT field selects, in ascending feature-code order:
 * <ul>
 *   <li>RT 00b: every feature whose code is at least STARTING FEATURE NUMBER, current or not;</li>
 *   <li>RT 01b: the same, current ones only;</li>
 *   <li>RT 10b: exactly the feature STARTING FEATURE NUMBER names, if the drive has it (otherwise
 *       the header alone);</li>
 *   <li>RT 11b: reserved, INVALID FIELD IN CDB.</li>
 * </ul>
 * DATA LENGTH counts the bytes after itself for the whole answer; the transfer is cut at the
 * ALLOCATION LENGTH. The CURRENT PROFILE is CD-ROM or DVD-ROM by the rule of {@link Disc}, 0000h
 * with no medium.
 */
final class GetConfiguration implements CommandHandler {
    static final CommandHandler HANDLER = new GetConfiguration();

    static final int RT_ALL = 0;
    static final int RT_CURRENT = 1;
    static final int RT_ONE = 2;

    static final int HEADER = 8;
    /** Every descriptor at once: 8 header + 12 + 12 + 8 + 8 + 12 + 8 + 8. */
    static final int MAX_LENGTH = 128;

    private GetConfiguration() {
    }

    /**
     * The features of a read-only CD/DVD drive (MMC-6 clause 5.3), one row each: code, version,
     * persistence, when it is current and its feature-dependent bytes.
     */
    enum Feature {
        /** 0000h Profile List: DVD-ROM and CD-ROM, in descending profile order, CurrentP on the medium's. */
        PROFILE_LIST(0x0000, 0, true) {
            @Override
            int writeData(ByteBuffer b, int off, LogicalUnit lu, int profile) {
                profile(b, off, Disc.PROFILE_DVD_ROM, profile);
                profile(b, off + 4, Disc.PROFILE_CD_ROM, profile);
                return 8;
            }

            private void profile(ByteBuffer b, int off, int number, int current) {
                b.putShort(off, (short) number);
                b.put(off + 2, (byte) (number == current ? 0x01 : 0x00));   // CurrentP
            }
        },
        /** 0001h Core: PHYSICAL INTERFACE STANDARD 1 (SCSI family); DBE 0 (no device busy events), INQ2 0. */
        CORE(0x0001, 2, true) {
            @Override
            int writeData(ByteBuffer b, int off, LogicalUnit lu, int profile) {
                b.putInt(off, PHYSICAL_INTERFACE_SCSI);
                return 8;
            }
        },
        /** 0002h Morphing: ASYNC 0 (polling only), OCEVENT 0 (no operational change events). */
        MORPHING(0x0002, 1, true) {
            @Override
            int writeData(ByteBuffer b, int off, LogicalUnit lu, int profile) {
                return 4;
            }
        },
        /**
         * 0003h Removable Medium: tray loading mechanism, LOAD and EJECT (when the device can
         * remove its medium), PVNT JMPR 1 (no prevent jumper), LOCK 1 (PREVENT ALLOW is honoured).
         * The lock and tray state themselves are in the MM capabilities page (LOCK STATE), MECHANISM
         * STATUS and GET EVENT STATUS NOTIFICATION.
         */
        REMOVABLE_MEDIUM(0x0003, 2, true) {
            @Override
            int writeData(ByteBuffer b, int off, LogicalUnit lu, int profile) {
                int eject = lu.medium().isRemovable() ? LOAD | EJECT : 0;
                b.put(off, (byte) (LOADING_TRAY | eject | NO_PREVENT_JUMPER | LOCK));
                return 4;
            }
        },
        /** 0010h Random Readable: 2048-byte blocks, BLOCKING 1 (CD) or 16 (DVD ECC block), PP 0. */
        RANDOM_READABLE(0x0010, 0, false) {
            @Override
            boolean current(LogicalUnit lu, int profile) {
                return profile != Disc.PROFILE_NONE;
            }

            @Override
            int writeData(ByteBuffer b, int off, LogicalUnit lu, int profile) {
                b.putInt(off, Disc.BLOCK_SIZE);
                b.putShort(off + 4, (short) (profile == Disc.PROFILE_DVD_ROM ? 16 : 1));
                return 8;
            }
        },
        /** 001Eh CD Read: no CD-DA (DAP 0, C2 flags 0, CD-Text 0). */
        CD_READ(0x001E, 2, false) {
            @Override
            boolean current(LogicalUnit lu, int profile) {
                return profile == Disc.PROFILE_CD_ROM;
            }

            @Override
            int writeData(ByteBuffer b, int off, LogicalUnit lu, int profile) {
                return 4;
            }
        },
        /** 001Fh DVD Read: single-layer reads only (MULTI110, DUAL-R, DUAL-RW 0). */
        DVD_READ(0x001F, 2, false) {
            @Override
            boolean current(LogicalUnit lu, int profile) {
                return profile == Disc.PROFILE_DVD_ROM;
            }

            @Override
            int writeData(ByteBuffer b, int off, LogicalUnit lu, int profile) {
                return 4;
            }
        };

        static final int PHYSICAL_INTERFACE_SCSI = 0x00000001;
        static final int LOADING_TRAY = 0x20;
        static final int LOAD = 0x10;
        static final int EJECT = 0x08;
        static final int NO_PREVENT_JUMPER = 0x04;
        static final int LOCK = 0x01;

        final int code;
        final int version;
        final boolean persistent;

        Feature(int code, int version, boolean persistent) {
            this.code = code;
            this.version = version;
            this.persistent = persistent;
        }

        /** Whether the feature is current; persistent features always are. */
        boolean current(LogicalUnit lu, int profile) {
            return persistent;
        }

        /** Writes the feature-dependent data (zeroed buffer) at {@code off}; returns ADDITIONAL LENGTH. */
        abstract int writeData(ByteBuffer b, int off, LogicalUnit lu, int profile);

        /** Writes the whole descriptor at {@code off}; returns its length. */
        final int write(ByteBuffer b, int off, LogicalUnit lu, int profile) {
            b.putShort(off, (short) code);
            b.put(off + 2, (byte) ((version << 2) | (persistent ? 0x02 : 0) | (current(lu, profile) ? 0x01 : 0)));
            int additional = writeData(b, off + 4, lu, profile);
            b.put(off + 3, (byte) additional);
            return 4 + additional;
        }
    }

    @Override
    public boolean validate(CommandContext ctx) {
        if ((ctx.cdb()[1] & 0x03) == 3) {
            ctx.invalidFieldInCdb(1, 1);
            return false;
        }
        return true;
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        int rt = cdb[1] & 0x03;
        int start = Cdb.u16(cdb, 2);
        int allocationLength = Cdb.u16(cdb, 7);
        ByteBuffer b = ctx.parameterData(MAX_LENGTH);
        if (b == null) {
            ctx.completeBusy();
            return;
        }
        LogicalUnit lu = ctx.lu();
        int profile = Disc.currentProfile(lu);
        int p = HEADER;
        for (Feature f : Feature.values()) {
            boolean selected = rt == RT_ONE
                    ? f.code == start
                    : f.code >= start && (rt == RT_ALL || f.current(lu, profile));
            if (selected) {
                p += f.write(b, p, lu, profile);
            }
        }
        b.putInt(0, p - 4);                      // DATA LENGTH
        b.putShort(6, (short) profile);          // CURRENT PROFILE
        ctx.completeDataIn(p, allocationLength);
    }
}
