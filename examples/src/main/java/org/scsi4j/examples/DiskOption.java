package org.scsi4j.examples;

import java.util.Locale;

/**
 * One {@code --file}, {@code --ram}, {@code --null} or {@code --iso} option: a unit to export as
 * the next LUN.
 *
 * @param kind      FILE, RAM, NULL or ISO
 * @param path      the file (FILE), the ISO image (ISO; null for an empty drive)
 * @param sizeBytes requested size, 0 for "the existing file's size" (and for ISO)
 * @param blockSize 512 or 4096; 2048 for ISO
 * @param readOnly  export read-only (always for ISO)
 * @param direct    open the file with O_DIRECT
 * @param removable FILE and RAM: a disk with a removable medium (INQUIRY RMB=1) that initiators
 *                  can lock, eject and load ({@code removable}); false otherwise
 * @param physicalBlockSize RAM: the physical block size reported ({@code phys=4096} makes a
 *                  "512e" disk); equal to {@code blockSize} otherwise
 */
public record DiskOption(Kind kind, String path, long sizeBytes, int blockSize, boolean readOnly, boolean direct,
                         boolean removable, int physicalBlockSize) {

    /** A unit whose medium is fixed (not {@code removable}). */
    public DiskOption(Kind kind, String path, long sizeBytes, int blockSize, boolean readOnly, boolean direct) {
        this(kind, path, sizeBytes, blockSize, readOnly, direct, false, blockSize);
    }

    /** A unit whose physical blocks are its logical blocks. */
    public DiskOption(Kind kind, String path, long sizeBytes, int blockSize, boolean readOnly, boolean direct,
                      boolean removable) {
        this(kind, path, sizeBytes, blockSize, readOnly, direct, removable, blockSize);
    }

    /** FILE, RAM and NULL are disks; ISO is a virtual CD/DVD-ROM drive. */
    public enum Kind { FILE, RAM, NULL, ISO }

    /** The {@code --iso} value for a drive with no disc in it. */
    public static final String NO_DISC = "none";

    /**
     * Parses the text after {@code --file}, {@code --ram}, {@code --null} or {@code --iso}. An ISO
     * value is the image's path taken as it is (commas included), or {@value #NO_DISC}.
     */
    public static DiskOption parse(Kind kind, String text) {
        if (kind == Kind.ISO) {
            if (text.isBlank()) {
                throw new IllegalArgumentException("--iso needs an image path or '" + NO_DISC + "'");
            }
            return new DiskOption(Kind.ISO, text.equals(NO_DISC) ? null : text, 0, 2048, true, false);
        }
        String[] parts = text.split(",");
        if (parts.length == 0 || parts[0].isBlank()) {
            throw new IllegalArgumentException("--" + kind.name().toLowerCase(Locale.ROOT) + " needs a value");
        }
        String path = null;
        long size = 0;
        if (kind == Kind.FILE) {
            path = parts[0];
        } else {
            size = parseSize(parts[0]);
        }
        int block = 512;
        boolean ro = false;
        boolean direct = false;
        boolean removable = false;
        int phys = 0;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("size=") && kind == Kind.FILE) {
                size = parseSize(p.substring(5));
            } else if (p.startsWith("block=")) {
                block = Integer.parseInt(p.substring(6));
                if (block != 512 && block != 4096) {
                    throw new IllegalArgumentException("block must be 512 or 4096, was " + block);
                }
            } else if (p.equals("ro")) {
                ro = true;
            } else if (p.equals("direct") && kind == Kind.FILE) {
                direct = true;
            } else if (p.equals("removable") && kind != Kind.NULL) {
                removable = true;
            } else if (p.startsWith("phys=") && kind == Kind.RAM) {
                phys = Integer.parseInt(p.substring(5));
            } else {
                throw new IllegalArgumentException("unknown disk option '" + p + "' in '" + text + "'");
            }
        }
        if (kind != Kind.FILE && size <= 0) {
            throw new IllegalArgumentException("a size is required, e.g. --" + kind.name().toLowerCase(Locale.ROOT) + " 1G");
        }
        if (size % block != 0) {
            throw new IllegalArgumentException("size " + size + " is not a multiple of the block size " + block);
        }
        if (phys == 0) {
            phys = block;
        }
        if (phys < block || phys % block != 0 || Integer.bitCount(phys / block) != 1) {
            throw new IllegalArgumentException("phys must be a power-of-two multiple of the block size " + block + ", was " + phys);
        }
        return new DiskOption(kind, path, size, block, ro, direct, removable, phys);
    }

    /** "1G", "512M", "64k", "1048576" (binary units). */
    public static long parseSize(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("B") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) {
            t = t.substring(0, t.length() - 1);
        }
        long mult = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        switch (last) {
            case 'K': mult = 1L << 10; break;
            case 'M': mult = 1L << 20; break;
            case 'G': mult = 1L << 30; break;
            case 'T': mult = 1L << 40; break;
            default: break;
        }
        String digits = mult == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long v = Long.parseLong(digits);
            if (v <= 0) {
                throw new IllegalArgumentException("size must be positive: '" + s + "'");
            }
            return Math.multiplyExact(v, mult);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + s + "' (use e.g. 64M, 1G)", e);
        }
    }
}
