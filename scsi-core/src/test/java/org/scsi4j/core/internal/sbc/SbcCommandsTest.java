package org.scsi4j.core.internal.sbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.command.CommandTable;

class SbcCommandsTest {
    private static final Set<String> WRITING = Set.of("WRITE(6)", "WRITE(10)", "WRITE(12)", "WRITE(16)",
            "WRITE AND VERIFY(10)", "WRITE AND VERIFY(12)", "WRITE AND VERIFY(16)", "WRITE SAME(10)",
            "WRITE SAME(16)", "UNMAP", "COMPARE AND WRITE", "ORWRITE(16)", "WRITE ATOMIC(16)",
            "SANITIZE OVERWRITE", "SANITIZE BLOCK ERASE", "FORMAT UNIT");
    /** Rows whose byte 1 bits 7..5 are RDPROTECT / WRPROTECT / VRPROTECT / ORPROTECT (or FMTPINFO). */
    private static final Set<Integer> PROTECT_FIELD = Set.of(0x28, 0xA8, 0x88, 0x2A, 0xAA, 0x8A, 0x2F, 0xAF, 0x8F,
            0x2E, 0xAE, 0x8E, 0x41, 0x93, 0x89, 0x8B, 0x9C, 0x04);

    @Test
    void everyRowIsConsistent() {
        List<CommandDescriptor> rows = SbcCommands.descriptors();
        assertThat(rows).hasSize(34);
        for (CommandDescriptor d : rows) {
            assertThat(d.usage(0)).as(d.name()).isEqualTo(d.opcode());
            assertThat(d.usage(d.cdbLength() - 1)).as(d.name() + " CONTROL").isZero();
            assertThat(d.cdbLength()).as(d.name()).isIn(6, 10, 12, 16);
            assertThat(d.has(CommandDescriptor.WRITES_MEDIUM)).as(d.name()).isEqualTo(WRITING.contains(d.name()));
            assertThat(d.nominalTimeoutSeconds()).as(d.name()).isPositive();
            assertThat(d.recommendedTimeoutSeconds()).as(d.name()).isGreaterThanOrEqualTo(d.nominalTimeoutSeconds());
        }
        Set<String> names = rows.stream().map(CommandDescriptor::name).collect(Collectors.toSet());
        assertThat(names).hasSize(rows.size());
    }

    @Test
    void theDiskTableHoldsEveryRowWithoutClash() {
        CommandTable table = DiskCommands.table();
        for (CommandDescriptor d : SbcCommands.descriptors()) {
            assertThat(table.lookup(d.opcode(), d.serviceAction())).as(d.name()).isNotNull();
        }
        assertThat(table.lookup(0x9E, 0x10).name()).isEqualTo("READ CAPACITY(16)");
    }

    @Test
    void protectionFieldsAreNeverAccepted() {
        int withField = 0;
        for (CommandDescriptor d : SbcCommands.descriptors()) {
            if (PROTECT_FIELD.contains(d.opcode())) {
                assertThat(d.usage(1) & (d.opcode() == 0x04 ? 0xC0 : 0xE0)).as(d.name()).isZero();
                withField++;
            }
        }
        assertThat(withField).isEqualTo(PROTECT_FIELD.size());
    }

    @Test
    void dataOutLengthsFollowTheCdb() {
        CommandTable table = DiskCommands.table();
        byte[] write6 = SbcCdb.write(6, 0, 0);
        assertThat(table.lookup(write6).dataOutLength().bytes(write6, 512)).isEqualTo(256 * 512);
        byte[] write16 = SbcCdb.write(16, 0, 0x10000);
        assertThat(table.lookup(write16).dataOutLength().bytes(write16, 4096)).isEqualTo(0x10000L * 4096);
        byte[] verifyOneBlock = SbcCdb.block(0x8F, 16, 0, 100, 0x06);
        assertThat(table.lookup(verifyOneBlock).dataOutLength().bytes(verifyOneBlock, 512)).isEqualTo(512);
        byte[] verifyNone = SbcCdb.block(0x2F, 10, 0, 100, 0x00);
        assertThat(table.lookup(verifyNone).dataOutLength().bytes(verifyNone, 512)).isZero();
        byte[] ndob = SbcCdb.block(0x93, 16, 0, 100, 0x01);
        assertThat(table.lookup(ndob).dataOutLength().bytes(ndob, 512)).isZero();
        byte[] unmap = SbcCdb.unmap(24, 0);
        assertThat(table.lookup(unmap).dataOutLength().bytes(unmap, 512)).isEqualTo(24);
    }
}
