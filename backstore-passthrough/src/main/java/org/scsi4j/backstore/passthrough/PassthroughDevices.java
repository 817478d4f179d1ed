package org.scsi4j.backstore.passthrough;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.scsi4j.backstore.passthrough.sg.SgDevice;
import org.scsi4j.core.spi.device.ScsiDevice;

/**
 * Opens a pass-through device from a one-line spec, as a configuration file or command line
 * names it:
 * <ul>
 *   <li>{@code iscsi://[user%secret@]host[:port]/<target-iqn>/<lun>}: a LUN of another iSCSI
 *       target ({@link IscsiLunDevice}, libiscsi's URL form);</li>
 *   <li>{@code sg:/dev/sgN}: a Linux SCSI generic device ({@link SgDevice}, which needs Linux
 *       and Java 22 or later at run time).</li>
 * </ul>
 * Export the result with {@code LogicalUnitSpec.rawDevice(name, device)}.
 */
public final class PassthroughDevices {
    private PassthroughDevices() {
    }

    /**
     * @param spec          {@code iscsi://...} or {@code sg:/dev/sgN}
     * @param initiatorName the iSCSI name this side logs in to a backend target with (iSCSI
     *                      specs only; ignored for {@code sg:})
     * @return the opened device; the caller closes it (the target does, once it was added)
     * @throws IOException              when the device cannot be opened (for {@code sg:}, an
     *                                  {@link org.scsi4j.backstore.passthrough.sg.SgUnsupportedException}
     *                                  on a platform or Java without SG_IO support)
     * @throws IllegalArgumentException when the spec is malformed or of an unknown kind
     */
    public static ScsiDevice open(String spec, String initiatorName) throws IOException {
        Objects.requireNonNull(spec, "spec");
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.startsWith("iscsi://")) {
            return IscsiLunDevice.open(spec, initiatorName);
        }
        if (lower.startsWith("sg:")) {
            String path = spec.substring(3);
            if (path.isEmpty()) {
                throw new IllegalArgumentException("pass-through spec " + spec + " names no device (sg:/dev/sgN)");
            }
            return SgDevice.open(Path.of(path));
        }
        throw new IllegalArgumentException("pass-through spec " + spec
                + " is neither iscsi://[user%secret@]host[:port]/<target-iqn>/<lun> nor sg:/dev/sgN");
    }
}
