package org.scsi4j.backstore.block.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.scsi4j.backstore.block.BlockDeviceInfo;

/**
 * A block device's directory in sysfs, found from its major:minor through {@code /sys/dev/block}
 * (so {@code /dev/mapper/vg-lv}, {@code /dev/disk/by-id/...} and renamed nodes all resolve to the
 * kernel's device). The sysfs root is a parameter so tests can build a fake tree.
 *
 * @param devNumber {@code major:minor}
 * @param dir       the kernel directory, e.g. {@code /sys/devices/virtual/block/loop3}
 */
public record SysBlock(String devNumber, Path dir) {

    public static final Path SYS = Path.of("/sys");
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFREG = 0100000;

    /** Resolves {@code /sys/dev/block/<devNumber>} under {@code sysRoot}. */
    public static SysBlock of(Path sysRoot, String devNumber) throws IOException {
        Path link = sysRoot.resolve("dev/block").resolve(devNumber);
        if (!Files.exists(link)) {
            throw new NoSuchFileException(link.toString(), null, "no sysfs entry for block device " + devNumber);
        }
        return new SysBlock(devNumber, link.toRealPath());
    }

    /**
     * The {@code major:minor} of the block device node {@code device} (links followed).
     *
     * @throws IllegalArgumentException when it is not a block device; a regular file is pointed to backstore-file
     */
    public static String devNumber(Path device) throws IOException {
        int mode = (Integer) Files.getAttribute(device, "unix:mode");
        if ((mode & S_IFMT) == S_IFREG) {
            throw new IllegalArgumentException(device + " is a regular file, not a block device; "
                    + "export image files with backstore-file (org.scsi4j.backstore.file.FileBlockDevice)");
        }
        if ((mode & S_IFMT) != S_IFBLK) {
            throw new IllegalArgumentException(device + " is not a block device (file type "
                    + Integer.toOctalString(mode & S_IFMT) + "); give a node such as /dev/sdX or /dev/loopN");
        }
        return devNumber((Long) Files.getAttribute(device, "unix:rdev"));
    }

    /** The {@code major:minor} of a block device node, or null when {@code path} is anything else. */
    public static String devNumberOrNull(String path) {
        try {
            return devNumber(Path.of(path));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code major:minor} of a {@code dev_t}, decoded as glibc's {@code gnu_dev_major/minor}. */
    public static String devNumber(long rdev) {
        long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & 0xfffff000L);
        long minor = (rdev & 0xff) | ((rdev >>> 12) & 0xffffff00L);
        return major + ":" + minor;
    }

    public String name() {
        return dir.getFileName().toString();
    }

    /** The queue limits: a partition has none of its own and shares its disk's. */
    Path queue() {
        return Files.exists(dir.resolve("partition")) ? dir.getParent().resolve("queue") : dir.resolve("queue");
    }

    /** The device's partitions (subdirectories with a {@code partition} file). */
    public List<SysBlock> partitions() throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            List<SysBlock> result = new ArrayList<>();
            for (Path child : children.filter(c -> Files.isRegularFile(c.resolve("partition"))).sorted().toList()) {
                result.add(new SysBlock(read(child.resolve("dev"), ""), child));
            }
            return result;
        }
    }

    /** Names in {@code holders/}: the device-mapper, md or bcache devices built on this one. */
    public List<String> holders() throws IOException {
        Path holders = dir.resolve("holders");
        if (!Files.isDirectory(holders)) {
            return List.of();
        }
        try (Stream<Path> names = Files.list(holders)) {
            return names.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The public summary for the node {@code path}. */
    public BlockDeviceInfo info(Path path) throws IOException {
        Path q = queue();
        long maxSectorsKb = number(q.resolve("max_sectors_kb"), number(q.resolve("max_hw_sectors_kb"), 0));
        return new BlockDeviceInfo(path, name(), devNumber, number(dir.resolve("size"), 0) * 512,
                (int) number(q.resolve("logical_block_size"), 512), (int) number(q.resolve("physical_block_size"), 0),
                number(q.resolve("optimal_io_size"), 0), maxSectorsKb * 1024, number(q.resolve("rotational"), 0) == 1,
                number(q.resolve("discard_max_bytes"), 0), number(q.resolve("discard_granularity"), 0),
                read(q.resolve("write_cache"), "").equals("write back"), number(dir.resolve("ro"), 0) == 1);
    }

    private static long number(Path file, long absent) throws IOException {
        String text = read(file, null);
        if (text == null) {
            return absent;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException("unexpected content '" + text + "' in " + file, e);
        }
    }

    private static String read(Path file, String absent) throws IOException {
        return Files.isRegularFile(file) ? Files.readString(file).trim() : absent;
    }
}
