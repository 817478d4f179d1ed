package org.scsi4j.core.internal.spc;

import static org.scsi4j.core.internal.spc.ParameterBytes.get8;
import static org.scsi4j.core.internal.spc.ParameterBytes.u16;
import static org.scsi4j.core.internal.spc.ParameterBytes.u8;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.engine.ModePages;

/**
 * The mode pages a disk has (SPC-4 §7.5, SBC-3 §6.4), one row each: how to write the page for a
 * page control value, which values a changed page may carry, and how MODE SELECT applies it to
 * {@link ModePages}. All pages are page_0 format (subpage 00h) and none is savable (PS 0).
 * Every row writes every byte of its page, zeroes included, so a caller needs no cleared buffer.
 *
 * <p>What may change (the PC 01b mask):
 * <ul>
 *   <li>Caching: WCE, only when the device has a volatile cache (otherwise writes are always
 *       durable and WCE stays 0);</li>
 *   <li>Control: D_SENSE, and SWP (the engine refuses writes while it is set). TST is 001b (one
 *       task set per I_T nexus, as the engine keeps them), QUEUE ALGORITHM MODIFIER 1 (unrestricted
 *       reordering of SIMPLE tasks), QERR 00b, GLTSD 1 (no log parameters are saved). TAS stays 0
 *       and is not changeable: tasks are never aborted by another nexus's task management while
 *       task sets are per nexus. BUSY TIMEOUT PERIOD FFFFh (unlimited).</li>
 *   <li>Informational Exceptions Control: DEXCPT and MRIE (0..6); no exception is ever reported,
 *       so every setting is honoured trivially.</li>
 * </ul>
 */
enum ModePage {
    /** Caching mode page (SBC-3 §6.4, "Caching mode page"). */
    CACHING(0x08, 0x12) {
        @Override
        void writeBody(ByteBuffer b, int off, int pc, LogicalUnit lu) {
            ModePages m = lu.modePages();
            boolean wce;
            switch (pc) {
                case PC_CHANGEABLE: wce = lu.geometry().volatileWriteCache(); break;
                case PC_DEFAULT: wce = m.defaultWriteCacheEnabled(); break;
                default: wce = m.writeCacheEnabled();
            }
            u8(b, off + 2, wce ? WCE : 0);                        // RCD 0: reads use the cache
        }

        @Override
        boolean apply(ByteBuffer b, int off, LogicalUnit lu) {
            boolean wce = (get8(b, off + 2) & WCE) != 0;
            ModePages m = lu.modePages();
            boolean changed = m.writeCacheEnabled() != wce;
            m.writeCacheEnabled(wce);
            return changed;
        }
    },

    /** Control mode page (SPC-4 §7.5.8). */
    CONTROL(0x0A, 0x0A) {
        @Override
        void writeBody(ByteBuffer b, int off, int pc, LogicalUnit lu) {
            ModePages m = lu.modePages();
            if (pc == PC_CHANGEABLE) {
                u8(b, off + 2, D_SENSE);
                u8(b, off + 4, SWP);
                return;
            }
            boolean dSense = pc == PC_DEFAULT ? m.defaultDescriptorSense() : m.descriptorSense();
            boolean swp = pc != PC_DEFAULT && m.softwareWriteProtect();
            u8(b, off + 2, TST_PER_NEXUS | (dSense ? D_SENSE : 0) | GLTSD);
            u8(b, off + 3, QAM_UNRESTRICTED);                     // QERR 00b
            u8(b, off + 4, swp ? SWP : 0);                        // RAC 0, UA_INTLCK_CTRL 00b
            // byte 5: ATO 0, TAS 0, ATMPE 0, RWWP 0, AUTOLOAD MODE 0
            u16(b, off + 8, 0xFFFF);                              // BUSY TIMEOUT PERIOD: unlimited
        }

        @Override
        boolean apply(ByteBuffer b, int off, LogicalUnit lu) {
            boolean dSense = (get8(b, off + 2) & D_SENSE) != 0;
            boolean swp = (get8(b, off + 4) & SWP) != 0;
            ModePages m = lu.modePages();
            boolean changed = m.descriptorSense() != dSense || m.softwareWriteProtect() != swp;
            m.descriptorSense(dSense);
            m.softwareWriteProtect(swp);
            return changed;
        }
    },

