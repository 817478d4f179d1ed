package org.scsi4j.core.internal.spc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;

/**
 * Every bit an SPC row does not accept is INVALID FIELD IN CDB pointing at that bit, and every row
 * has timeouts for REPORT SUPPORTED OPERATION CODES.
 */
class UsageMapTest {

    @Test
    void everyReservedBitOfEverySpcCommandIsRejectedWithItsPointer() {
        try (SpcTarget t = SpcTarget.disk()) {
            int checked = 0;
            for (CommandDescriptor d : SpcCommands.descriptors()) {
                for (int i = 1; i < d.cdbLength(); i++) {
                    for (int bit = 0; bit < 8; bit++) {
                        if ((d.usage(i) & (1 << bit)) != 0) {
                            continue;
                        }
                        byte[] cdb = new byte[d.cdbLength()];
                        cdb[0] = (byte) d.opcode();
                        if (d.hasServiceAction()) {
                            cdb[1] = (byte) d.serviceAction();
                        }
                        cdb[i] |= (byte) (1 << bit);
                        ScsiResponse r = t.session.execute(ScsiCommand.of(0, cdb).dataIn(255));
                        SenseAssert.invalidFieldInCdb(r, i, bit);
                        checked++;
                    }
                }
            }
            assertThat(checked).isGreaterThan(100);
        }
    }

    @Test
    void everySpcRowHasTimeoutsAndTheFlagsTheBriefAsks() {
        for (CommandDescriptor d : SpcCommands.descriptors()) {
            assertThat(d.nominalTimeoutSeconds()).as("%s", d).isPositive();
            assertThat(d.recommendedTimeoutSeconds()).as("%s", d).isGreaterThanOrEqualTo(d.nominalTimeoutSeconds());
            boolean informational = d.opcode() == 0x12 || d.opcode() == 0xA0 || d.opcode() == 0x03;
            assertThat(d.has(CommandDescriptor.ALLOWED_WITH_UNIT_ATTENTION)).as("%s", d).isEqualTo(informational);
            assertThat(d.has(CommandDescriptor.ALLOWED_WITHOUT_LU)).as("%s", d).isEqualTo(informational);
            assertThat(d.usage(d.cdbLength() - 1)).as("%s CONTROL byte", d).isZero();
        }
    }
}
