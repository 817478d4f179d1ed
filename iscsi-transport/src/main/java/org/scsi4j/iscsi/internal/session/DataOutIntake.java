package org.scsi4j.iscsi.internal.session;

import java.nio.ByteBuffer;
import org.scsi4j.core.spi.transport.ScsiStatus;
import org.scsi4j.core.spi.transport.ScsiTask;
import org.scsi4j.iscsi.internal.pdu.DataOutPdu;
import org.scsi4j.iscsi.internal.pdu.PduCodes;
import org.scsi4j.iscsi.internal.text.NegotiatedParameters;

/**
 * Data-out for a task (RFC 7143 §4.2.5, §11.7, §11.8): immediate data, then unsolicited
 * Data-Out up to FirstBurstLength (InitialR2T=No), then R2Ts of at most MaxBurstLength,
 * MaxOutstandingR2T at a time; each Data-Out lands in the core's buffer at its Buffer Offset
 * (DataPDUInOrder=Yes: offsets and DataSN must follow each other). When every byte the core
 * wants is in and no sequence is open, {@code ItNexus.dataOutReceived}.
 *
 * <p>Errors, each answered as RFC 7143 says for ErrorRecoveryLevel 0:
 * <ul>
 *   <li>unknown ITT/TTT: Reject "Invalid PDU field" (§11.17.1), PDU discarded — unless the
 *       transport itself ended that task early, then its trailing Data-Out is dropped quietly;</li>
 *   <li>Buffer Offset out of order or past the burst / expected length: Reject "Invalid PDU
 *       field", and the task ends with CHECK CONDITION "incorrect amount of data" (0C/0D);</li>
 *   <li>DataSN out of order (§7.9: an earlier data PDU was lost) and data digest errors (§7.8):
 *       the task ends with CHECK CONDITION "protocol service CRC error" (47/05).</li>
 * </ul>
 */
final class DataOutIntake {
    private final Session s;
    private final DataOutPdu pdu = new DataOutPdu();

    DataOutIntake(Session s) {
        this.s = s;
    }

    /** {@code requestDataOut}: copy immediate data, open the unsolicited window, send R2Ts. */
    void start(ScsiTask task, ByteBuffer destination, CommandIntake.ImmediateData immediate) {
        NegotiatedParameters p = s.params();
        TaskState ts = s.states().acquire();
        ts.bind(task);
        ts.mode = TaskState.Mode.DATA_OUT;
        ts.destination = destination;
        ts.wanted = destination.limit();
        int immediateLength = immediate.length;
        if (immediateLength > 0) {
            copy(ts, immediate.buffer, immediate.offset, 0, immediateLength);
        }
        int unsolicitedLimit = Math.min(p.firstBurstLength(), ts.edtl);
        if (immediate.unsolicitedFollows && immediateLength < unsolicitedLimit) {
            ts.unsolicitedEnd = unsolicitedLimit;
            ts.unsolicitedNext = immediateLength;
            ts.unsolicitedDataSn = 0;
            ts.unsolicitedOpen = true;
            s.unsolicited.put(ts.itt, ts);
        } else {
            ts.unsolicitedEnd = immediateLength;
        }
        ts.solicitNext = ts.unsolicitedEnd;
        issueR2ts(ts);
        completeIfDone(ts);
    }

    private void issueR2ts(TaskState ts) {
        int maxBurst = s.params().maxBurstLength();
        boolean issued = false;
        for (int i = 0; i < ts.r2tActive.length && ts.solicitNext < ts.wanted; i++) {
            if (ts.r2tActive[i]) {
                continue;
            }
            int length = Math.min(maxBurst, ts.wanted - ts.solicitNext);
            ts.r2tOffset[i] = ts.solicitNext;
            ts.r2tNext[i] = ts.solicitNext;
            ts.r2tEnd[i] = ts.solicitNext + length;
            ts.r2tDataSn[i] = 0;
            ts.r2tNumber[i] = ts.r2tSn++;
            ts.r2tTtt[i] = s.states().nextTtt(ts.slot);
            ts.r2tActive[i] = true;
            ts.r2tUnsent[i] = true;
            ts.r2tOutstanding++;
            ts.solicitNext += length;
            issued = true;
        }
        if (issued) {
            ts.schedule(s.out());
            s.connection().markDirty();
        }
    }

    private void completeIfDone(TaskState ts) {
        if (ts.mode == TaskState.Mode.DATA_OUT && !ts.unsolicitedOpen && ts.r2tOutstanding == 0
                && ts.solicitNext >= ts.wanted && ts.destination != null) {
            ts.destination = null;
            s.nexus().dataOutReceived(ts.task);
        }
    }

    /** Copies the part of a data segment that falls inside what the core wants. */
    private static void copy(TaskState ts, ByteBuffer src, int srcOffset, int bufferOffset, int length) {
        if (bufferOffset >= ts.wanted) {
            return;
        }
        int n = Math.min(length, ts.wanted - bufferOffset);
        ts.destination.put(bufferOffset, src, srcOffset, n);
    }

