package org.scsi4j.core.internal.spc;

import static org.scsi4j.core.internal.spc.ParameterBytes.ascii;
import static org.scsi4j.core.internal.spc.ParameterBytes.u16;
import static org.scsi4j.core.internal.spc.ParameterBytes.u64;
import static org.scsi4j.core.internal.spc.ParameterBytes.u8;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.scsi4j.core.LuIdentity;
import org.scsi4j.core.internal.command.CommandContext;

/**
 * The designation descriptors of the Device Identification VPD page (SPC-4 §7.8.6): what
 * multipath stacks (Linux dm-multipath and scsi_dh_alua, VMware NMP, Windows MPIO) use to tell
 * one logical unit and one path from another.
 *
 * <ul>
 *   <li>NAA, binary, logical unit (§7.8.6.6): {@link LuIdentity#naa()}, 8 bytes;</li>
 *   <li>T10 vendor ID, ASCII, logical unit (§7.8.6.4): vendor (8) + product (16) + serial;</li>
 *   <li>relative target port, binary, target port (§7.8.6.7): the port the command came through;</li>
 *   <li>target port group, binary, target port (§7.8.6.8): always group {@link #TARGET_PORT_GROUP};</li>
 *   <li>SCSI name string, UTF-8, target device (§7.8.6.11): the target's name, null-terminated and
 *       null-padded to a multiple of 4.</li>
 * </ul>
 * PIV is 0 throughout: the core does not know which protocol a port speaks, so PROTOCOL IDENTIFIER
 * is not claimed.
 */
final class DeviceIdentification {
    /** The one target port group every port of a target belongs to (see REPORT TARGET PORT GROUPS). */
    static final int TARGET_PORT_GROUP = 1;

    static final int CODE_SET_BINARY = 0x1;
    static final int CODE_SET_ASCII = 0x2;
    static final int CODE_SET_UTF8 = 0x3;

    static final int ASSOCIATION_LU = 0x00;
    static final int ASSOCIATION_TARGET_PORT = 0x10;
    static final int ASSOCIATION_TARGET_DEVICE = 0x20;

    static final int TYPE_T10_VENDOR_ID = 0x1;
    static final int TYPE_NAA = 0x3;
    static final int TYPE_RELATIVE_TARGET_PORT = 0x4;
    static final int TYPE_TARGET_PORT_GROUP = 0x5;
    static final int TYPE_SCSI_NAME_STRING = 0x8;

    /** SPC-4 §7.8.6.11: a SCSI name string designator is at most 256 bytes. */
    private static final int MAX_NAME_LENGTH = 256;

    private DeviceIdentification() {
    }

    /**
     * Writes the designation descriptor list at {@code off}.
     *
     * @return its length in bytes (the page's PAGE LENGTH)
     */
    static int writeDesignators(CommandContext ctx, ByteBuffer b, int off) {
        LuIdentity id = ctx.lu().identity();
        int p = off;

        p = header(b, p, CODE_SET_BINARY, ASSOCIATION_LU | TYPE_NAA, 8);
        u64(b, p, id.naa());
        p += 8;

        int t10Length = 8 + 16 + id.serial().length();
        p = header(b, p, CODE_SET_ASCII, ASSOCIATION_LU | TYPE_T10_VENDOR_ID, t10Length);
        ascii(b, p, id.vendor(), 8);
        ascii(b, p + 8, id.product(), 16);
        ascii(b, p + 24, id.serial());
        p += t10Length;

        p = header(b, p, CODE_SET_BINARY, ASSOCIATION_TARGET_PORT | TYPE_RELATIVE_TARGET_PORT, 4);
        u16(b, p + 2, ctx.nexus().relativeTargetPortId());
        p += 4;

        p = header(b, p, CODE_SET_BINARY, ASSOCIATION_TARGET_PORT | TYPE_TARGET_PORT_GROUP, 4);
        u16(b, p + 2, TARGET_PORT_GROUP);
        p += 4;

        byte[] name = ctx.nexus().targetName().getBytes(StandardCharsets.UTF_8);
        int nameBytes = Math.min(name.length, MAX_NAME_LENGTH - 1);
        int padded = (nameBytes + 1 + 3) & ~3;           // at least one null, multiple of 4
        p = header(b, p, CODE_SET_UTF8, ASSOCIATION_TARGET_DEVICE | TYPE_SCSI_NAME_STRING, padded);
        b.put(p, name, 0, nameBytes);                    // the rest stays zero: terminator and padding
        p += padded;

        return p - off;
    }

    /** Writes the 4-byte designation descriptor header (PIV 0, protocol identifier 0). */
    private static int header(ByteBuffer b, int p, int codeSet, int associationAndType, int length) {
        u8(b, p, codeSet);
        u8(b, p + 1, associationAndType);
        u8(b, p + 3, length);
        return p + 4;
    }
}
