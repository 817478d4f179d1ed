package org.scsi4j.iscsi.initiator;

import java.nio.ByteBuffer;
import org.scsi4j.iscsi.internal.pdu.AdditionalHeaderSegment;
import org.scsi4j.iscsi.internal.pdu.DataOutPdu;
import org.scsi4j.iscsi.internal.pdu.HeaderFlyweight;
import org.scsi4j.iscsi.internal.pdu.LogoutRequestPdu;
import org.scsi4j.iscsi.internal.pdu.NopOutPdu;
import org.scsi4j.iscsi.internal.pdu.PduCodes;
import org.scsi4j.iscsi.internal.pdu.ScsiCommandPdu;
import org.scsi4j.iscsi.internal.pdu.TaskManagementRequestPdu;
import org.scsi4j.iscsi.internal.pdu.TextRequestPdu;

/**
 * Encodes the initiator's full feature phase PDUs (RFC 7143 §11) straight into the connection's
 * send buffer with reused flyweights; payload is copied once from the caller's buffer. Every
 * method returns false, writing nothing, when the PDU does not fit now (the caller retries after
 * the socket took some bytes). Policy — what to send, sequence numbers — is the caller's.
 */
final class PduWriter {
    private final ScsiCommandPdu command = new ScsiCommandPdu();
    private final DataOutPdu dataOut = new DataOutPdu();
    private final NopOutPdu nopOut = new NopOutPdu();
    private final TaskManagementRequestPdu tmf = new TaskManagementRequestPdu();
    private final TextRequestPdu text = new TextRequestPdu();
    private final LogoutRequestPdu logout = new LogoutRequestPdu();
    private PduChannel ch;

    void attach(PduChannel channel) {
        this.ch = channel;
    }

    /**
     * SCSI Command (§11.3) with {@code immediate} bytes of immediate data; CDBs over 16 bytes
     * get an Extended CDB AHS (§11.2.2.3), bidirectional commands a Bidirectional Read Expected
     * Data Transfer Length AHS (§11.2.2.4).
     *
     * @param finalBit F: no unsolicited Data-Out follows
     */
    boolean command(Task t, int cmdSn, int expStatSn, int immediate, boolean finalBit) {
        boolean write = t.isWrite();
        boolean bidi = write && t.isRead();
        int ahs = (t.cdbLength > ScsiCommandPdu.CDB_LENGTH_IN_BHS
                ? HeaderFlyweight.pad(AdditionalHeaderSegment.AHS_DATA_OFFSET + t.cdbLength - 16) : 0) + (bidi ? 8 : 0);
        int at = ch.begin(ahs, immediate, false);
        if (at < 0) {
            return false;
        }
        ByteBuffer tx = ch.tx();
        command.wrap(tx, at).init().read(t.isRead()).write(write).taskAttribute(t.taskAttribute).lun(t.lun)
                .initiatorTaskTag(t.itt).expectedDataTransferLength(write ? t.dataOutLength : t.dataInLength)
                .cmdSn(cmdSn).expStatSn(expStatSn).cdb(t.cdb, t.cdbLength).finalFlag(finalBit);
        int ahsAt = at + HeaderFlyweight.BHS_LENGTH;
        if (t.cdbLength > ScsiCommandPdu.CDB_LENGTH_IN_BHS) {
            ahsAt += AdditionalHeaderSegment.putExtendedCdb(tx, ahsAt, t.cdb, t.cdbLength);
        }
        if (bidi) {
            AdditionalHeaderSegment.putBidirectionalReadLength(tx, ahsAt, t.dataInLength);
        }
        if (immediate > 0) {
            tx.put(ch.dataOffset(at, ahs), t.dataOut, t.dataOutBase, immediate);
        }
        ch.commit(at, ahs, immediate);
        return true;
    }

    /** SCSI Data-Out (§11.7): {@code length} bytes at {@code offset} of the task's data-out buffer. */
    boolean dataOut(Task t, int ttt, int dataSn, int offset, int length, boolean finalBit, int expStatSn) {
        int at = ch.begin(0, length, false);
        if (at < 0) {
            return false;
        }
        ByteBuffer tx = ch.tx();
        dataOut.wrap(tx, at).init(finalBit).lun(t.lun).initiatorTaskTag(t.itt).targetTransferTag(ttt)
                .expStatSn(expStatSn).dataSn(dataSn).bufferOffset(offset);
        tx.put(ch.dataOffset(at, 0), t.dataOut, t.dataOutBase + offset, length);
        ch.commit(at, 0, length);
        return true;
    }

    /** Task Management Function Request (§11.5), immediate; ABORT TASK names the task and its CmdSN. */
    boolean taskManagement(Task t, int cmdSn, int expStatSn, int refCmdSn) {
        int at = ch.begin(0, 0, true);
        if (at < 0) {
            return false;
        }
        boolean abort = t.function == PduCodes.TaskManagementFunction.ABORT_TASK;
        tmf.wrap(ch.tx(), at).init().immediate(true).function(t.function).lun(t.lun).initiatorTaskTag(t.itt)
                .referencedTaskTag(abort ? t.refItt : HeaderFlyweight.RESERVED_TAG).cmdSn(cmdSn)
                .expStatSn(expStatSn).refCmdSn(abort ? refCmdSn : 0);
        ch.commit(at, 0, 0);
        return true;
    }

    /**
     * NOP-Out (§11.18), immediate: a ping of ours ({@code ttt} 0xffffffff, an ITT) or the
     * answer to the target's ({@code itt} 0xffffffff, its TTT, echoing its data).
     */
    boolean nopOut(int itt, int ttt, long lun, int cmdSn, int expStatSn, ByteBuffer src, int offset, int length) {
        int at = ch.begin(0, length, true);
        if (at < 0) {
            return false;
        }
        nopOut.wrap(ch.tx(), at).init().immediate(true).lun(lun).initiatorTaskTag(itt).targetTransferTag(ttt)
                .cmdSn(cmdSn).expStatSn(expStatSn);
        if (length > 0) {
            ch.tx().put(ch.dataOffset(at, 0), src, offset, length);
        }
        ch.commit(at, 0, length);
        return true;
    }

    /** Text Request (§11.10), immediate, F=1: a new exchange (TTT 0xffffffff) or its continuation. */
    boolean text(int itt, int ttt, int cmdSn, int expStatSn, byte[] data) {
        int length = data == null ? 0 : data.length;
        int at = ch.begin(0, length, true);
        if (at < 0) {
            return false;
        }
        text.wrap(ch.tx(), at).init(true).immediate(true).initiatorTaskTag(itt).targetTransferTag(ttt).cmdSn(cmdSn)
                .expStatSn(expStatSn);
        if (length > 0) {
            ch.tx().put(ch.dataOffset(at, 0), data, 0, length);
        }
        ch.commit(at, 0, length);
        return true;
    }

    /** Logout Request (§11.14), reason 0 (close the session), immediate. */
    boolean logout(int itt, int cmdSn, int expStatSn) {
        int at = ch.begin(0, 0, true);
        if (at < 0) {
            return false;
        }
        logout.wrap(ch.tx(), at).init().immediate(true).reasonCode(PduCodes.LogoutReason.CLOSE_SESSION)
                .initiatorTaskTag(itt).cid(0).cmdSn(cmdSn).expStatSn(expStatSn);
        ch.commit(at, 0, 0);
        return true;
    }
}