    void onDataOut(ByteBuffer buf, int hdr, int dataOffset, int dataLength) {
        pdu.wrap(buf, hdr);
        if (s.isDiscovery()) {
            s.control().reject(buf, hdr, PduCodes.RejectReason.PROTOCOL_ERROR, "Data-Out in a Discovery session");
            return;
        }
        int itt = pdu.initiatorTaskTag();
        int ttt = pdu.targetTransferTag();
        long offsetL = pdu.bufferOffset();
        int dataSn = pdu.dataSn();
        boolean fin = pdu.isFinal();
        TaskState ts;
        int r = -1;
        if (ttt == -1) {
            ts = s.unsolicited.get(itt);
        } else {
            ts = s.states().byTtt(ttt);
            r = ts == null || ts.mode != TaskState.Mode.DATA_OUT || ts.itt != itt ? -1 : findR2t(ts, ttt);
            if (r < 0) {
                ts = null;
            }
        }
        if (ts == null) {
            if (!s.discardItts.contains(itt)) {
                s.control().reject(buf, hdr, PduCodes.RejectReason.INVALID_PDU_FIELD,
                        "Data-Out for an unknown ITT/TTT");
            }
            return;
        }
        int expectedOffset = r < 0 ? ts.unsolicitedNext : ts.r2tNext[r];
        int end = r < 0 ? ts.unsolicitedEnd : ts.r2tEnd[r];
        int expectedDataSn = r < 0 ? ts.unsolicitedDataSn : ts.r2tDataSn[r];
        if (offsetL != expectedOffset || offsetL + dataLength > end) {
            s.control().reject(buf, hdr, PduCodes.RejectReason.INVALID_PDU_FIELD,
                    "Data-Out Buffer Offset/length outside the expected data");
            terminate(ts, TransportSense.INCORRECT_AMOUNT_OF_DATA);
            return;
        }
        if (dataSn != expectedDataSn) {
            s.ctx().errors().info("datasn", "Data-Out with DataSN " + dataSn + " where " + expectedDataSn
                    + " was due from " + s.connection().peer() + ": task ended (RFC 7143 §7.9)");
            terminate(ts, TransportSense.PROTOCOL_SERVICE_CRC_ERROR);
            return;
        }
        copy(ts, buf, dataOffset, expectedOffset, dataLength);
        int next = expectedOffset + dataLength;
        if (r < 0) {
            ts.unsolicitedNext = next;
            ts.unsolicitedDataSn++;
            if (next == end || fin) {
                ts.unsolicitedOpen = false;
                s.unsolicited.remove(itt);
                if (next != end) {
                    terminate(ts, TransportSense.INCORRECT_AMOUNT_OF_DATA);
                    return;
                }
            }
        } else {
            ts.r2tNext[r] = next;
            ts.r2tDataSn[r]++;
            if (next == end || fin) {
                if (next != end) {
                    terminate(ts, TransportSense.INCORRECT_AMOUNT_OF_DATA);
                    return;
                }
                ts.r2tActive[r] = false;
                ts.r2tOutstanding--;
                issueR2ts(ts);
            }
        }
        completeIfDone(ts);
    }

    private static int findR2t(TaskState ts, int ttt) {
        for (int i = 0; i < ts.r2tActive.length; i++) {
            if (ts.r2tActive[i] && ts.r2tTtt[i] == ttt) {
                return i;
            }
        }
        return -1;
    }

    /** A Data-Out with a data digest error (the Reject is sent by the session). */
    void onDigestError(ByteBuffer buf, int hdr) {
        pdu.wrap(buf, hdr);
        int itt = pdu.initiatorTaskTag();
        int ttt = pdu.targetTransferTag();
        TaskState ts = ttt == -1 ? s.unsolicited.get(itt) : s.states().byTtt(ttt);
        if (ts != null && ts.mode == TaskState.Mode.DATA_OUT && ts.itt == itt) {
            terminate(ts, TransportSense.PROTOCOL_SERVICE_CRC_ERROR);
        }
    }

    /**
     * Ends a task waiting for data-out with CHECK CONDITION (RFC 7143 §7.8 option b): status
     * sent by the transport, the task released to the core, later Data-Out for it dropped.
     */
    private void terminate(TaskState ts, int ascAscq) {
        ScsiTask task = ts.task;
        int itt = ts.itt;
        forget(ts);
        s.discardDataOut(itt);
        s.states().recycle(ts);
        s.control().sendStatus(itt, ScsiStatus.CHECK_CONDITION, TransportSense.fixed(ascAscq));
        s.release(task);
    }

    /** The task leaves data-out (completed, aborted or ended): forget its sequences. */
    void forget(TaskState ts) {
        if (ts.unsolicitedOpen) {
            ts.unsolicitedOpen = false;
            s.unsolicited.remove(ts.itt);
        }
        for (int i = 0; i < ts.r2tActive.length; i++) {
            ts.r2tActive[i] = false;
            ts.r2tUnsent[i] = false;
        }
        ts.r2tOutstanding = 0;
        ts.destination = null;
    }
}
