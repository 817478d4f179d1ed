package org.scsi4j.backstore.passthrough.sg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The table from what the kernel reported to what the initiator is told. */
class SgFailureTest {

    @ParameterizedTest(name = "status 0x{0} host 0x{1} driver 0x{2} -> {3}")
    @CsvSource({
            // the device answered: passed on untouched
            "00, 00, 00, ANSWER",
            "02, 00, 08, ANSWER",            // CHECK CONDITION with DRIVER_SENSE
            "18, 00, 00, ANSWER",            // RESERVATION CONFLICT from the real device
            "08, 00, 00, ANSWER",            // BUSY from the device
            "02, 07, 08, ANSWER",            // DID_ERROR beside the device's own CHECK CONDITION
            // timeouts win over anything else
            "00, 03, 00, TIMEOUT",
            "02, 03, 00, TIMEOUT",
            "00, 00, 06, TIMEOUT",
            "00, 00, 26, TIMEOUT",           // suggestion bits above the driver byte are ignored
            // the device is gone
            "00, 01, 00, GONE",
            "00, 04, 00, GONE",
            // ask for a retry
            "00, 02, 00, TRANSIENT",
            "00, 0b, 00, TRANSIENT",
            "00, 0c, 00, TRANSIENT",
            "00, 0d, 00, TRANSIENT",
            "00, 0e, 00, TRANSIENT",
            "00, 12, 00, TRANSIENT",
            "00, 00, 01, TRANSIENT",
            "00, 00, 02, TRANSIENT",
            // everything else
            "00, 05, 00, TRANSPORT",         // DID_ABORT
            "00, 07, 00, TRANSPORT",         // DID_ERROR
            "00, 08, 00, TRANSPORT",         // DID_RESET
            "00, 00, 04, TRANSPORT",         // DRIVER_ERROR
            "00, 00, 07, TRANSPORT",         // DRIVER_HARD
    })
    void hostAndDriverStatus(String status, String host, String driver, String expected) {
        SgResult r = new SgResult(Integer.parseInt(status, 16), 0, Integer.parseInt(host, 16),
                Integer.parseInt(driver, 16), 0, 0);
        SgFailure f = SgFailure.of(r);
        assertThat(f == null ? "ANSWER" : f.name()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "No such device, GONE",
            "No such device or address, GONE",
            "Cannot allocate memory, TRANSIENT",
            "Device or resource busy, TRANSIENT",
            "Resource temporarily unavailable, TRANSIENT",
            "Numerical argument out of domain, TRANSIENT",
            "Operation not permitted, REFUSED",
            "Permission denied, REFUSED",
            "Invalid argument, INVALID",
            "Message too long, INVALID",
            "Input/output error, TRANSPORT",
            "Interrupted system call, TRANSPORT",
    })
    void errnoText(String message, SgFailure expected) {
        assertThat(SgFailure.of(new IOException(message))).isEqualTo(expected);
    }

    @Test
    void aClosedChannelIsClosed() {
        assertThat(SgFailure.of(new AsynchronousCloseException())).isEqualTo(SgFailure.CLOSED);
        assertThat(SgFailure.of(new IOException((String) null))).isEqualTo(SgFailure.TRANSPORT);
    }

    @Test
    void senseIsFixedFormatWithTheTablesKeyAndCodes() {
        ByteBuffer s = SgFailure.TIMEOUT.sense();
        assertThat(s.remaining()).isEqualTo(18);
        assertThat(s.get(0)).isEqualTo((byte) 0x70);
        assertThat(s.get(2)).isEqualTo((byte) 0x0B);
        assertThat(s.get(7)).isEqualTo((byte) 10);
        assertThat(s.get(12)).isEqualTo((byte) 0x08);
        assertThat(s.get(13)).isEqualTo((byte) 0x01);
        assertThat(SgFailure.TIMEOUT.status).isEqualTo(0x02);
        assertThat(SgFailure.TRANSIENT.sense()).as("BUSY carries no sense").isNull();
        assertThat(SgFailure.TRANSIENT.status).isEqualTo(0x08);
        assertThat(SgFailure.TIMEOUT.sense()).as("a fresh buffer each time").isNotSameAs(SgFailure.TIMEOUT.sense());
    }
}
