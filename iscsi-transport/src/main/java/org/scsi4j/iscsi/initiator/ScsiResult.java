package org.scsi4j.iscsi.initiator;

import java.util.Arrays;

/**
 * The outcome of a SCSI command the target completed (RFC 7143 §11.4 SCSI Response, or the
 * status carried by the last Data-In, §11.7.3): iSCSI service response, SCSI status, sense data,
 * residuals and the bytes moved.
 *
 * <p>Mutable only by the session: {@link IscsiSession#execute(long, byte[], java.nio.ByteBuffer,
 * java.nio.ByteBuffer, java.time.Duration, ScsiResult)} fills a caller-owned instance so that a
 * loop of commands allocates nothing. Not thread-safe; treat as a value once returned.
 */
public final class ScsiResult {
    /** SAM-5 status GOOD. */
    public static final int GOOD = 0x00;
    /** SAM-5 status CHECK CONDITION: sense data describe the error. */
    public static final int CHECK_CONDITION = 0x02;
    /** SAM-5 status CONDITION MET. */
    public static final int CONDITION_MET = 0x04;
    /** SAM-5 status BUSY. */
    public static final int BUSY = 0x08;
    /** SAM-5 status RESERVATION CONFLICT. */
    public static final int RESERVATION_CONFLICT = 0x18;
    /** SAM-5 status TASK SET FULL. */
    public static final int TASK_SET_FULL = 0x28;
    /** SAM-5 status ACA ACTIVE. */
    public static final int ACA_ACTIVE = 0x30;
    /** SAM-5 status TASK ABORTED. */
    public static final int TASK_ABORTED = 0x40;

    /** Longest sense data kept: SPC-4 fixed or descriptor sense is at most 252 bytes. */
    public static final int MAX_SENSE_LENGTH = 252;

    private int response;
    private int status;
    private final byte[] sense = new byte[MAX_SENSE_LENGTH];
    private int senseLength;
    private boolean residualUnderflow;
    private boolean residualOverflow;
    private long residualCount;
    private long bidirectionalReadResidualCount;
    private int bytesReceived;
    private int bytesSent;

    public ScsiResult() {
    }

    /**
     * @return the iSCSI Response field: 0 (Command Completed at Target) or 1 (Target Failure),
     *         §11.4.3; the status and sense are valid only for 0
     */
    public int response() {
        return response;
    }

    /** @return the SCSI status byte (SAM-5 §5.3), e.g. {@link #GOOD}, {@link #CHECK_CONDITION} */
    public int status() {
        return status;
    }

    /** @return true when the target completed the command with status GOOD */
    public boolean isGood() {
        return response == 0 && status == GOOD;
    }

    /** @return a copy of the sense data (empty when none) */
    public byte[] sense() {
        return Arrays.copyOf(sense, senseLength);
    }

    /** @return the sense data length in bytes (0 when none) */
    public int senseLength() {
        return senseLength;
    }

    /** @return sense byte {@code index} (unsigned) */
    public int senseByte(int index) {
        if (index < 0 || index >= senseLength) {
            throw new IndexOutOfBoundsException("sense byte " + index + " of " + senseLength);
        }
        return sense[index] & 0xFF;
    }

    /** @return the SENSE KEY of fixed (0x70/0x71) or descriptor (0x72/0x73) sense data, or -1 */
    public int senseKey() {
        return senseField(2, 1, 0x0F);
    }

    /** @return the ADDITIONAL SENSE CODE, or -1 */
    public int additionalSenseCode() {
        return senseField(12, 2, 0xFF);
    }

    /** @return the ADDITIONAL SENSE CODE QUALIFIER, or -1 */
    public int additionalSenseCodeQualifier() {
        return senseField(13, 3, 0xFF);
    }

    private int senseField(int fixedIndex, int descriptorIndex, int mask) {
        if (senseLength == 0) {
            return -1;
        }
        int code = sense[0] & 0x7F;
        int index = code == 0x72 || code == 0x73 ? descriptorIndex : fixedIndex;
        return index < senseLength ? sense[index] & mask : -1;
    }

    /** @return the U bit: the target moved fewer bytes than the expected transfer length, §11.4.5 */
    public boolean residualUnderflow() {
        return residualUnderflow;
    }

    /** @return the O bit: the command wanted more than the expected transfer length, §11.4.5 */
    public boolean residualOverflow() {
        return residualOverflow;
    }

    /** @return the Residual Count (valid with U or O), §11.4.5 */
    public long residualCount() {
        return residualCount;
    }

    /** @return the Bidirectional Read Residual Count (bidirectional commands), §11.4.6 */
    public long bidirectionalReadResidualCount() {
        return bidirectionalReadResidualCount;
    }

    /** @return data bytes the target sent in Data-In PDUs (written into the data-in buffer) */
    public int bytesReceived() {
        return bytesReceived;
    }

    /** @return data bytes sent to the target (immediate, unsolicited and solicited Data-Out) */
    public int bytesSent() {
        return bytesSent;
    }

    // ---------------------------------------------------------------- filled by the session

    ScsiResult set(int response, int status, boolean underflow, boolean overflow, long residual,
                   long bidiResidual, int received, int sent) {
        this.response = response;
        this.status = status;
        this.residualUnderflow = underflow;
        this.residualOverflow = overflow;
        this.residualCount = residual;
        this.bidirectionalReadResidualCount = bidiResidual;
        this.bytesReceived = received;
        this.bytesSent = sent;
        return this;
    }

    ScsiResult sense(byte[] from, int length) {
        int n = Math.min(length, MAX_SENSE_LENGTH);
        System.arraycopy(from, 0, sense, 0, n);
        senseLength = n;
        return this;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ScsiResult[");
        if (response != 0) {
            b.append("response=").append(response).append(", ");
        }
        b.append("status=0x").append(Integer.toHexString(status));
        if (senseLength > 0) {
            b.append(String.format(", sense %x/%02x/%02x", senseKey(), additionalSenseCode(),
                    additionalSenseCodeQualifier()));
        }
        if (residualUnderflow || residualOverflow) {
            b.append(residualUnderflow ? ", underflow " : ", overflow ").append(residualCount);
        }
        return b.append(", in=").append(bytesReceived).append(", out=").append(bytesSent).append(']').toString();
    }
}
