package org.scsi4j.core.internal.sbc;

import static org.scsi4j.core.internal.command.CommandDescriptor.ALLOWED_UNDER_RESERVATION;
import static org.scsi4j.core.internal.command.CommandDescriptor.NEEDS_MEDIUM;
import static org.scsi4j.core.internal.command.CommandDescriptor.NO_SERVICE_ACTION;
import static org.scsi4j.core.internal.command.CommandDescriptor.WRITES_MEDIUM;

import java.util.List;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.command.DataOutLength;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.medium.PreventAllowMediumRemoval;
import org.scsi4j.core.spi.device.DeviceOperation;

/**
 * The SBC-3 block commands' rows of the opcode table (SBC-3 §5, table 13), with SBC-4's WRITE
 * ATOMIC (16) and the SANITIZE service actions. Each usage map is
 * exactly the set of CDB bits we accept: the engine answers any other bit with INVALID FIELD IN
 * CDB (with the bit pointer), and REPORT SUPPORTED OPERATION CODES reports the same map.
 *
 * <p>Not accepted, so rejected by the map: RDPROTECT / WRPROTECT / VRPROTECT / ORPROTECT and
 * FORMAT UNIT's FMTPINFO (no protection information: INQUIRY PROTECT=0, READ CAPACITY (16)
 * PROT_EN=0), ANCHOR (ANC_SUP=0), SANITIZE's ZNR (not a zoned device), the obsolete
 * RELADR / LBDATA / PBDATA bits, the MMC-only bit of the 12-byte forms, and the whole CONTROL
 * byte (NACA=0, as in {@code SpcCommands}). Accepted and ignored: DPO, FUA on reads, FUA_NV,
 * SYNC_NV, IMMED, GROUP NUMBER (5 bits, SBC-3).
 *
 * <p>Service-action rows carry their service action value in the service action bits of the map
 * (SPC-4 §6.35.3); the table lookup has already matched it, so those bits never fail validation.
 */
public final class SbcCommands {
    /** Usage of the CONTROL byte: nothing (NACA=0; LINK and FLAG obsolete). */
    static final int CONTROL = 0x00;
    /** GROUP NUMBER (SBC-3: 5 bits). */
    static final int GROUP = 0x1F;
    /** Byte 1 of READ/WRITE (10/12/16): DPO, FUA, FUA_NV. */
    static final int DPO_FUA = 0x1A;
    /** Byte 1 of VERIFY / WRITE AND VERIFY: DPO, BYTCHK (2 bits). */
    static final int DPO_BYTCHK = 0x16;
    /** Byte 1 of SYNCHRONIZE CACHE: SYNC_NV, IMMED. */
    static final int SYNC_NV_IMMED = 0x06;
    /** Byte 1 of PRE-FETCH: IMMED. */
    static final int IMMED = 0x02;

    /** Byte 1 of WRITE ATOMIC (16): DPO, FUA (no FUA_NV). */
    static final int DPO_FUA_ONLY = 0x18;

    static final int UNMAP_OPCODE = 0x42;
    static final int START_STOP_UNIT = 0x1B;
    static final int PREVENT_ALLOW_MEDIUM_REMOVAL = 0x1E;
    static final int COMPARE_AND_WRITE = 0x89;
    static final int SANITIZE = 0x48;
    static final int SERVICE_ACTION_IN_16 = 0x9E;
    static final int SA_READ_CAPACITY_16 = 0x10;

    /** REPORT SUPPORTED OPERATION CODES timeouts, seconds: data path and emulated commands. */
    static final int NOMINAL_TIMEOUT = 1;
    static final int RECOMMENDED_TIMEOUT = 30;
    /** Flush and unmap wait for the backing store. */
    static final int RECOMMENDED_FLUSH_TIMEOUT = 60;
    /** WRITE SAME may write up to MAXIMUM WRITE SAME LENGTH blocks (4 GiB at 4 KiB blocks). */
    static final int NOMINAL_WRITE_SAME_TIMEOUT = 5;
    static final int RECOMMENDED_WRITE_SAME_TIMEOUT = 120;

