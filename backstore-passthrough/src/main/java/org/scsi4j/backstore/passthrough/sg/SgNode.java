package org.scsi4j.backstore.passthrough.sg;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Checks, in plain Java, that a path is a SCSI generic device this process may use, before anything
 * is written to it: an sg_io_hdr written to another device would be data to that device (to a tape
 * through {@code /dev/nst0}, a record on the tape). Every failure names the path and the remedy.
 */
final class SgNode {
    /** {@code SCSI_GENERIC_MAJOR}: the sg driver's character device major number. */
    static final int SG_MAJOR = 21;

    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;

    private SgNode() {
    }

    /** Linux on a 64-bit architecture whose {@code sg_io_hdr} layout {@link SgIoHeader} knows. */
    static void checkPlatform(String osName, String osArch) throws SgUnsupportedException {
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean lp64 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64");
        if (!osName.startsWith("Linux") || !lp64) {
            throw new SgUnsupportedException("the SCSI generic pass-through (/dev/sgN) is unsupported on this platform ("
                    + osName + " " + osArch + "): it needs Linux on x86_64 or aarch64");
        }
    }

    /** Checks the platform, then that {@code path} is a SCSI generic device open to us for reading and writing. */
    static void check(Path path) throws IOException {
        checkPlatform(System.getProperty("os.name", "?"), System.getProperty("os.arch", "?"));
        if (Files.notExists(path)) {
            throw new NoSuchFileException(path.toString(), null,
                    "no such device (is the sg driver loaded? 'modprobe sg'; 'lsscsi -g' lists each device's /dev/sgN)");
        }
        Map<String, Object> attributes = Files.readAttributes(path, "unix:mode,rdev");
        checkNode(path, (Integer) attributes.get("mode"), (Long) attributes.get("rdev"),
                Files.isReadable(path), Files.isWritable(path));
    }

    /** The checks on what the file system says about {@code path} (separate so tests can cover every case). */
    static void checkNode(Path path, int mode, long rdev, boolean readable, boolean writable) throws FileSystemException {
        int type = mode & S_IFMT;
        if (type != S_IFCHR) {
            throw new FileSystemException(path.toString(), null,
                    "is " + describe(type) + ", not a SCSI generic device (a character device such as /dev/sg0)");
        }
        if (major(rdev) != SG_MAJOR) {
            throw new FileSystemException(path.toString(), null, "is character device " + major(rdev) + ":" + minor(rdev)
                    + ", not a SCSI generic device (major " + SG_MAJOR + "); commands are only passed through /dev/sgN"
                    + " ('lsscsi -g' names the one of each SCSI device)");
        }
        if (!readable || !writable) {
            throw new AccessDeniedException(path.toString(), null, "the SCSI generic device needs read and write access"
                    + " for this user (it has " + (readable ? "read" : writable ? "write" : "no") + " access; typically"
                    + " membership of the group that owns it, such as 'disk' or 'tape')");
        }
    }

    /** The major number of a Linux {@code dev_t} (glibc's encoding, which the JDK reports). */
    static int major(long rdev) {
        return (int) (((rdev >>> 8) & 0xFFF) | ((rdev >>> 32) & ~0xFFFL));
    }

    static int minor(long rdev) {
        return (int) ((rdev & 0xFF) | ((rdev >>> 12) & ~0xFFL));
    }

    private static String describe(int type) {
        switch (type) {
            case S_IFDIR:
                return "a directory";
            case S_IFREG:
                return "a regular file";
            case S_IFBLK:
                return "a block device";
            default:
                return "a special file of type 0" + Integer.toOctalString(type >>> 12);
        }
    }
}
