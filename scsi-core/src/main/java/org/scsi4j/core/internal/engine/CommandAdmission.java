package org.scsi4j.core.internal.engine;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.command.CommandTable;
import org.scsi4j.core.internal.sbc.DiskCommands;
import org.scsi4j.core.internal.sbc.SanitizeState;
import org.scsi4j.core.internal.sense.SenseReason;
import org.scsi4j.core.spi.transport.DataDirection;
import org.scsi4j.core.spi.transport.ScsiStatus;

/**
 * Admission of a new command on a nexus, in the order SPC-4 and SAM-5 ask for: LUN resolution,
 * medium and capacity changes, unit attention, opcode and service action lookup, sanitize and
 * reservation refusals, CDB usage-map validation, write protection, medium presence, the
 * handler's own validation, and then either the data-out request or the task set. Runs on the
 * nexus's owner thread inside {@link Nexus#submit}.
 */
final class CommandAdmission {
    private CommandAdmission() {
    }

    /**
     * Answers INVALID FIELD IN CDB, pointing at the most significant offending bit, when the CDB
     * sets a bit the descriptor's usage map does not accept.
     *
     * @return true when the task was answered
     */
    static boolean rejectedByUsageMap(Task t, CommandDescriptor d) {
        int violation = CommandTable.findUsageViolation(d, t.cdb);
        if (violation == CommandTable.VALID) {
            return false;
        }
        t.invalidFieldInCdb(violation >>> 3, violation & 7);
        return true;
    }

    static void admit(Nexus nexus, Task t) {
        int lunNumber = LunAddress.decode(t.lunField);
        t.lunNumber = lunNumber;
        LunMap map = nexus.currentMap();
        LogicalUnit lu = lunNumber == LunAddress.INVALID ? null : map.get(lunNumber);
        CommandTable table = lu != null ? lu.commands() : DiskCommands.table();
        CommandDescriptor d = table.lookup(t.cdb);
        if (d != null && lu != null && !lu.implementsCommand(d)) {
            d = null;
        }
        if (lu == null) {
            if (d == null || !d.has(CommandDescriptor.ALLOWED_WITHOUT_LU)) {
                t.checkCondition(SenseReason.LOGICAL_UNIT_NOT_SUPPORTED);
                return;
            }
        } else {
            t.lu = lu;
            lu.checkCapacity();
            lu.checkMedium();
            t.writeProtected = map.isReadOnly(lunNumber) || lu.device().isReadOnly()
                    || lu.modePages().softwareWriteProtect();
            UnitAttentionQueue ua = nexus.unitAttentionsOf(lu);
            if (!ua.isEmpty() && (d == null || !d.has(CommandDescriptor.ALLOWED_WITH_UNIT_ATTENTION))) {
                SenseReason r = ua.take();
                if (r != null) {
                    t.checkCondition(r);
                    return;
                }
            }
        }
        if (d == null) {
            int op = t.cdb[0] & 0xFF;
            if (table.usesServiceAction(op) && table.lookup(t.cdb) == null) {
                t.invalidFieldInCdb(CommandTable.serviceActionByte(op), 4);
            } else {
                t.checkCondition(SenseReason.INVALID_COMMAND_OPERATION_CODE);
            }
            return;
        }
        t.descriptor = d;
        if (lu != null) {
            SanitizeState sanitize = lu.sbc().sanitize();
            SenseReason refused = sanitize.refusal(d);
            if (refused == SenseReason.NOT_READY_SANITIZE_IN_PROGRESS) {
                t.checkConditionWithProgress(refused, sanitize.progressIndication());
                return;
            }
            if (refused != null) {
                t.checkCondition(refused);
                return;
            }
        }
        if (lu != null && lu.reservations().conflicts(nexus, d, t.cdb)) {
            t.completeStatus(ScsiStatus.RESERVATION_CONFLICT);
            return;
        }
        boolean deviceFirst = d.has(CommandDescriptor.DEVICE_FIRST);
        if (!deviceFirst && rejectedByUsageMap(t, d)) {
            return;
        }
        if (lu != null && d.has(CommandDescriptor.NEEDS_MEDIUM) && !lu.mediumPresent()) {
            t.checkCondition(SenseReason.MEDIUM_NOT_PRESENT);
            return;
        }
        if (d.has(CommandDescriptor.WRITES_MEDIUM) && t.writeProtected) {
            t.checkCondition(SenseReason.WRITE_PROTECTED);
            return;
        }
        if (!deviceFirst && !d.handler().validate(t)) {
            return;
        }
        int blockSize = lu != null ? lu.geometry().logicalBlockSize() : 512;
        long wanted;
        if (d.has(CommandDescriptor.TRANSPORT_DATA_LENGTH)) {
            // a raw device's command: the core cannot parse its length, the initiator said it
            if (t.direction == DataDirection.BIDIRECTIONAL) {
                t.checkCondition(SenseReason.INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT);
                return;
            }
            wanted = t.direction == DataDirection.WRITE ? t.expectedLength : 0;
        } else {
            wanted = d.dataOutLength().bytes(t.cdb, blockSize);
        }
        TaskSet set = lu != null ? nexus.taskSetOf(lu) : null;
        if (wanted > 0) {
            if (wanted > t.expectedLength) {
                // The initiator offers less data than the CDB needs (SPDTL > EDTL, an overflow).
                // Block writes run on the whole blocks that arrive (FCP-4 option a); anything
                // else is refused as INVALID FIELD IN COMMAND INFORMATION UNIT (option b, allowed
                // by RFC 7143 §11.4.5.2). Either way the overflow residual is reported.
                t.overflow = true;
                t.residual = (int) Math.min(Integer.MAX_VALUE, wanted - t.expectedLength);
                if (!d.has(CommandDescriptor.DATA_OUT_IN_BLOCKS) || t.expectedLength % blockSize != 0) {
                    t.checkCondition(SenseReason.INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT);
                    return;
                }
                wanted = t.expectedLength;
            }
            if (wanted < t.expectedLength) {
                t.underflow = true;
                t.residual = (int) (t.expectedLength - wanted);
            }
        }
        if (wanted > 0) {
            ByteBuffer buf = nexus.pool().acquire((int) wanted);
            if (buf == null) {
                t.completeBusy();
                return;
            }
            t.data = buf;
            t.dataOutLength = (int) wanted;
            t.state = Task.State.WAITING_DATA_OUT;
            if (set != null) {
                set.add(t);
            }
            nexus.port().requestDataOut(t, buf);
            return;
        }
        if (set != null) {
            set.add(t);
            if (!set.canStart(t)) {
                return;
            }
        }
        nexus.start(t);
    }
}
