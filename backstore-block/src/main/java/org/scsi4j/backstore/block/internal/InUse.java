package org.scsi4j.backstore.block.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Whether the host itself uses a block device: a file system on it or on one of its partitions is
 * mounted ({@code /proc/self/mountinfo}, matched by major:minor and by the source node), it is
 * active swap ({@code /proc/swaps}), or a device-mapper/md/bcache device is built on it
 * ({@code holders/} in sysfs). The kernel would refuse an {@code O_EXCL} open of such a device,
 * but {@code FileChannel} cannot pass {@code O_EXCL} for an existing file, so this is the guard.
 * It sees only this process's mount namespace and is a check at open time, not a lock.
 */
public final class InUse {

    private InUse() {
    }

    /** Why {@code device} must not be exported, or null when nothing on this host uses it. */
    public static String reason(Path device, SysBlock sys) throws IOException {
        Set<String> numbers = new LinkedHashSet<>();
        numbers.add(sys.devNumber());
        List<String> holders = new ArrayList<>(sys.holders());
        for (SysBlock partition : sys.partitions()) {
            numbers.add(partition.devNumber());
            for (String holder : partition.holders()) {
                holders.add(holder + " (on partition " + partition.name() + ")");
            }
        }
        return reason(device.toString(), sys.name(), numbers, holders, read("/proc/self/mountinfo"), read("/proc/swaps"),
                SysBlock::devNumberOrNull);
    }

    /**
     * The decision, on given texts.
     *
     * @param devNumbers  major:minor of the device and of each of its partitions
     * @param holders     holders of the device and its partitions, as they should be named
     * @param devNumberOf major:minor of a block device path, or null (for mount sources and swap files)
     */
    public static String reason(String device, String kernelName, Set<String> devNumbers, List<String> holders,
                                String mountinfo, String swaps, Function<String, String> devNumberOf) {
        for (String line : mountinfo.split("\n")) {
            // id parent major:minor root mount-point options [optional...] - fstype source super-options
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length < 6 || dash < 6 || dash + 2 >= f.length) {
                continue;
            }
            String source = unescape(f[dash + 2]);
            if (devNumbers.contains(f[2]) || (source.startsWith("/") && isOneOf(devNumberOf.apply(source), devNumbers))) {
                return device + " is mounted at " + unescape(f[4]) + " (" + f[dash + 1] + " on " + source
                        + "); unmount it or pass a different device";
            }
        }
        for (String line : swaps.split("\n")) {
            String file = line.isBlank() ? "" : unescape(line.trim().split("\\s+")[0]);
            if (file.startsWith("/") && isOneOf(devNumberOf.apply(file), devNumbers)) {
                return device + " is in use as swap (" + file + "); swapoff it or pass a different device";
            }
        }
        if (!holders.isEmpty()) {
            return device + " is held by " + String.join(", ", holders) + " (see /sys/class/block/" + kernelName
                    + "/holders): a device-mapper, md or bcache device is built on it; remove that first or pass a different device";
        }
        return null;
    }

    private static boolean isOneOf(String devNumber, Set<String> devNumbers) {
        return devNumber != null && devNumbers.contains(devNumber);
    }

    /** Undoes the octal escapes ({@code \040} for a space) of mountinfo and swaps fields. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String read(String file) throws IOException {
        Path path = Path.of(file);
        return Files.isReadable(path) ? Files.readString(path) : "";
    }
}
