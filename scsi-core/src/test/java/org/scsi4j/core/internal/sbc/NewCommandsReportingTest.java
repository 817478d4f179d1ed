package org.scsi4j.core.internal.sbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.sbc.Disk.assertGood;
import static org.scsi4j.core.internal.sbc.Disk.assertInvalidFieldInCdb;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.MemoryBlockDevice;

/**
 * What initiators learn about the commands added for SBC-4 (REPORT SUPPORTED OPERATION CODES,
 * VPD 0xB0) and the protection fields of every block command, answered through the loopback.
 */
class NewCommandsReportingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"COMPARE AND WRITE,0x89,-1", "ORWRITE(16),0x8B,-1", "WRITE ATOMIC(16),0x9C,-1",
            "GET LBA STATUS,0x9E,0x12", "SANITIZE OVERWRITE,0x48,0x01", "SANITIZE BLOCK ERASE,0x48,0x02",
            "SANITIZE EXIT FAILURE MODE,0x48,0x1F", "READ DEFECT DATA(10),0x37,-1",
            "READ DEFECT DATA(12),0xB7,-1", "FORMAT UNIT,0x04,-1"})
    void reportSupportedOperationCodesReportsTheUsageMapAndTimeouts(String name, String opcode, int serviceAction) {
        int op = Integer.decode(opcode);
        try (Disk d = new Disk(new MemoryBlockDevice(512, 1024))) {
            CommandDescriptor row = d.lu().commands().lookup(op, serviceAction);
            assertThat(row.name()).isEqualTo(name);
            ScsiResponse r = d.in(SbcCdb.reportOneCommand(op, Math.max(0, serviceAction)), 512);
            assertGood(r);
            ByteBuffer b = ByteBuffer.wrap(r.data());
            assertThat(b.get(1) & 0x87).as("CTDP, SUPPORT 011b").isEqualTo(0x83);
            int n = b.getShort(2);
            assertThat(n).isEqualTo(row.cdbLength());
            for (int i = 0; i < n; i++) {
                assertThat(b.get(4 + i) & 0xFF).as("usage byte %d", i).isEqualTo(row.usage(i));
            }
            assertThat(b.getInt(4 + n + 4)).as("nominal").isPositive();
            assertThat(b.getInt(4 + n + 8)).as("recommended").isGreaterThanOrEqualTo(b.getInt(4 + n + 4));
            if (op == 0x89 || op == 0x8B || op == 0x9C) {
                assertThat(b.get(5) & 0x18).as("DPO and FUA, as MODE SENSE DPOFUA=1 promises").isEqualTo(0x18);
            }
        }
    }

    @Test
    void blockLimitsReportTheNewLimits() {
        try (Disk d = new Disk(new MemoryBlockDevice(4096, 1024))) {
            ByteBuffer b = ByteBuffer.wrap(d.vpd(0xB0));
            assertThat(b.get(5) & 0xFF).as("MAXIMUM COMPARE AND WRITE LENGTH").isEqualTo(255);
            assertThat(b.getInt(44)).as("MAXIMUM ATOMIC TRANSFER LENGTH").isEqualTo(256);
        }
    }

    /** RDPROTECT / WRPROTECT / VRPROTECT / ORPROTECT other than 0: INVALID FIELD IN CDB at the bit. */
    @ParameterizedTest(name = "opcode {0}")
    @CsvSource({"0x28,10,0", "0xA8,12,0", "0x88,16,0", "0x2A,10,1", "0xAA,12,1", "0x8A,16,1",
            "0x2F,10,1", "0xAF,12,1", "0x8F,16,1", "0x2E,10,1", "0xAE,12,1", "0x8E,16,1",
            "0x41,10,1", "0x93,16,1", "0x8B,16,1", "0x9C,16,1", "0x89,16,2"})
    void protectionFieldsAreInvalidFieldsEverywhere(String opcode, int cdbLength, int dataOutBlocks) {
        int op = Integer.decode(opcode);
        try (Disk d = new Disk(new MemoryBlockDevice(512, 1024))) {
            for (int protect = 1; protect < 8; protect++) {
                byte[] cdb = SbcCdb.block(op, cdbLength, 0, 1, protect << 5 | (op == 0x2F || op == 0xAF || op == 0x8F ? 0x02 : 0));
                if (op == 0x9C) {
                    cdb = SbcCdb.writeAtomic(0, 1, protect << 5);
                } else if (op == 0x89) {
                    cdb = SbcCdb.compareAndWrite(0, 1, protect << 5);
                }
                ScsiResponse r = dataOutBlocks == 0 ? d.in(cdb, 512) : d.out(cdb, new byte[dataOutBlocks * 512]);
                assertInvalidFieldInCdb(r, 1, 31 - Integer.numberOfLeadingZeros(protect << 5));
            }
        }
    }
}
