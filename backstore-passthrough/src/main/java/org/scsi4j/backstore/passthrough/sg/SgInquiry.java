package org.scsi4j.backstore.passthrough.sg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the device said to a standard INQUIRY at open (SPC-4 6.6.2): its type and name, for
 * {@link SgDevice#peripheralDeviceType()} and the logs. INQUIRY changes nothing on a device and
 * neither reports nor clears a unit attention, so asking it is invisible to the initiators.
 */
final class SgInquiry {
    private static final Logger LOG = LoggerFactory.getLogger(SgDevice.class);
    private static final int INQUIRY_LENGTH = 96;

    final int peripheralDeviceType;
    final boolean removable;
    final String identification;

    private SgInquiry(int peripheralDeviceType, boolean removable, String identification) {
        this.peripheralDeviceType = peripheralDeviceType;
        this.removable = removable;
        this.identification = identification;
    }

    static SgInquiry probe(String name, SgIo io, int timeoutMillis) throws IOException {
        ByteBuffer cdb = ByteBuffer.allocateDirect(6).put(new byte[] {0x12, 0, 0, 0, INQUIRY_LENGTH, 0}).flip();
        ByteBuffer data = ByteBuffer.allocateDirect(INQUIRY_LENGTH);
        ByteBuffer sense = ByteBuffer.allocateDirect(SgDevice.MAX_SENSE_LENGTH);
        SgResult r;
        try {
            r = io.execute(cdb, SgIo.DXFER_FROM_DEV, data, sense, timeoutMillis);
        } catch (IOException e) {
            throw new IOException(name + ": no answer to INQUIRY: " + e.getMessage(), e);
        }
        int n = INQUIRY_LENGTH - r.resid();
        if (SgFailure.of(r) != null || r.status() != SgFailure.GOOD || n < 2) {
            LOG.warn("{}: INQUIRY failed (status 0x{}, host_status 0x{}, driver_status 0x{}); the device type is"
                            + " reported as unknown", name, Integer.toHexString(r.status()),
                    Integer.toHexString(r.hostStatus()), Integer.toHexString(r.driverStatus()));
            return new SgInquiry(0x1F, false, "unknown device");
        }
        int qualifier = (data.get(0) & 0xE0) >>> 5;
        if (qualifier != 0) {
            LOG.warn("{}: INQUIRY peripheral qualifier {}: the device says no logical unit is connected", name, qualifier);
        }
        return new SgInquiry(data.get(0) & 0x1F, (data.get(1) & 0x80) != 0, identification(data, n));
    }

    private static String identification(ByteBuffer data, int n) {
        StringBuilder s = new StringBuilder();
        int[][] fields = {{8, 16}, {16, 32}, {32, 36}};      // T10 VENDOR, PRODUCT, REVISION
        for (int[] f : fields) {
            if (n >= f[1]) {
                byte[] b = new byte[f[1] - f[0]];
                data.get(f[0], b);
                String text = new String(b, StandardCharsets.US_ASCII).trim();
                if (!text.isEmpty()) {
                    s.append(s.length() == 0 ? "" : " ").append(text);
                }
            }
        }
        return s.length() == 0 ? "unnamed device" : s.toString();
    }
}
