package org.scsi4j.core.internal.mmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.mmc.Cdrom.assertGood;
import static org.scsi4j.core.internal.mmc.Cdrom.assertInvalidFieldInCdb;
import static org.scsi4j.core.internal.mmc.MmcCdb.eventStatus;
import static org.scsi4j.core.internal.mmc.MmcCdb.u16;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.loopback.ScsiResponse;

class EventStatusTest {
    static final int MEDIA = 0x10;

    /** {media event code, media status} of a polled media-class answer. */
    static int[] mediaEvent(ScsiResponse r) {
        assertGood(r);
        byte[] d = r.data();
        assertThat(d).hasSize(8);
        assertThat(u16(d, 0)).as("EVENT DESCRIPTOR LENGTH").isEqualTo(6);
        assertThat(d[2] & 0xFF).as("NEA 0, NOTIFICATION CLASS media").isEqualTo(4);
        assertThat(d[3] & 0xFF).as("SUPPORTED EVENT CLASSES").isEqualTo(MEDIA);
        return new int[] {d[4] & 0x0F, d[5] & 0xFF};
    }

    @Test
    void mediaClassReportsNoChangeAndThePresentMedium() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, 100))) {
            assertThat(mediaEvent(c.in(eventStatus(true, MEDIA, 8), 8))).containsExactly(0, 0x02);
        }
    }

    @Test
    void anEmptyDriveAndAnOpenTrayShowInTheMediaStatus() {
        MemoryCdrom dev = new MemoryCdrom(true);
        try (Cdrom c = new Cdrom(dev)) {
            assertThat(mediaEvent(c.in(eventStatus(true, MEDIA, 8), 8))).containsExactly(0, 0x00);
            dev.eject();
            assertThat(mediaEvent(c.in(eventStatus(true, MEDIA, 8), 8))).containsExactly(0, 0x01);
        }
    }

    @Test
    void withoutTheMediaClassOnlyTheHeaderWithNea() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, 100))) {
            ScsiResponse r = c.in(eventStatus(true, 0x02 | 0x40, 8), 8);
            assertGood(r);
            assertThat(r.data()).hasSize(4);
            assertThat(u16(r.data(), 0)).isEqualTo(2);
            assertThat(r.data()[2] & 0xFF).as("NEA").isEqualTo(0x80);
            assertThat(r.data()[3] & 0xFF).isEqualTo(MEDIA);
        }
    }

    @Test
    void asynchronousNotificationIsNotSupported() {
        try (Cdrom c = new Cdrom(new MemoryCdrom(1, 100))) {
            assertInvalidFieldInCdb(c.in(eventStatus(false, MEDIA, 8), 8), 1, 0);
            byte[] cdb = eventStatus(true, MEDIA, 8);
            cdb[2] = 1;
            assertInvalidFieldInCdb(c.in(cdb, 8), 2, 0);
        }
    }

    @Test
    void aShortAllocationLengthLeavesTheEventPending() {
        MemoryCdrom dev = new MemoryCdrom(1, 100);
        try (Cdrom c = new Cdrom(dev)) {
            dev.insert(2, 200);
            ScsiResponse header = c.in(eventStatus(true, MEDIA, 4), 4);
            assertGood(header);
            assertThat(header.data()).hasSize(4);
            assertThat(mediaEvent(c.in(eventStatus(true, MEDIA, 8), 8))[0]).as("NEW MEDIA").isEqualTo(2);
            assertThat(mediaEvent(c.in(eventStatus(true, MEDIA, 8), 8))[0]).as("then no change").isZero();
        }
    }

    @Test
    void removalIsAnEventAndSoIsAnEjectRequest() {
        MemoryCdrom dev = new MemoryCdrom(1, 100);
        try (Cdrom c = new Cdrom(dev)) {
            dev.remove();
            assertThat(mediaEvent(c.in(eventStatus(true, MEDIA, 8), 8))).as("MEDIA REMOVAL, empty").containsExactly(3, 0);
            dev.guard().requestRemoval();
            assertThat(mediaEvent(c.in(eventStatus(true, MEDIA, 8), 8))[0]).as("EJECT REQUEST").isEqualTo(1);
            assertThat(mediaEvent(c.in(eventStatus(true, MEDIA, 8), 8))[0]).isZero();
        }
    }
}