    /** SANITIZE overwrites or unmaps the whole medium: minutes to hours on a large disk. */
    static final int NOMINAL_SANITIZE_TIMEOUT = 600;
    static final int RECOMMENDED_SANITIZE_TIMEOUT = 86_400;

    private static final int ACCESS = NEEDS_MEDIUM;
    private static final int WRITE = NEEDS_MEDIUM | WRITES_MEDIUM;
    /** Writes whose data-out may be cut to the whole blocks the initiator sends. */
    private static final int BLOCK_WRITE = WRITE | CommandDescriptor.DATA_OUT_IN_BLOCKS;

    private SbcCommands() {
    }

    public static List<CommandDescriptor> descriptors() {
        return List.of(
                // §5.10–5.13 READ: LBA, TRANSFER LENGTH; 6-byte: 21-bit LBA, length 0 = 256.
                row(0x08, "READ(6)", new int[] {0x08, 0x1F, 0xFF, 0xFF, 0xFF, CONTROL},
                        DataOutLength.NONE, ReadWrite.READ, ACCESS),
                row(0x28, "READ(10)", cdb10(0x28, DPO_FUA), DataOutLength.NONE, ReadWrite.READ, ACCESS),
                row(0xA8, "READ(12)", cdb12(0xA8, DPO_FUA), DataOutLength.NONE, ReadWrite.READ, ACCESS),
                row(0x88, "READ(16)", cdb16(0x88, DPO_FUA), DataOutLength.NONE, ReadWrite.READ, ACCESS),
                // §5.33–5.36 WRITE: data-out = TRANSFER LENGTH blocks.
                row(0x0A, "WRITE(6)", new int[] {0x0A, 0x1F, 0xFF, 0xFF, 0xFF, CONTROL},
                        blocksOut(6, true), ReadWrite.WRITE, BLOCK_WRITE),
                row(0x2A, "WRITE(10)", cdb10(0x2A, DPO_FUA), blocksOut(10, false), ReadWrite.WRITE, BLOCK_WRITE),
                row(0xAA, "WRITE(12)", cdb12(0xAA, DPO_FUA), blocksOut(12, false), ReadWrite.WRITE, BLOCK_WRITE),
                row(0x8A, "WRITE(16)", cdb16(0x8A, DPO_FUA), blocksOut(16, false), ReadWrite.WRITE, BLOCK_WRITE),
                // §5.15 READ CAPACITY (10): LBA (with PMI), byte 8 PMI.
                row(0x25, "READ CAPACITY(10)",
                        new int[] {0x25, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x01, CONTROL},
                        DataOutLength.NONE, ReadCapacity.READ_CAPACITY_10, ACCESS | ALLOWED_UNDER_RESERVATION),
                // §5.16 READ CAPACITY (16): LBA (with PMI), ALLOCATION LENGTH, byte 14 PMI.
                CommandDescriptor.of(SERVICE_ACTION_IN_16, SA_READ_CAPACITY_16, "READ CAPACITY(16)",
                        new int[] {SERVICE_ACTION_IN_16, SA_READ_CAPACITY_16, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, CONTROL},
                        DataOutLength.NONE, ReadCapacity.READ_CAPACITY_16, ACCESS | ALLOWED_UNDER_RESERVATION)
                        .withTimeouts(NOMINAL_TIMEOUT, RECOMMENDED_TIMEOUT),
                // §5.26–5.27 SYNCHRONIZE CACHE: LBA, NUMBER OF LOGICAL BLOCKS (0 = to the end).
                row(0x35, "SYNCHRONIZE CACHE(10)", cdb10(0x35, SYNC_NV_IMMED), DataOutLength.NONE,
                        SynchronizeCache.HANDLER, ACCESS).withTimeouts(NOMINAL_TIMEOUT, RECOMMENDED_FLUSH_TIMEOUT),
                row(0x91, "SYNCHRONIZE CACHE(16)", cdb16(0x91, SYNC_NV_IMMED), DataOutLength.NONE,
                        SynchronizeCache.HANDLER, ACCESS).withTimeouts(NOMINAL_TIMEOUT, RECOMMENDED_FLUSH_TIMEOUT),
                // §5.29–5.31 VERIFY: data-out per BYTCHK.
                row(0x2F, "VERIFY(10)", cdb10(0x2F, DPO_BYTCHK), verifyOut(10), Verify.VERIFY, ACCESS),
                row(0xAF, "VERIFY(12)", cdb12(0xAF, DPO_BYTCHK), verifyOut(12), Verify.VERIFY, ACCESS),
                row(0x8F, "VERIFY(16)", cdb16(0x8F, DPO_BYTCHK), verifyOut(16), Verify.VERIFY, ACCESS),
                // §5.38–5.40 WRITE AND VERIFY: data-out = TRANSFER LENGTH blocks.
                row(0x2E, "WRITE AND VERIFY(10)", cdb10(0x2E, DPO_BYTCHK), blocksOut(10, false),
                        Verify.WRITE_AND_VERIFY, BLOCK_WRITE),
                row(0xAE, "WRITE AND VERIFY(12)", cdb12(0xAE, DPO_BYTCHK), blocksOut(12, false),
                        Verify.WRITE_AND_VERIFY, BLOCK_WRITE),
                row(0x8E, "WRITE AND VERIFY(16)", cdb16(0x8E, DPO_BYTCHK), blocksOut(16, false),
                        Verify.WRITE_AND_VERIFY, BLOCK_WRITE),
                // §5.44–5.45 WRITE SAME: byte 1 UNMAP (and NDOB in the 16-byte form); one block of data-out.
                row(0x41, "WRITE SAME(10)", cdb10(0x41, WriteSame.UNMAP),
                        (cdb, bs) -> WriteSame.dataOut(cdb, 10, bs), WriteSame.HANDLER, WRITE)
                        .withTimeouts(NOMINAL_WRITE_SAME_TIMEOUT, RECOMMENDED_WRITE_SAME_TIMEOUT),
                row(0x93, "WRITE SAME(16)", cdb16(0x93, WriteSame.UNMAP | WriteSame.NDOB),
                        (cdb, bs) -> WriteSame.dataOut(cdb, 16, bs), WriteSame.HANDLER, WRITE)
                        .withTimeouts(NOMINAL_WRITE_SAME_TIMEOUT, RECOMMENDED_WRITE_SAME_TIMEOUT),
                // §5.28 UNMAP: GROUP NUMBER, PARAMETER LIST LENGTH (ANCHOR not accepted).
                row(UNMAP_OPCODE, "UNMAP", new int[] {UNMAP_OPCODE, 0x00, 0x00, 0x00, 0x00, 0x00, GROUP, 0xFF, 0xFF, CONTROL},
                        (cdb, bs) -> Unmap.parameterListLength(cdb), Unmap.HANDLER, WRITE)
                        .withTimeouts(NOMINAL_TIMEOUT, RECOMMENDED_FLUSH_TIMEOUT)
                        .requiring(DeviceOperation.UNMAP),
                // §5.7–5.8 PRE-FETCH: IMMED, LBA, PREFETCH LENGTH.
                row(0x34, "PRE-FETCH(10)", cdb10(0x34, IMMED), DataOutLength.NONE, PreFetch.HANDLER, ACCESS),
                row(0x90, "PRE-FETCH(16)", cdb16(0x90, IMMED), DataOutLength.NONE, PreFetch.HANDLER, ACCESS),
                // §5.25 START STOP UNIT: IMMED; byte 4 NO_FLUSH, START (POWER CONDITION, LOEJ not accepted).
                row(START_STOP_UNIT, "START STOP UNIT", new int[] {START_STOP_UNIT, 0x01, 0x00, 0x00, 0x05, CONTROL},
                        DataOutLength.NONE, StartStopUnit.HANDLER, 0)
                        .withTimeouts(NOMINAL_TIMEOUT, RECOMMENDED_FLUSH_TIMEOUT),
                // §5.2 COMPARE AND WRITE: DPO, FUA, FUA_NV; LBA; byte 13 NUMBER OF LOGICAL BLOCKS;
                // data-out = verify data + write data.
                row(COMPARE_AND_WRITE, "COMPARE AND WRITE", new int[] {COMPARE_AND_WRITE, DPO_FUA,
                                0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0xFF, GROUP, CONTROL},
                        CompareAndWrite::dataOut, CompareAndWrite.HANDLER, WRITE),
                // §5.5 ORWRITE (16): as WRITE(16) (ORPROTECT not accepted); data-out = TRANSFER LENGTH blocks.
                row(0x8B, "ORWRITE(16)", cdb16(0x8B, DPO_FUA), blocksOut(16, false), OrWrite.HANDLER, WRITE),
                // SBC-4 WRITE ATOMIC (16): DPO, FUA; LBA; ATOMIC BOUNDARY (bytes 10..11) only 0;
                // TRANSFER LENGTH bytes 12..13.
                row(0x9C, "WRITE ATOMIC(16)", new int[] {0x9C, DPO_FUA_ONLY, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                0xFF, 0xFF, 0x00, 0x00, 0xFF, 0xFF, GROUP, CONTROL},
                        (cdb, bs) -> (long) WriteAtomic.transferLength(cdb) * bs, WriteAtomic.HANDLER, WRITE),
                // §5.4 GET LBA STATUS: STARTING LBA, ALLOCATION LENGTH (SBC-4 REPORT TYPE not accepted).
                CommandDescriptor.of(SERVICE_ACTION_IN_16, GetLbaStatus.SERVICE_ACTION, "GET LBA STATUS",
                        new int[] {SERVICE_ACTION_IN_16, GetLbaStatus.SERVICE_ACTION, 0xFF, 0xFF, 0xFF, 0xFF,
                                0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, CONTROL},
                        DataOutLength.NONE, GetLbaStatus.HANDLER, ACCESS)
                        .withTimeouts(NOMINAL_TIMEOUT, RECOMMENDED_TIMEOUT),
                // §5.24 SANITIZE: IMMED, AUSE (ZNR not accepted); PARAMETER LIST LENGTH only for OVERWRITE.
                sanitize(Sanitize.SA_OVERWRITE, "SANITIZE OVERWRITE", 0xFF, Sanitize.OVERWRITE, WRITE),
                sanitize(Sanitize.SA_BLOCK_ERASE, "SANITIZE BLOCK ERASE", 0x00, Sanitize.BLOCK_ERASE, WRITE)
                        .requiring(DeviceOperation.UNMAP),
                sanitize(Sanitize.SA_EXIT_FAILURE_MODE, "SANITIZE EXIT FAILURE MODE", 0x00,
                        Sanitize.EXIT_FAILURE_MODE, ACCESS).withTimeouts(NOMINAL_TIMEOUT, RECOMMENDED_TIMEOUT),
                // §5.17-5.18 READ DEFECT DATA: REQ_PLIST, REQ_GLIST, DEFECT LIST FORMAT; ALLOCATION
                // LENGTH; the (12) form's ADDRESS DESCRIPTOR INDEX (SBC-4).
                row(0x37, "READ DEFECT DATA(10)", new int[] {0x37, 0x00, 0x1F, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF,
                        CONTROL}, DataOutLength.NONE, DefectData.READ_DEFECT_DATA_10, ACCESS),
                row(0xB7, "READ DEFECT DATA(12)", new int[] {0xB7, 0x1F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0x00, CONTROL}, DataOutLength.NONE, DefectData.READ_DEFECT_DATA_12, ACCESS),
                // §5.3 FORMAT UNIT: LONGLIST, FMTDATA, CMPLST, DEFECT LIST FORMAT (FMTPINFO not accepted).
                row(0x04, "FORMAT UNIT", new int[] {0x04, 0x3F, 0x00, 0x00, 0x00, CONTROL},
                        (cdb, bs) -> FormatUnit.dataOut(cdb), FormatUnit.HANDLER, WRITE));
    }

