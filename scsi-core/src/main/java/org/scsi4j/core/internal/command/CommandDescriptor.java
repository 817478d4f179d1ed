package org.scsi4j.core.internal.command;

import java.util.Objects;
import org.scsi4j.core.spi.device.DeviceOperation;

/**
 * One row of the opcode table: what the core knows about a command before running it.
 * The CDB usage map doubles as the reserved-bit mask: a bit set in the CDB but clear in the usage
 * map is INVALID FIELD IN CDB, and REPORT SUPPORTED OPERATION CODES reports the same map.
 */
public final class CommandDescriptor {
    /** No service action. */
    public static final int NO_SERVICE_ACTION = -1;

    private final int opcode;
    private final int serviceAction;
    private final String name;
    private final byte[] usageMap;
    private final DataOutLength dataOutLength;
    private final CommandHandler handler;
    private final int flags;
    private final int nominalTimeoutSeconds;
    private final int recommendedTimeoutSeconds;
    private final DeviceOperation requiredOperation;

    /** The command may run while a unit attention is pending (INQUIRY, REPORT LUNS, REQUEST SENSE). */
    public static final int ALLOWED_WITH_UNIT_ATTENTION = 1;
    /** The command runs on a LUN that is not mapped (REPORT LUNS, INQUIRY, REQUEST SENSE). */
    public static final int ALLOWED_WITHOUT_LU = 1 << 1;
    /** The command writes the medium (refused on write-protected mappings). */
    public static final int WRITES_MEDIUM = 1 << 2;
    /** The command needs the medium present (NOT READY otherwise). */
    public static final int NEEDS_MEDIUM = 1 << 3;
    /** The command is allowed while the LU is reserved by another nexus (SPC-4 §5.13 table). */
    public static final int ALLOWED_UNDER_RESERVATION = 1 << 4;
    /**
     * The data-out is whole logical blocks and the command may run on a prefix of them: when the
     * initiator's expected length is shorter than the CDB says (but still whole blocks), the
     * blocks that arrive are processed and the shortfall reported as residual overflow (FCP-4
     * option a; what libiscsi's WRITE residual tests expect). Otherwise such a command is refused.
     */
    public static final int DATA_OUT_IN_BLOCKS = 1 << 5;
    /**
     * A raw-device unit's row: the command is offered to the unit's raw device first, untouched;
     * the core validates the CDB against the usage map only when the device declines it.
     */
    public static final int DEVICE_FIRST = 1 << 6;
    /**
     * The data-out length is the transport's expected length (a raw device's command the core
     * cannot parse): all of it when the initiator writes, none otherwise.
     */
    public static final int TRANSPORT_DATA_LENGTH = 1 << 7;

    private CommandDescriptor(int opcode, int serviceAction, String name, byte[] usageMap,
                              DataOutLength dataOutLength, CommandHandler handler, int flags,
                              int nominalTimeoutSeconds, int recommendedTimeoutSeconds,
                              DeviceOperation requiredOperation) {
        this.opcode = opcode;
        this.serviceAction = serviceAction;
        this.name = Objects.requireNonNull(name);
        this.usageMap = usageMap;
        this.dataOutLength = Objects.requireNonNull(dataOutLength);
        this.handler = Objects.requireNonNull(handler);
        this.flags = flags;
        this.nominalTimeoutSeconds = nominalTimeoutSeconds;
        this.recommendedTimeoutSeconds = recommendedTimeoutSeconds;
        this.requiredOperation = requiredOperation;
        if ((usageMap[0] & 0xFF) != opcode) {
            throw new IllegalArgumentException(name + ": usage map byte 0 must be the opcode");
        }
    }

    /**
     * @param usageMap CDB usage data (SPC-4 §6.35.3): byte 0 the opcode, then a mask of the bits the
     *                 command accepts; its length is the CDB length
     */
    public static CommandDescriptor of(int opcode, int serviceAction, String name, int[] usageMap,
                                       DataOutLength dataOutLength, CommandHandler handler, int flags) {
        byte[] map = new byte[usageMap.length];
        for (int i = 0; i < usageMap.length; i++) {
            map[i] = (byte) usageMap[i];
        }
        return new CommandDescriptor(opcode, serviceAction, name, map, dataOutLength, handler, flags, 0, 0, null);
    }

    /** The same row with command timeouts (seconds) for REPORT SUPPORTED OPERATION CODES. */
    public CommandDescriptor withTimeouts(int nominalSeconds, int recommendedSeconds) {
        return new CommandDescriptor(opcode, serviceAction, name, usageMap, dataOutLength, handler, flags,
                nominalSeconds, recommendedSeconds, requiredOperation);
    }

    /**
     * The same row, implemented only on units whose device offers {@code op} natively (UNMAP needs
     * a device that can deallocate). Elsewhere the command is INVALID COMMAND OPERATION CODE and
     * REPORT SUPPORTED OPERATION CODES says "not supported": one rule for both.
     */
    public CommandDescriptor requiring(DeviceOperation op) {
        return new CommandDescriptor(opcode, serviceAction, name, usageMap, dataOutLength, handler, flags,
                nominalTimeoutSeconds, recommendedTimeoutSeconds, op);
    }

    /** The device operation this command needs natively, or null. */
    public DeviceOperation requiredOperation() {
        return requiredOperation;
    }

    public int opcode() {
        return opcode;
    }

    public int serviceAction() {
        return serviceAction;
    }

    public boolean hasServiceAction() {
        return serviceAction != NO_SERVICE_ACTION;
    }

    public String name() {
        return name;
    }

    public int cdbLength() {
        return usageMap.length;
    }

    /** Usage map byte {@code i} as an unsigned int. */
    public int usage(int i) {
        return usageMap[i] & 0xFF;
    }

    public DataOutLength dataOutLength() {
        return dataOutLength;
    }

    public CommandHandler handler() {
        return handler;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public int nominalTimeoutSeconds() {
        return nominalTimeoutSeconds;
    }

    public int recommendedTimeoutSeconds() {
        return recommendedTimeoutSeconds;
    }

    @Override
    public String toString() {
        return name;
    }
}
