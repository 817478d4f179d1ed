package org.scsi4j.backstore.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.scsi4j.iscsi.testing.HostTools;
import org.scsi4j.iscsi.testing.TgtDaemon;

/**
 * The pass-through in front of tgt's other device types: one private tgtd (Debian package tgt) on
 * 127.0.0.1 with a disk (SBC, LUN 1, a 16 MiB file made by {@code tgt-up.sh}), a CD/DVD drive
 * (MMC, LUN 2, an ISO made with genisoimage at test time), a medium changer (SMC, LUN 3: one
 * medium transport element at 16, two storage slots at 1024 and 1025 holding media SCSI4J01 and
 * SCSI4J02, one data transfer element at 1 that is tgt's second CD drive, LUN 4, empty at start).
 * A scsi4j target exports the first three through {@link IscsiLunDevice} at LUNs 0, 1 and 2, and
 * only real libiscsi initiators talk to it: iscsi-inq and iscsi-ls (libiscsi-bin), qemu-img
 * (qemu-utils, qemu-block-extra) and tape_client (src/test/c/tape_client.c, compiled with gcc
 * at test time), which sends READ ELEMENT STATUS and MOVE MEDIUM.
 *
 * <p>tgt 1.0.85's READ ELEMENT STATUS with element type code 0 (all types) builds a malformed
 * answer (each type's page overwrites the header), so the changer is read one element type at a
 * time; its answers also lack their last 8 bytes (past the last volume tag: it forgets the element
 * status page header when it sizes them). Its changer does not implement RESERVE(6) (ILLEGAL REQUEST): the front target provides
 * it. Only 127.0.0.1; tgtd is stopped and its files removed afterwards, even on failure.
 */
