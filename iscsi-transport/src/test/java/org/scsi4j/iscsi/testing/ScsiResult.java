package org.scsi4j.iscsi.testing;

import java.util.List;

/**
 * What a SCSI command run by {@link TestInitiator#command} came back with.
 *
 * @param status        SCSI status byte, or -1 when the command was rejected
 * @param sense         sense data (SenseLength prefix removed), empty without
 * @param data          data-in received (EDTL bytes, zero where nothing came)
 * @param dataInBytes   data-in bytes actually received
 * @param underflow     U bit
 * @param overflow      O bit
 * @param residual      Residual Count
 * @param pdus          every PDU received for the command, in order (Data-In, R2T, Response, Reject)
 */
public record ScsiResult(int status, byte[] sense, byte[] data, int dataInBytes, boolean underflow,
                         boolean overflow, int residual, List<Pdu> pdus) {

    public int senseKey() {
        return sense.length < 3 ? -1 : sense[2] & 0x0F;
    }

    public int ascq() {
        return sense.length < 14 ? -1 : ((sense[12] & 0xFF) << 8) | (sense[13] & 0xFF);
    }

    public long count(int opcode) {
        return pdus.stream().filter(p -> p.opcode() == opcode).count();
    }
}
