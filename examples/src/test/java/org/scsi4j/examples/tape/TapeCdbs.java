package org.scsi4j.examples.tape;

/** The SSC-3 CDBs the tests send to the tape drive. */
final class TapeCdbs {
    private TapeCdbs() {
    }

    static byte[] testUnitReady() {
        return new byte[6];
    }

    static byte[] rewind() {
        return new byte[] {0x01, 0, 0, 0, 0, 0};
    }

    static byte[] readBlockLimits() {
        return new byte[] {0x05, 0, 0, 0, 0, 0};
    }

    /** READ(6) of one record of up to {@code length} bytes (variable-block mode). */
    static byte[] read(int length, boolean sili) {
        return withLength(0x08, sili ? 0x02 : 0, length);
    }

    /** READ(6) of {@code blocks} fixed-length blocks. */
    static byte[] readFixed(int blocks) {
        return withLength(0x08, 0x01, blocks);
    }

    /** WRITE(6) of one record of {@code length} bytes (variable-block mode). */
    static byte[] write(int length) {
        return withLength(0x0A, 0, length);
    }

    static byte[] writeFixed(int blocks) {
        return withLength(0x0A, 0x01, blocks);
    }

    static byte[] writeFilemarks(int count) {
        return withLength(0x10, 0, count);
    }

    /** SPACE(6); code 0 blocks, 1 filemarks, 3 end of data; a negative count spaces backwards. */
    static byte[] space(int code, int count) {
        return withLength(0x11, code, count & 0xFFFFFF);
    }

    /** MODE SELECT(6) with PF and a parameter list of {@code length} bytes. */
    static byte[] modeSelect(int length) {
        return new byte[] {0x15, 0x10, 0, 0, (byte) length, 0};
    }

    static byte[] modeSense6(int page, int allocation) {
        return new byte[] {0x1A, 0, (byte) page, 0, (byte) allocation, 0};
    }

    static byte[] modeSense10(int page, int allocation) {
        return new byte[] {0x5A, 0, (byte) page, 0, 0, 0, 0, (byte) (allocation >> 8), (byte) allocation, 0};
    }

    static byte[] loadUnload(boolean load) {
        return new byte[] {0x1B, 0, 0, 0, (byte) (load ? 1 : 0), 0};
    }

    /** READ POSITION with a service action: 0 short form, 6 long form. */
    static byte[] readPosition(int serviceAction) {
        return new byte[] {0x34, (byte) serviceAction, 0, 0, 0, 0, 0, 0, 0, 0};
    }

    /** MODE SELECT(6) parameter data setting the block length (0: variable-block mode). */
    static byte[] blockLengthParameters(int blockLength) {
        return new byte[] {0, 0, 0, 8, 0, 0, 0, 0, 0, (byte) (blockLength >> 16), (byte) (blockLength >> 8), (byte) blockLength};
    }

    private static byte[] withLength(int opcode, int byte1, int length) {
        return new byte[] {(byte) opcode, (byte) byte1, (byte) (length >> 16), (byte) (length >> 8), (byte) length, 0};
    }
}