@Tag("interop")
@Timeout(value = 55, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TgtDeviceTypesPassthroughInteropTest {
    private static final String TGT_IQN = "iqn.2026-11.org.scsi4j:tgt-devices";
    private static final String FRONT_IQN = "iqn.2026-11.org.scsi4j:devices-gateway";
    private static final int RESERVATION_CONFLICT = 0x18;
    private static final int DISK_MB = 16;

    // tgt's LUNs (LUN 1 is tgt-up.sh's file-backed disk)
    private static final int TGT_DISK = 1;
    private static final int TGT_CD = 2;
    private static final int TGT_CHANGER = 3;
    private static final int TGT_DRIVE = 4;
    // the front target's LUNs
    private static final int FRONT_DISK = 0;
    private static final int FRONT_CD = 1;
    private static final int FRONT_CHANGER = 2;
    // the changer's element addresses and types (SMC-3 element type codes)
    private static final int PICKER = 16;
    private static final int DRIVE = 1;
    private static final int SLOT1 = 1024;
    private static final int SLOT2 = 1025;
    private static final int MEDIUM_TRANSPORT = 1;
    private static final int STORAGE = 2;
    private static final int DATA_TRANSFER = 4;

    @TempDir
    static Path work;

    private static Path client;
    private static Path iso;
    private static TgtDaemon tgt;
    private static IscsiLunDevice disk;
    private static IscsiLunDevice cd;
    private static IscsiLunDevice changer;
    private static GatewayTarget gateway;

    @BeforeAll
    static void start() throws Exception {
        HostTools.require("iscsi-inq", "libiscsi-bin");
        HostTools.require("iscsi-ls", "libiscsi-bin");
        HostTools.require("qemu-img", "qemu-utils");
        HostTools.require("genisoimage", "genisoimage");
        HostTools.Run modules = HostTools.run(10, "sh", "-c",
                "ls /usr/lib/*/qemu/block-iscsi.so /usr/lib/qemu/block-iscsi.so 2>/dev/null");
        if (modules.exitCode() != 0 && !modules.output().contains("block-iscsi.so")) {
            fail("qemu-img has no iSCSI driver: install the Debian package qemu-block-extra"
                    + " (apt-get install qemu-block-extra)");
        }
        client = TapeClient.compile("tape_client-devices");
        iso = makeIso();
        startTgt();
        gateway = new GatewayTarget(FRONT_IQN);
        disk = gateway.passThrough(FRONT_DISK, "disk0", tgtUrl(TGT_DISK));
        cd = gateway.passThrough(FRONT_CD, "cd0", tgtUrl(TGT_CD));
        changer = gateway.passThrough(FRONT_CHANGER, "changer0", tgtUrl(TGT_CHANGER));
        gateway.start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            if (tgt != null) {
                tgt.close();
            }
        }
    }

    // ------------------------------------------------------------------------------ the tests

    @Test
    void iscsiInqAndIscsiLsSeeEachDeviceTypeThroughThePassThrough() throws Exception {
        assertThat(disk.peripheralDeviceType()).as("direct-access block device").isEqualTo(0x00);
        assertThat(cd.peripheralDeviceType()).as("CD/DVD device").isEqualTo(0x05);
        assertThat(changer.peripheralDeviceType()).as("medium changer device").isEqualTo(0x08);

        String[] expected = {"DIRECT_ACCESS", "MMC", "MEDIA_CHANGER"};
        for (int lun = 0; lun < expected.length; lun++) {
            HostTools.Run r = HostTools.run(20, "iscsi-inq", "-i", "iqn.2026-11.org.scsi4j:inq",
                    frontUrl(lun));
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).as("LUN %d", lun).contains("Peripheral Device Type:" + expected[lun]);
        }

        HostTools.Run ls = HostTools.run(20, "iscsi-ls", "-s", "-i", "iqn.2026-11.org.scsi4j:ls",
                "iscsi://127.0.0.1:" + gateway.port());
        assertThat(ls.exitCode()).as(ls.output()).isZero();
        assertThat(ls.output()).contains("Target:" + FRONT_IQN + " Portal:127.0.0.1:" + gateway.port());
        List<String> luns = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^Lun:(\\d+)\\s+Type:(\\S+)").matcher(ls.output());
        while (m.find()) {
            luns.add(m.group(1) + " " + m.group(2));
        }
        assertThat(luns).as(ls.output()).containsExactly("0 DIRECT_ACCESS", "1 MMC", "2 MEDIA_CHANGER");
        assertThat(ls.output()).as("the disk's size").contains("Type:DIRECT_ACCESS (Size:");
    }

    @Test
    void qemuImgWritesADiskImageThroughThePassThroughAndReadsItBack() throws Exception {
        byte[] image = new byte[DISK_MB << 20];
        new Random(0x5C5141L).nextBytes(image);
        Path source = work.resolve("random.img");
        Files.write(source, image);

        qemuImg("convert", "-n", "-f", "raw", "-O", "raw", source.toString(), frontUrl(FRONT_DISK));

        Path viaFront = work.resolve("disk-via-front.raw");
        qemuImg("convert", "-f", "raw", "-O", "raw", frontUrl(FRONT_DISK), viaFront.toString());
        assertSameBytes(viaFront, image, "the disk read back through the pass-through");

        Path direct = work.resolve("disk-direct.raw");
        qemuImg("convert", "-f", "raw", "-O", "raw", tgtUrl(TGT_DISK), direct.toString());
        assertSameBytes(direct, image, "the disk read from tgt directly");

        Path backing = tgt.backingFile();
        assertSameBytes(backing, image, "tgt's backing file " + backing);
    }

    @Test
    void qemuImgReadsTheCdThroughThePassThroughAsTheIso() throws Exception {
        byte[] expected = Files.readAllBytes(iso);
        assertThat(expected.length % 2048).as("an ISO is made of 2048-byte blocks").isZero();

        Path viaFront = work.resolve("cd-via-front.raw");
        qemuImg("convert", "-f", "raw", "-O", "raw", frontUrl(FRONT_CD), viaFront.toString());
        assertSameBytes(viaFront, expected, "the CD read through the pass-through");
    }

    @Test
    void theChangerReportsItsElementsMovesMediumAndHonoursReservations() throws Exception {
        // every client logs in before A reserves: libiscsi's login ends with a TEST UNIT READY
        try (TapeClient a = TapeClient.connect(client, frontUrl(FRONT_CHANGER), "iqn.2026-11.org.scsi4j:changer-a");
             TapeClient b = TapeClient.connect(client, frontUrl(FRONT_CHANGER), "iqn.2026-11.org.scsi4j:changer-b");
             TapeClient direct = TapeClient.connect(client, tgtUrl(TGT_CHANGER), "iqn.2026-11.org.scsi4j:changer-d");
             TapeClient drive = TapeClient.connect(client, tgtUrl(TGT_DRIVE), "iqn.2026-11.org.scsi4j:drive-d")) {
            // READ ELEMENT STATUS through the pass-through: GOOD, and byte for byte what tgt says itself
            List<Element> pickers = elements(a, direct, MEDIUM_TRANSPORT);
            assertThat(pickers).extracting(Element::address).containsExactly(PICKER);
            List<Element> slots = elements(a, direct, STORAGE);
            assertThat(slots).extracting(Element::address).containsExactly(SLOT1, SLOT2);
            assertThat(slots).allSatisfy(e -> assertThat(e.full()).as("%s", e).isTrue());
            assertThat(slots).extracting(Element::volumeTag).containsExactly("SCSI4J01", "SCSI4J02");
            List<Element> drives = elements(a, direct, DATA_TRANSFER);
            assertThat(drives).extracting(Element::address).containsExactly(DRIVE);
            assertThat(drives.get(0).full()).as("%s", drives.get(0)).isFalse();
            TapeClient.Outcome empty = drive.op("tur").assertStatus(0x02);
            assertThat(empty.senseKey()).as("NOT READY: %s", empty).isEqualTo(0x2);
            assertThat(empty.asc()).as("MEDIUM NOT PRESENT: %s", empty).isEqualTo(0x3a);

            // MOVE MEDIUM from a slot to the drive, through the pass-through
            a.op("move-medium " + PICKER + " " + SLOT1 + " " + DRIVE).assertStatus(0x00);
            Element loaded = elements(a, direct, DATA_TRANSFER).get(0);
            assertThat(loaded.full()).as("%s", loaded).isTrue();
            assertThat(loaded.source()).as("%s", loaded).isEqualTo(SLOT1);
            assertThat(loaded.volumeTag()).isEqualTo("SCSI4J01");
            assertThat(elements(a, direct, STORAGE)).extracting(Element::full).containsExactly(false, true);
            assertThat(readyAfterUnitAttentions(drive))
                    .as("tgt's drive (LUN %d) has the medium now", TGT_DRIVE).isEqualTo(0x00);

            // A reserves the changer: B cannot move medium nor read the elements, but INQUIRY works
            a.op("reserve").assertStatus(0x00);
            b.op("move-medium " + PICKER + " " + DRIVE + " " + SLOT1).assertStatus(RESERVATION_CONFLICT);
            b.op("read-element-status " + DATA_TRANSFER + " 0 16 1024").assertStatus(RESERVATION_CONFLICT);
            TapeClient.Outcome inquiry = b.op("inquiry").assertStatus(0x00);
            assertThat(inquiry.type()).as("INQUIRY is allowed under a reservation").isEqualTo(0x08);
            assertThat(elements(a, direct, DATA_TRANSFER).get(0).full())
                    .as("B's refused MOVE MEDIUM never reached tgt").isTrue();
            // the holder moves the medium back
            a.op("move-medium " + PICKER + " " + DRIVE + " " + SLOT1).assertStatus(0x00);
            a.op("release").assertStatus(0x00);

            // after the release B works the changer
            b.op("move-medium " + PICKER + " " + SLOT2 + " " + DRIVE).assertStatus(0x00);
            Element viaB = elements(b, direct, DATA_TRANSFER).get(0);
            assertThat(viaB.full()).as("%s", viaB).isTrue();
            assertThat(viaB.source()).isEqualTo(SLOT2);
            assertThat(viaB.volumeTag()).isEqualTo("SCSI4J02");
            assertThat(elements(b, direct, STORAGE)).extracting(Element::full).containsExactly(true, false);
            b.op("move-medium " + PICKER + " " + DRIVE + " " + SLOT2).assertStatus(0x00);
            assertThat(elements(b, direct, STORAGE)).extracting(Element::full).containsExactly(true, true);
        }
        assertThat(changer.commandsInFlight()).isZero();
    }

    // ------------------------------------------------------------------------------ the changer's answers

    /** One element descriptor of READ ELEMENT STATUS (SMC-3 §6.10) with VOLTAG=1. */
    record Element(int type, int address, boolean full, int source, String volumeTag) {
    }

    /**
     * READ ELEMENT STATUS of one element type through the pass-through (by {@code viaFront}) and
     * straight from tgt (by {@code direct}): both GOOD and identical, residual included.
     */
    private static List<Element> elements(TapeClient viaFront, TapeClient direct, int type) throws IOException {
        String op = "read-element-status " + type + " 0 16 1024";
        TapeClient.Outcome front = viaFront.op(op).assertStatus(0x00);
        TapeClient.Outcome tgt = direct.op(op).assertStatus(0x00);
        assertThat(front.line()).as("the pass-through returns what tgt returns").isEqualTo(tgt.line());
        return parse(HexFormat.of().parseHex(front.fields().get("hex")), type);
    }

    private static List<Element> parse(byte[] d, int type) {
        assertThat(d.length).as("element status header").isGreaterThanOrEqualTo(8);
        int count = u16(d, 2);
        List<Element> elements = new ArrayList<>();
        if (count == 0) {
            return elements;
        }
        assertThat(d[8] & 0xff).as("element type code of the page").isEqualTo(type);
        assertThat(d[9] & 0x80).as("PVOLTAG").isEqualTo(0x80);
        int descriptorLength = u16(d, 10);
        assertThat(u24(d, 13)).as("byte count of descriptor data").isEqualTo(count * descriptorLength);
        // tgt 1.0.85 sends 8 + count * descriptor length bytes, forgetting the 8-byte element status
        // page header: the last descriptor loses its last 8 bytes, which come after the volume tag
        assertThat(d.length).as("bytes received, up to the last volume tag")
                .isGreaterThanOrEqualTo(16 + (count - 1) * descriptorLength + 12 + 32);
        for (int i = 0; i < count; i++) {
            int at = 16 + i * descriptorLength;
            boolean sourceValid = (d[at + 9] & 0x80) != 0;
            String tag = new String(d, at + 12, 32, StandardCharsets.US_ASCII).trim();
            elements.add(new Element(type, u16(d, at), (d[at + 2] & 0x01) != 0, sourceValid ? u16(d, at + 10) : -1,
                    tag));
        }
        return elements;
    }

    private static int u16(byte[] d, int at) {
        return (d[at] & 0xff) << 8 | (d[at + 1] & 0xff);
    }

    private static int u24(byte[] d, int at) {
        return (d[at] & 0xff) << 16 | (d[at + 1] & 0xff) << 8 | (d[at + 2] & 0xff);
    }

    /** TEST UNIT READY until it reports something other than a unit attention; that status. */
    private static int readyAfterUnitAttentions(TapeClient c) throws IOException {
        TapeClient.Outcome r = c.op("tur");
        for (int i = 0; i < 4 && r.status() == 0x02 && r.senseKey() == 0x6; i++) {
            r = c.op("tur");
        }
        return r.status();
    }

    // ------------------------------------------------------------------------------ tools

    private static String frontUrl(int lun) {
        return gateway.url(lun);
    }

    private static String tgtUrl(int lun) {
        return tgt.url(lun);
    }

    private static void qemuImg(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "qemu-img";
        System.arraycopy(args, 0, command, 1, args.length);
        HostTools.Run r = HostTools.run(30, command);
        if (r.exitCode() != 0) {
            fail(String.join(" ", command) + " failed (Debian packages qemu-utils and qemu-block-extra):\n"
                    + r.output());
        }
    }

    private static void assertSameBytes(Path file, byte[] expected, String what) throws IOException {
        byte[] actual = Files.readAllBytes(file);
        assertThat(actual.length).as("size of %s", what).isEqualTo(expected.length);
        assertThat(Arrays.mismatch(actual, expected)).as("first differing byte of %s", what).isEqualTo(-1);
    }

    /** An ISO 9660 image of a few files (a text file and two random ones), made with genisoimage. */
    private static Path makeIso() throws Exception {
        Path content = Files.createDirectories(work.resolve("iso-content"));
        Files.writeString(content.resolve("README.TXT"), "scsi4j pass-through CD test\n");
        Random random = new Random(0xCD);
        byte[] big = new byte[1_500_000];
        random.nextBytes(big);
        Files.write(content.resolve("big.bin"), big);
        byte[] small = new byte[300_001];
        random.nextBytes(small);
        Files.write(content.resolve("small.bin"), small);
        Path image = work.resolve("cd.iso");
        HostTools.Run r = HostTools.run(30, "genisoimage", "-quiet", "-R", "-J", "-V", "SCSI4J", "-o",
                image.toString(), content.toString());
        if (r.exitCode() != 0) {
            fail("genisoimage failed (Debian package genisoimage):\n" + r.output());
        }
        return image;
    }

    // ------------------------------------------------------------------------------ tgt

    /**
     * tgt-up.sh's 16 MiB file-backed disk at LUN 1, then the CD, the changer's drive and the
     * changer; the drive exists before the changer names it as its data transfer element.
     */
    private static void startTgt() throws Exception {
        tgt = TgtDaemon.start(TGT_IQN, TgtDaemon.Disk.FILE, DISK_MB);
        tgt.addCd(TGT_CD, iso);
        Path media = Files.createDirectories(work.resolve("media")); // the changer's media, by barcode
        Files.copy(iso, media.resolve("SCSI4J01"));
        Files.copy(iso, media.resolve("SCSI4J02"));
        tgt.addEmptyCd(TGT_DRIVE);
        tgt.addChanger(TGT_CHANGER, media);
        tgt.updateLun(TGT_CHANGER, "element_type=" + DATA_TRANSFER + ",start_address=" + DRIVE + ",quantity=1");
        tgt.updateLun(TGT_CHANGER, "element_type=" + DATA_TRANSFER + ",address=" + DRIVE + ",tid=1,lun=" + TGT_DRIVE);
        tgt.updateLun(TGT_CHANGER, "element_type=" + MEDIUM_TRANSPORT + ",start_address=" + PICKER + ",quantity=1");
        tgt.updateLun(TGT_CHANGER, "element_type=" + STORAGE + ",start_address=" + SLOT1 + ",quantity=2");
        tgt.updateLun(TGT_CHANGER, "element_type=" + STORAGE + ",address=" + SLOT1 + ",barcode=SCSI4J01,sides=1");
        tgt.updateLun(TGT_CHANGER, "element_type=" + STORAGE + ",address=" + SLOT2 + ",barcode=SCSI4J02,sides=1");
    }
}
