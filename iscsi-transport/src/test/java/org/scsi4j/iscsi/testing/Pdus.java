package org.scsi4j.iscsi.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.scsi4j.iscsi.internal.pdu.AdditionalHeaderSegment;
import org.scsi4j.iscsi.internal.pdu.DataOutPdu;
import org.scsi4j.iscsi.internal.pdu.LoginRequestPdu;
import org.scsi4j.iscsi.internal.pdu.LogoutRequestPdu;
import org.scsi4j.iscsi.internal.pdu.NopOutPdu;
import org.scsi4j.iscsi.internal.pdu.ScsiCommandPdu;
import org.scsi4j.iscsi.internal.pdu.TaskManagementRequestPdu;
import org.scsi4j.iscsi.internal.pdu.TextRequestPdu;

/**
 * Builders of initiator PDUs for tests, on the module's flyweights. Each returns an
 * {@link Out}: BHS, AHS and data segment as arrays a test may still change (a wrong field, a
 * bad length) before {@link TestInitiator#send(Out)} frames it with padding and digests.
 */
public final class Pdus {
    private Pdus() {
    }

    /** An initiator PDU before framing. */
    public static final class Out {
        public final byte[] bhs = new byte[48];
        public byte[] ahs = new byte[0];
        public byte[] data = new byte[0];

        /** @return the BHS as a big-endian buffer to wrap a flyweight over */
        public ByteBuffer bhsBuffer() {
            return ByteBuffer.wrap(bhs);
        }

        /** Sets data and DataSegmentLength. */
        public Out data(byte[] segment) {
            this.data = segment;
            ByteBuffer b = bhsBuffer();
            b.putInt(4, (b.getInt(4) & 0xFF00_0000) | segment.length);
            return this;
        }

        /** Sets AHS bytes and TotalAHSLength (AHS length must be a multiple of 4). */
        public Out ahs(byte[] segments) {
            this.ahs = segments;
            bhs[4] = (byte) (segments.length / 4);
            return this;
        }
    }

    /** @return {@code key=value\0...} bytes */
    public static byte[] text(Map<String, String> pairs) {
        StringBuilder sb = new StringBuilder();
        pairs.forEach((k, v) -> sb.append(k).append('=').append(v).append('\0'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static Out login(long isid, int tsih, int itt, int cmdSn, int expStatSn, int csg, int nsg,
                            boolean transit, boolean cont, byte[] text) {
        Out o = new Out();
        new LoginRequestPdu().wrap(o.bhsBuffer(), 0).init().transit(transit).continues(cont).currentStage(csg)
                .nextStage(transit ? nsg : 0).versionMax(0).versionMin(0).isid(isid).tsih(tsih)
                .initiatorTaskTag(itt).cid(1).cmdSn(cmdSn).expStatSn(expStatSn);
        return o.data(text);
    }

    /**
     * A SCSI Command; CDBs longer than 16 bytes go in an Extended CDB AHS.
     *
     * @param finalBit F: no unsolicited Data-Out follows
     */
    public static Out scsiCommand(int itt, long lun, byte[] cdb, boolean read, boolean write, int edtl,
                                  int cmdSn, int expStatSn, boolean finalBit, byte[] immediate) {
        Out o = new Out();
        ScsiCommandPdu p = new ScsiCommandPdu().wrap(o.bhsBuffer(), 0).init().finalFlag(finalBit).read(read)
                .write(write).taskAttribute(ScsiCommandPdu.ATTR_SIMPLE).lun(lun).initiatorTaskTag(itt)
                .expectedDataTransferLength(edtl & 0xFFFF_FFFFL).cmdSn(cmdSn).expStatSn(expStatSn)
                .cdb(cdb, cdb.length);
        if (cdb.length > 16) {
            byte[] ahs = new byte[(4 + cdb.length - 16 + 3) & ~3];
            AdditionalHeaderSegment.putExtendedCdb(ByteBuffer.wrap(ahs), 0, cdb, cdb.length);
            o.ahs(ahs);
        }
        p.totalAhsLength(o.ahs.length / 4);
        return o.data(immediate == null ? new byte[0] : immediate);
    }

    public static Out dataOut(int itt, long lun, int ttt, int dataSn, int bufferOffset, boolean finalBit,
                              int expStatSn, byte[] data) {
        Out o = new Out();
        new DataOutPdu().wrap(o.bhsBuffer(), 0).init(finalBit).lun(lun).initiatorTaskTag(itt).targetTransferTag(ttt)
                .dataSn(dataSn).bufferOffset(bufferOffset & 0xFFFF_FFFFL).expStatSn(expStatSn);
        return o.data(data);
    }

    public static Out nopOut(int itt, int ttt, int cmdSn, int expStatSn, boolean immediate, byte[] data) {
        Out o = new Out();
        new NopOutPdu().wrap(o.bhsBuffer(), 0).init().immediate(immediate).initiatorTaskTag(itt)
                .targetTransferTag(ttt).cmdSn(cmdSn).expStatSn(expStatSn);
        return o.data(data == null ? new byte[0] : data);
    }

    public static Out text(int itt, int ttt, int cmdSn, int expStatSn, boolean finalBit, boolean cont, byte[] data) {
        Out o = new Out();
        new TextRequestPdu().wrap(o.bhsBuffer(), 0).init(finalBit).continues(cont).initiatorTaskTag(itt)
                .targetTransferTag(ttt).cmdSn(cmdSn).expStatSn(expStatSn).immediate(true);
        return o.data(data);
    }

    public static Out logout(int itt, int reason, int cid, int cmdSn, int expStatSn) {
        Out o = new Out();
        new LogoutRequestPdu().wrap(o.bhsBuffer(), 0).init().immediate(true).reasonCode(reason).cid(cid)
                .initiatorTaskTag(itt).cmdSn(cmdSn).expStatSn(expStatSn);
        return o;
    }

    public static Out taskManagement(int itt, int function, long lun, int referencedItt, int cmdSn, int refCmdSn,
                                     int expStatSn) {
        Out o = new Out();
        new TaskManagementRequestPdu().wrap(o.bhsBuffer(), 0).init().immediate(true).function(function).lun(lun)
                .initiatorTaskTag(itt).referencedTaskTag(referencedItt).cmdSn(cmdSn).refCmdSn(refCmdSn)
                .expStatSn(expStatSn);
        return o;
    }

    /** Any opcode with an otherwise empty BHS (unknown opcodes, SNACK, ...). */
    public static Out raw(int opcodeByte, int itt) {
        Out o = new Out();
        o.bhs[0] = (byte) opcodeByte;
        o.bhs[1] = (byte) 0x80;
        ByteBuffer.wrap(o.bhs).putInt(16, itt);
        return o;
    }

    /** LUN field for a flat LUN number below 256 (SAM-5 peripheral device addressing). */
    public static long lun(int n) {
        return ((long) n & 0xFF) << 48;
    }
}