    /**
     * The rows a disk with a removable medium (INQUIRY RMB=1) has instead of, or beside, the fixed
     * disk's: START STOP UNIT accepting POWER CONDITION and LOEJ, and PREVENT ALLOW MEDIUM REMOVAL
     * (SPC-4 §6.13; its handler is the one MMC uses). {@link DiskCommands#removableTable()} puts
     * them in place of the fixed START STOP UNIT row.
     */
    static List<CommandDescriptor> removableMediumDescriptors() {
        return List.of(
                // §5.25 START STOP UNIT: IMMED; byte 4 POWER CONDITION, NO_FLUSH, LOEJ, START
                // (POWER CONDITION MODIFIER not accepted).
                row(START_STOP_UNIT, "START STOP UNIT", new int[] {START_STOP_UNIT, 0x01, 0x00, 0x00, 0xF7, CONTROL},
                        DataOutLength.NONE, StartStopUnit.REMOVABLE, 0)
                        .withTimeouts(NOMINAL_TIMEOUT, RECOMMENDED_FLUSH_TIMEOUT),
                // SPC-4 §6.13 PREVENT ALLOW MEDIUM REMOVAL: byte 4 PREVENT 01b or 00b (10b and 11b
                // are obsolete in SPC-4, MMC's PERSISTENT: not accepted).
                row(PREVENT_ALLOW_MEDIUM_REMOVAL, "PREVENT ALLOW MEDIUM REMOVAL",
                        new int[] {PREVENT_ALLOW_MEDIUM_REMOVAL, 0x00, 0x00, 0x00, 0x01, CONTROL},
                        DataOutLength.NONE, PreventAllowMediumRemoval.HANDLER, 0));
    }