    /** Informational Exceptions Control mode page (SPC-4 §7.5, "Informational Exceptions Control mode page"). */
    INFORMATIONAL_EXCEPTIONS_CONTROL(0x1C, 0x0A) {
        @Override
        void writeBody(ByteBuffer b, int off, int pc, LogicalUnit lu) {
            ModePages m = lu.modePages();
            switch (pc) {
                case PC_CHANGEABLE:
                    u8(b, off + 2, DEXCPT);
                    u8(b, off + 3, 0x0F);
                    return;
                case PC_DEFAULT:
                    u8(b, off + 2, DEXCPT);
                    return;
                default:
                    u8(b, off + 2, m.informationalExceptionsDisabled() ? DEXCPT : 0);
                    u8(b, off + 3, m.informationalExceptionsMrie());
            }
            // bytes 4-7 INTERVAL TIMER, 8-11 REPORT COUNT: 0, not changeable
        }

        @Override
        int invalidValueByte(ByteBuffer b, int off) {
            return (get8(b, off + 3) & 0x0F) > MAX_MRIE ? 3 : -1;
        }

        @Override
        boolean apply(ByteBuffer b, int off, LogicalUnit lu) {
            boolean dexcpt = (get8(b, off + 2) & DEXCPT) != 0;
            int mrie = get8(b, off + 3) & 0x0F;
            ModePages m = lu.modePages();
            boolean changed = m.informationalExceptionsDisabled() != dexcpt || m.informationalExceptionsMrie() != mrie;
            m.informationalExceptionsDisabled(dexcpt);
            m.informationalExceptionsMrie(mrie);
            return changed;
        }
    };

    /** PC field of MODE SENSE (SPC-4 §6.11.2). */
    static final int PC_CURRENT = 0;
    static final int PC_CHANGEABLE = 1;
    static final int PC_DEFAULT = 2;
    static final int PC_SAVED = 3;

    /** Page code 3Fh: return all pages (SPC-4 §7.5.6). */
    static final int ALL_PAGES = 0x3F;
    /** Subpage code FFh: all subpages of the page(s). */
    static final int ALL_SUBPAGES = 0xFF;

    static final int PS = 0x80;
    static final int SPF = 0x40;

    private static final int WCE = 0x04;
    private static final int TST_PER_NEXUS = 0x20;
    private static final int D_SENSE = 0x04;
    private static final int GLTSD = 0x02;
    private static final int QAM_UNRESTRICTED = 0x10;
    private static final int SWP = 0x08;
    private static final int DEXCPT = 0x08;
    /** MRIE 7h..Bh are reserved, Ch..Fh vendor specific (SPC-4): we take 0..6. */
    private static final int MAX_MRIE = 6;

    private static final ModePage[] BY_CODE = new ModePage[64];

    static {
        for (ModePage p : values()) {
            BY_CODE[p.code] = p;
        }
    }

    final int code;
    /** The PAGE LENGTH field: bytes after byte 1. */
    final int pageLength;

    ModePage(int code, int pageLength) {
        this.code = code;
        this.pageLength = pageLength;
    }

    /** The whole page in bytes. */
    int size() {
        return pageLength + 2;
    }

    /** The page with that code, or null. */
    static ModePage byCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Writes the whole page at {@code off} with the values of page control {@code pc} (not 11b). */
    final void write(ByteBuffer b, int off, int pc, LogicalUnit lu) {
        for (int i = 0; i < size(); i++) {
            b.put(off + i, (byte) 0);
        }
        u8(b, off, code);                                         // PS 0, SPF 0
        u8(b, off + 1, pageLength);
        writeBody(b, off, pc, lu);
    }

    /** Writes bytes 2.. of the page into a zeroed area. */
    abstract void writeBody(ByteBuffer b, int off, int pc, LogicalUnit lu);

    /**
     * Checks the values of changeable fields in a page sent by MODE SELECT.
     *
     * @return the byte (within the page) of a field with a value we do not take, or -1
     */
    int invalidValueByte(ByteBuffer b, int off) {
        return -1;
    }

    /**
     * Takes the changeable fields of a validated page sent by MODE SELECT.
     *
     * @return whether any current value changed
     */
    abstract boolean apply(ByteBuffer b, int off, LogicalUnit lu);
}
