package org.scsi4j.backstore.block.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The in-use decision on simulated /proc/self/mountinfo, /proc/swaps and holders texts. */
class InUseTest {

    private static final String MOUNTINFO = """
            22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
            36 22 0:5 / /dev rw,nosuid shared:2 - devtmpfs udev rw,size=1000k
            41 22 7:0 / /var/tmp/mnt1 rw,relatime - ext4 /dev/loop0 rw
            43 22 7:5 /srv /mnt/my\\040disk rw,relatime master:3 - xfs /dev/loop5p1 rw
            50 22 0:45 / /data rw,relatime shared:30 - btrfs /dev/mapper/pool rw,space_cache
            """;
    private static final String NO_SWAP = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";
    private static final Function<String, String> NODES =
            Map.of("/dev/mapper/pool", "253:2", "/dev/vda2", "254:2", "/swap\\040file", "0:0")::get;

    private static String reason(String device, Set<String> numbers, List<String> holders, String swaps) {
        return InUse.reason(device, device.substring(5), numbers, holders, MOUNTINFO, swaps, NODES);
    }

    @Test
    void aDeviceMountedDirectlyIsNamedWithItsMountPoint() {
        assertThat(reason("/dev/loop0", Set.of("7:0"), List.of(), NO_SWAP))
                .isEqualTo("/dev/loop0 is mounted at /var/tmp/mnt1 (ext4 on /dev/loop0); unmount it or pass a different device");
    }

    @Test
    void aMountedPartitionRefusesItsDiskAndEscapesAreUndone() {
        assertThat(reason("/dev/loop5", Set.of("7:4", "7:5"), List.of(), NO_SWAP))
                .isEqualTo("/dev/loop5 is mounted at /mnt/my disk (xfs on /dev/loop5p1); unmount it or pass a different device");
    }

    @Test
    void aFileSystemWithAnAnonymousDeviceNumberIsFoundByItsSource() {
        assertThat(reason("/dev/dm-2", Set.of("253:2"), List.of(), NO_SWAP))
                .startsWith("/dev/dm-2 is mounted at /data (btrfs on /dev/mapper/pool)");
    }

    @Test
    void activeSwapRefuses() {
        String swaps = NO_SWAP + "/dev/vda2                               partition\t1048572\t\t0\t\t-2\n";
        assertThat(reason("/dev/vda2", Set.of("254:2"), List.of(), swaps))
                .isEqualTo("/dev/vda2 is in use as swap (/dev/vda2); swapoff it or pass a different device");
    }

    @Test
    void holdersRefuse() {
        assertThat(reason("/dev/loop3", Set.of("7:3"), List.of("dm-0", "md1 (on partition loop3p1)"), NO_SWAP))
                .isEqualTo("/dev/loop3 is held by dm-0, md1 (on partition loop3p1) (see /sys/class/block/loop3/holders): "
                        + "a device-mapper, md or bcache device is built on it; remove that first or pass a different device");
    }

    @Test
    void anUnusedDeviceIsFree() {
        assertThat(reason("/dev/loop1", Set.of("7:1"), List.of(), NO_SWAP)).isNull();
        assertThat(InUse.reason("/dev/loop1", "loop1", Set.of("7:1"), List.of(), "", "", s -> null)).isNull();
        assertThat(InUse.reason("/dev/loop1", "loop1", Set.of("7:1"), List.of(), "garbage\n\n1 2 3\n", "\n", s -> null)).isNull();
    }

    @Test
    void unescapeLeavesOrdinaryBackslashesAlone() {
        assertThat(InUse.unescape("a\\040b\\134c\\011")).isEqualTo("a b\\c\t");
        assertThat(InUse.unescape("a\\0b\\")).isEqualTo("a\\0b\\");
    }
}