    private static CommandDescriptor sanitize(int serviceAction, String name, int parameterListLength,
                                              CommandHandler handler, int flags) {
        int byte1 = Sanitize.IMMED | Sanitize.AUSE | serviceAction;
        return CommandDescriptor.of(SANITIZE, serviceAction, name,
                        new int[] {SANITIZE, byte1, 0x00, 0x00, 0x00, 0x00, 0x00,
                                parameterListLength, parameterListLength, CONTROL},
                        (cdb, bs) -> Sanitize.parameterListLength(cdb), handler, flags)
                .withTimeouts(NOMINAL_SANITIZE_TIMEOUT, RECOMMENDED_SANITIZE_TIMEOUT);
    }

    private static CommandDescriptor row(int opcode, String name, int[] usage, DataOutLength dataOut,
                                         CommandHandler handler, int flags) {
        return CommandDescriptor.of(opcode, NO_SERVICE_ACTION, name, usage, dataOut, handler, flags)
                .withTimeouts(NOMINAL_TIMEOUT, RECOMMENDED_TIMEOUT);
    }

    /** 10-byte layout: byte 1 flags, LBA 2..5, GROUP NUMBER 6, length 7..8. */
    private static int[] cdb10(int opcode, int byte1) {
        return new int[] {opcode, byte1, 0xFF, 0xFF, 0xFF, 0xFF, GROUP, 0xFF, 0xFF, CONTROL};
    }

    /** 12-byte layout: byte 1 flags, LBA 2..5, length 6..9, GROUP NUMBER 10. */
    private static int[] cdb12(int opcode, int byte1) {
        return new int[] {opcode, byte1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, GROUP, CONTROL};
    }

    /** 16-byte layout: byte 1 flags, LBA 2..9, length 10..13, GROUP NUMBER 14. */
    private static int[] cdb16(int opcode, int byte1) {
        return new int[] {opcode, byte1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFF, 0xFF, 0xFF, 0xFF, GROUP, CONTROL};
    }

    /** Data-out of a command that carries its blocks: length field × block size. */
    private static DataOutLength blocksOut(int cdbLength, boolean zeroMeans256) {
        return zeroMeans256
                ? (cdb, bs) -> DiskIo.transferLength(cdb, cdbLength) * bs
                : (cdb, bs) -> DiskIo.lengthField(cdb, cdbLength) * bs;
    }

    private static DataOutLength verifyOut(int cdbLength) {
        return (cdb, bs) -> Verify.verifyDataOut(cdb, cdbLength, bs);
    }
}
