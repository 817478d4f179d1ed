package org.scsi4j.examples;

import java.util.Locale;

/**
 * One {@code --file}, {@code --ram}, {@code --null}, {@code --iso}, {@code --block},
 * {@code --passthrough} or {@code --tape} option: a unit to export as the next LUN.
 *
 * @param kind      what backs the unit
 * @param path      the file (FILE), the ISO image (ISO; null for an empty drive), the block device
 *                  node (BLOCK), the pass-through spec (PASSTHROUGH), the cartridge file (TAPE)
 * @param sizeBytes requested size, 0 for "the existing file's size" (and for ISO, BLOCK and
 *                  PASSTHROUGH); TAPE: the cartridge's capacity, 0 for the default
 * @param blockSize 512 or 4096; 2048 for ISO; 0 where the device decides (BLOCK, PASSTHROUGH, TAPE)
 * @param readOnly  export read-only (always for ISO); a TAPE's cartridge is write-protected instead
 * @param direct    open the file (FILE) or the device (BLOCK) with O_DIRECT
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

    /**
     * FILE, RAM, NULL and BLOCK are disks; ISO is a virtual CD/DVD-ROM drive; PASSTHROUGH a real
     * SCSI device (or another target's LUN) passed through; TAPE the tape drive example.
     */
    public enum Kind { FILE, RAM, NULL, ISO, BLOCK, PASSTHROUGH, TAPE }

    /**
     * Whether the LUN is mapped read-only. A raw-CDB unit (PASSTHROUGH, TAPE) cannot be: the core
     * does not know which of its commands write; a TAPE's {@code ro} write-protects the cartridge.
     */
    public boolean mapReadOnly() {
        return readOnly && kind != Kind.TAPE && kind != Kind.PASSTHROUGH;
    }

    /** The {@code --iso} value for a drive with no disc in it. */
    public static final String NO_DISC = "none";

    /**
     * Parses the text after the option of {@code kind}. An ISO value is the image's path taken as
     * it is (commas included), or {@value #NO_DISC}; a pass-through value is its spec.
     */
    public static DiskOption parse(Kind kind, String text) {
        switch (kind) {
            case ISO:
                if (text.isBlank()) {
                    throw new IllegalArgumentException("--iso needs an image path or '" + NO_DISC + "'");
                }
                return new DiskOption(Kind.ISO, text.equals(NO_DISC) ? null : text, 0, 2048, true, false);
            case PASSTHROUGH:
                return passthrough(text);
            case BLOCK:
                return block(text);
            case TAPE:
                return tape(text);
            default:
                return disk(kind, text);
        }
    }

    /** {@code sg:/dev/sgN} or {@code iscsi://[user%secret@]host[:port]/IQN/LUN}, taken as it is. */
    private static DiskOption passthrough(String spec) {
        String lower = spec.trim().toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("sg:/") || lower.startsWith("iscsi://"))) {
            throw new IllegalArgumentException("--passthrough takes sg:/dev/sgN or iscsi://HOST[:PORT]/IQN/LUN, was '"
                    + spec + "'");
        }
        return new DiskOption(Kind.PASSTHROUGH, spec.trim(), 0, 0, false, false);
    }

    /** {@code DEV[,ro][,buffered]}: O_DIRECT unless {@code buffered}. */
    private static DiskOption block(String text) {
        String[] parts = text.split(",");
        if (parts.length == 0 || parts[0].isBlank()) {
            throw new IllegalArgumentException("--block needs a block device, e.g. /dev/sdb");
        }
        boolean ro = false;
        boolean direct = true;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.equals("ro")) {
                ro = true;
            } else if (p.equals("buffered")) {
                direct = false;
            } else {
                throw new IllegalArgumentException("unknown --block option '" + p + "' in '" + text + "' (ro, buffered)");
            }
        }
        return new DiskOption(Kind.BLOCK, parts[0], 0, 0, ro, direct);
    }

    /** {@code PATH[,size=SIZE][,ro]}: the cartridge file, its capacity, write protection. */
    private static DiskOption tape(String text) {
        String[] parts = text.split(",");
        if (parts.length == 0 || parts[0].isBlank()) {
            throw new IllegalArgumentException("--tape needs a cartridge file, e.g. backup.tape");
        }
        long size = 0;
        boolean ro = false;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("size=")) {
                size = checkTapeCapacity(parseSize(p.substring(5)));
            } else if (p.equals("ro")) {
                ro = true;
            } else {
                throw new IllegalArgumentException("unknown --tape option '" + p + "' in '" + text + "' (size=SIZE, ro)");
            }
        }
        return new DiskOption(Kind.TAPE, parts[0], size, 0, ro, false);
    }

    /** A tape capacity of at least 64K (what {@code VirtualTapeDrive} accepts). */
    public static long checkTapeCapacity(long bytes) {
        if (bytes < 64 * 1024) {
            throw new IllegalArgumentException("a tape cartridge holds at least 64K, was " + bytes);
        }
        return bytes;
    }

    private static DiskOption disk(Kind kind, String text) {
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
