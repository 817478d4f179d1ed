package org.scsi4j.core.loopback;

import org.scsi4j.core.spi.transport.ScsiStatus;

/**
 * What came back for a {@link ScsiCommand}: status, sense data, data-in and residuals. The sense
 * accessors decode fixed (0x70/0x71) and descriptor (0x72/0x73) formats alike.
 */
public final class ScsiResponse {
    private final int status;
    private final byte[] sense;
    private final byte[] data;
    private final boolean underflow;
    private final boolean overflow;
    private final int residual;

    ScsiResponse(int status, byte[] sense, byte[] data, boolean underflow, boolean overflow, int residual) {
        this.status = status;
        this.sense = sense;
        this.data = data;
        this.underflow = underflow;
        this.overflow = overflow;
        this.residual = residual;
    }

    /** SAM status byte ({@link ScsiStatus}). */
    public int status() {
        return status;
    }

    public boolean isGood() {
        return status == ScsiStatus.GOOD;
    }

    /** Raw sense bytes (empty unless CHECK CONDITION). */
    public byte[] sense() {
        return sense.clone();
    }

    /** Data-in received. */
    public byte[] data() {
        return data.clone();
    }

    public boolean underflow() {
        return underflow;
    }

    public boolean overflow() {
        return overflow;
    }

    public int residual() {
        return residual;
    }

    private boolean descriptorFormat() {
        return sense.length > 0 && (sense[0] & 0x7F) >= 0x72;
    }

    /** Sense key, or -1 without sense data. */
    public int senseKey() {
        if (sense.length == 0) {
            return -1;
        }
        return descriptorFormat() ? sense[1] & 0x0F : sense[2] & 0x0F;
    }

    public int asc() {
        if (sense.length == 0) {
            return -1;
        }
        return descriptorFormat() ? sense[2] & 0xFF : sense[12] & 0xFF;
    }

    public int ascq() {
        if (sense.length == 0) {
            return -1;
        }
        return descriptorFormat() ? sense[3] & 0xFF : sense[13] & 0xFF;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ScsiResponse[status=0x").append(Integer.toHexString(status));
        if (sense.length > 0) {
            sb.append(String.format(", sense %x/%02x/%02x", senseKey(), asc(), ascq()));
        }
        sb.append(", data=").append(data.length);
        if (underflow) {
            sb.append(", underflow ").append(residual);
        }
        if (overflow) {
            sb.append(", overflow ").append(residual);
        }
        return sb.append(']').toString();
    }
}
