package org.scsi4j.core.internal.xcopy;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.engine.NexusView;

/**
 * Finds the logical unit a CSCD descriptor names and decides whether the copy manager may read or
 * write it on behalf of the I_T nexus that sent the EXTENDED COPY.
 *
 * <p>Only logical units of this target are reachable, and only those the nexus itself sees
 * ({@link NexusView#visibleLuns()}): XCOPY cannot reach a unit the initiator's LUN map hides. An
 * identification descriptor CSCD descriptor (E4h, SPC-4 §6.4) is matched by its NAA designator
 * (binary code set, logical unit association, 8 bytes) against {@code LuIdentity.naa()}, the designator
 * the Device Identification VPD page reports (and the one libiscsi and VMware ESXi copy from it).
 * Any other designator names nothing here: COPY TARGET DEVICE NOT REACHABLE, which tells ESXi to
 * fall back to host-based copying.
 */
final class CopyTargets {
    /** CSCD DESCRIPTOR ID FFFFh: the unit that received the command (SPC-4, CSCD descriptor ID values). */
    static final int LOCAL_UNIT = 0xFFFF;
    /** CSCD DESCRIPTOR IDs 0000h..07FFh index the CSCD descriptor list. */
    static final int MAX_INDEX = 0x07FF;

    private static final int CODE_SET_BINARY = 0x1;
    private static final int ASSOCIATION_LOGICAL_UNIT = 0x0;
    private static final int DESIGNATOR_NAA = 0x3;
    private static final int NAA_LENGTH = 8;

    /** A READ(16) and a WRITE(16), to ask a unit's reservations about the copy manager's access. */
    private static final byte[] READ_16 = new byte[16];
    private static final byte[] WRITE_16 = new byte[16];
    private static final int READ_16_OPCODE = 0x88;
    private static final int WRITE_16_OPCODE = 0x8A;

    static {
        READ_16[0] = (byte) READ_16_OPCODE;
        WRITE_16[0] = (byte) WRITE_16_OPCODE;
    }

    private CopyTargets() {
    }

    /** Whether a segment's CSCD DESCRIPTOR ID names something: a descriptor of the list, or FFFFh. */
    static boolean exists(int id, int cscdCount) {
        return id == LOCAL_UNIT || (id <= MAX_INDEX && id < cscdCount);
    }

    /**
     * The unit CSCD DESCRIPTOR ID {@code id} names, or null when no unit visible to the nexus
     * carries that designator. {@code id} must {@linkplain #exists exist}.
     */
    static LogicalUnit resolve(CommandContext ctx, ByteBuffer list, int id) {
        if (id == LOCAL_UNIT) {
            return ctx.lu();
        }
        int d = ParameterList.cscdOffset(id) + ParameterList.CSCD_DESIGNATOR;
        int codeSet = ParameterList.u8(list, d) & 0x0F;
        int association = (ParameterList.u8(list, d + 1) >>> 4) & 0x03;
        int type = ParameterList.u8(list, d + 1) & 0x0F;
        int length = ParameterList.u8(list, d + 3);
        if (codeSet != CODE_SET_BINARY || association != ASSOCIATION_LOGICAL_UNIT
                || type != DESIGNATOR_NAA || length != NAA_LENGTH) {
            return null;
        }
        long naa = ParameterList.u64(list, d + 4);
        LogicalUnit own = ctx.lu();
        if (own != null && own.identity().naa() == naa) {
            return own;
        }
        NexusView nexus = ctx.nexus();
        for (int lun : nexus.visibleLuns()) {
            LogicalUnit u = nexus.logicalUnitAt(lun);
            if (u != null && u.identity().naa() == naa) {
                return u;
            }
        }
        return null;
    }

    /**
     * Whether writes to {@code lu} are refused for this nexus. For the addressed unit this is the
     * engine's answer (read-only mapping, read-only device, SWP); for another unit the same three,
     * the mapping as this nexus sees it.
     */
    static boolean writeProtected(CommandContext ctx, LogicalUnit lu) {
        if (lu == ctx.lu()) {
            return ctx.writeProtected();
        }
        return ctx.nexus().isMappedReadOnly(lu) || lu.device().isReadOnly() || lu.modePages().softwareWriteProtect();
    }

    /**
     * Whether a reservation on {@code lu} forbids the nexus to read it ({@code write} false) or
     * write it (SPC-4 §5.13): the copy manager acts for the nexus that sent the command, so an
     * EXTENDED COPY cannot get round another initiator's reservation. The addressed unit was
     * already checked by the engine for the EXTENDED COPY itself (a write-class command).
     */
    static boolean reservationConflict(CommandContext ctx, LogicalUnit lu, boolean write) {
        if (lu == ctx.lu()) {
            return false;
        }
        CommandDescriptor d = lu.commands().lookup(write ? WRITE_16_OPCODE : READ_16_OPCODE,
                CommandDescriptor.NO_SERVICE_ACTION);
        return d != null && lu.reservations().conflicts(ctx.nexus(), d, write ? WRITE_16 : READ_16);
    }

    /**
     * Whether {@code lu} cannot take part in a copy now: a SANITIZE runs on it or failed (it would
     * answer NOT READY or SANITIZE COMMAND FAILED to the copy manager's reads and writes).
     */
    static boolean unavailable(LogicalUnit lu) {
        return !lu.mediumPresent() || lu.sbc().sanitize().inProgress() || lu.sbc().sanitize().inFailureMode();
    }

    /** Whether writes to {@code lu} must be durable at completion: WCE=0 with a volatile cache (SBC-3 §6.4). */
    static boolean writeThrough(LogicalUnit lu) {
        return !lu.modePages().writeCacheEnabled() && lu.geometry().volatileWriteCache();
    }
}
