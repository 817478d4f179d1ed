package org.scsi4j.backstore.passthrough.sg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A flyweight over a {@code struct sg_io_hdr} (the sg v3 interface, Linux
 * {@code include/uapi/scsi/sg.h}) as laid out on LP64 Linux (x86_64, aarch64): 88 bytes, native
 * byte order, pointers 8 bytes wide with a 4-byte hole after {@code pack_id}. A 32-bit process
 * would need the compat layout; {@link SgNode#checkPlatform} keeps those out.
 */
final class SgIoHeader {
    static final int SIZE = 88;

    static final int INTERFACE_ID = 0;      // int, 'S'
    static final int DXFER_DIRECTION = 4;   // int, SG_DXFER_*
    static final int CMD_LEN = 8;           // unsigned char
    static final int MX_SB_LEN = 9;         // unsigned char
    static final int IOVEC_COUNT = 10;      // unsigned short, 0: no scatter list
    static final int DXFER_LEN = 12;        // unsigned int
    static final int DXFERP = 16;           // void *
    static final int CMDP = 24;             // unsigned char *
    static final int SBP = 32;              // unsigned char *
    static final int TIMEOUT = 40;          // unsigned int, milliseconds
    static final int FLAGS = 44;            // unsigned int, SG_FLAG_*
    static final int PACK_ID = 48;          // int
    static final int USR_PTR = 56;          // void *
    static final int STATUS = 64;           // unsigned char
    static final int MASKED_STATUS = 65;    // unsigned char
    static final int MSG_STATUS = 66;       // unsigned char
    static final int SB_LEN_WR = 67;        // unsigned char
    static final int HOST_STATUS = 68;      // unsigned short
    static final int DRIVER_STATUS = 70;    // unsigned short
    static final int RESID = 72;            // int
    static final int DURATION = 76;         // unsigned int, milliseconds
    static final int INFO = 80;             // unsigned int, SG_INFO_*

    /** {@code interface_id} of the v3 interface. */
    static final int INTERFACE_ID_V3 = 'S';

    private final ByteBuffer buffer;

    /** Wraps {@code buffer}'s first {@link #SIZE} bytes; sets its byte order to the native one. */
    SgIoHeader(ByteBuffer buffer) {
        if (buffer.capacity() < SIZE) {
            throw new IllegalArgumentException("an sg_io_hdr needs " + SIZE + " bytes, the buffer has " + buffer.capacity());
        }
        this.buffer = buffer.order(ByteOrder.nativeOrder());
    }

    ByteBuffer buffer() {
        return buffer;
    }

    /**
     * Writes a request: every field, the output ones zeroed. Flags stay 0: indirect I/O through
     * the driver's buffers, so an abandoned request never writes into our memory later (the kernel
     * skips the copy-out of an orphaned request).
     */
    SgIoHeader request(int direction, int cmdLen, int mxSbLen, int dxferLen, long dxferp, long cmdp, long sbp,
                       int timeoutMillis, int packId) {
        for (int i = 0; i < SIZE; i += 8) {
            buffer.putLong(i, 0L);
        }
        buffer.putInt(INTERFACE_ID, INTERFACE_ID_V3);
        buffer.putInt(DXFER_DIRECTION, direction);
        buffer.put(CMD_LEN, (byte) cmdLen);
        buffer.put(MX_SB_LEN, (byte) mxSbLen);
        buffer.putInt(DXFER_LEN, dxferLen);
        buffer.putLong(DXFERP, dxferp);
        buffer.putLong(CMDP, cmdp);
        buffer.putLong(SBP, sbp);
        buffer.putInt(TIMEOUT, timeoutMillis);
        buffer.putInt(PACK_ID, packId);
        return this;
    }

    int interfaceId() {
        return buffer.getInt(INTERFACE_ID);
    }

    int status() {
        return buffer.get(STATUS) & 0xFF;
    }

    int senseLength() {
        return buffer.get(SB_LEN_WR) & 0xFF;
    }

    int hostStatus() {
        return buffer.getShort(HOST_STATUS) & 0xFFFF;
    }

    int driverStatus() {
        return buffer.getShort(DRIVER_STATUS) & 0xFFFF;
    }

    int resid() {
        return buffer.getInt(RESID);
    }

    int duration() {
        return buffer.getInt(DURATION);
    }

    int packId() {
        return buffer.getInt(PACK_ID);
    }

    SgResult result() {
        return new SgResult(status(), senseLength(), hostStatus(), driverStatus(), resid(), duration());
    }
}
