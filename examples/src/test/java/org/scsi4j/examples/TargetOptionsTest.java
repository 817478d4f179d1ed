package org.scsi4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetOptionsTest {

    @Test
    void defaultsNeedNoArguments() {
        TargetOptions o = TargetOptions.parse();
        assertThat(o.listen()).containsExactly("127.0.0.1:3260");
        assertThat(o.iqn()).isEqualTo("iqn.2026-11.org.scsi4j:example");
        assertThat(o.disks()).isEmpty();
    }

    @Test
    void parsesEveryDiskKind() {
        TargetOptions o = TargetOptions.parse("--listen", "127.0.0.1:0", "--listen", "127.0.0.2:3261",
                "--file", "/tmp/x.img,size=64M,block=4096,ro,direct", "--ram", "1G", "--null", "2T,block=4096",
                "--chap", "user:secretsecret", "--mutual-chap", "tgt:othersecret12");
        assertThat(o.listen()).hasSize(2);
        assertThat(o.disks()).containsExactly(
                new DiskOption(DiskOption.Kind.FILE, "/tmp/x.img", 64L << 20, 4096, true, true),
                new DiskOption(DiskOption.Kind.RAM, null, 1L << 30, 512, false, false),
                new DiskOption(DiskOption.Kind.NULL, null, 2L << 40, 4096, false, false));
        assertThat(o.chapUser).isEqualTo("user");
        assertThat(o.mutualSecret).isEqualTo("othersecret12");
    }

    @Test
    void isoDrivesAreUnitsInOrderWithDisks() {
        TargetOptions o = TargetOptions.parse("--iso", "/srv/images/debian,12.iso", "--ram", "64M", "--iso", "none");
        assertThat(o.disks()).containsExactly(
                new DiskOption(DiskOption.Kind.ISO, "/srv/images/debian,12.iso", 0, 2048, true, false),
                new DiskOption(DiskOption.Kind.RAM, null, 64L << 20, 512, false, false),
                new DiskOption(DiskOption.Kind.ISO, null, 0, 2048, true, false));
        assertThatThrownBy(() -> TargetOptions.parse("--iso", " ")).hasMessageContaining("image path or 'none'");
        assertThatThrownBy(() -> TargetOptions.parse("--iso")).hasMessageContaining("needs a value");
        assertThat(TargetOptions.USAGE).contains("--iso PATH|none");
    }

    @Test
    void removableMarksFileAndRamDisks() {
        TargetOptions o = TargetOptions.parse("--ram", "256M,removable", "--file", "/tmp/r.img,size=1M,removable,ro",
                "--ram", "1M");
        assertThat(o.disks()).containsExactly(
                new DiskOption(DiskOption.Kind.RAM, null, 256L << 20, 512, false, false, true),
                new DiskOption(DiskOption.Kind.FILE, "/tmp/r.img", 1L << 20, 512, true, false, true),
                new DiskOption(DiskOption.Kind.RAM, null, 1L << 20, 512, false, false, false));
        assertThatThrownBy(() -> TargetOptions.parse("--null", "1G,removable")).hasMessageContaining("unknown disk option 'removable'");
    }

    @Test
    void blockPassthroughAndTapeUnitsAreLunsInOrder() {
        TargetOptions o = TargetOptions.parse("--block", "/dev/sdb", "--passthrough", "sg:/dev/sg3",
                "--tape", "/srv/backup.tape", "--passthrough", "iscsi://10.0.0.5:3260/iqn.2026-11.org.example:tapes/2",
                "--block", "/dev/loop0,ro,buffered", "--tape", "/srv/archive.tape,size=40G,ro", "--ram", "1M");
        assertThat(o.disks()).containsExactly(
                new DiskOption(DiskOption.Kind.BLOCK, "/dev/sdb", 0, 0, false, true),
                new DiskOption(DiskOption.Kind.PASSTHROUGH, "sg:/dev/sg3", 0, 0, false, false),
                new DiskOption(DiskOption.Kind.TAPE, "/srv/backup.tape", 0, 0, false, false),
                new DiskOption(DiskOption.Kind.PASSTHROUGH, "iscsi://10.0.0.5:3260/iqn.2026-11.org.example:tapes/2",
                        0, 0, false, false),
                new DiskOption(DiskOption.Kind.BLOCK, "/dev/loop0", 0, 0, true, false),
                new DiskOption(DiskOption.Kind.TAPE, "/srv/archive.tape", 40L << 30, 0, true, false),
                new DiskOption(DiskOption.Kind.RAM, null, 1L << 20, 512, false, false));
        assertThat(o.disks().get(4).mapReadOnly()).as("a read-only block device is mapped read-only").isTrue();
        assertThat(o.disks().get(5).mapReadOnly()).as("a tape write-protects its cartridge instead").isFalse();
        assertThat(TargetOptions.USAGE).contains("--block DEV[,ro][,buffered]")
                .contains("--passthrough sg:/dev/sgN | iscsi://HOST[:PORT]/IQN/LUN").contains("--tape PATH[,size=SIZE][,ro]");
    }

    @Test
    void badBlockPassthroughAndTapeValuesNameThemselves() {
        assertThatThrownBy(() -> TargetOptions.parse("--passthrough", "/dev/sg3"))
                .hasMessageContaining("--passthrough takes sg:/dev/sgN or iscsi://HOST[:PORT]/IQN/LUN, was '/dev/sg3'");
        assertThatThrownBy(() -> TargetOptions.parse("--block", ",ro")).hasMessageContaining("--block needs a block device");
        assertThatThrownBy(() -> TargetOptions.parse("--block", "/dev/sdb,direct")).hasMessageContaining("unknown --block option 'direct'");
        assertThatThrownBy(() -> TargetOptions.parse("--tape", "t.img,size=4K")).hasMessageContaining("at least 64K");
        assertThatThrownBy(() -> TargetOptions.parse("--tape", "t.img,block=512")).hasMessageContaining("unknown --tape option 'block=512'");
        assertThatThrownBy(() -> TargetOptions.parse("--tape", "")).hasMessageContaining("--tape needs a cartridge file");
        assertThatThrownBy(() -> TargetOptions.parse("--config", "c.yaml", "--tape", "t.img"))
                .hasMessageContaining("--config cannot be combined with --tape");
        assertThatThrownBy(() -> TargetOptions.parse("--config", "c.yaml", "--block", "/dev/sdb", "--passthrough", "sg:/dev/sg0"))
                .hasMessageContaining("--block, --passthrough");
    }

    @Test
    void badSettingsNameThemselves() {
        assertThatThrownBy(() -> TargetOptions.parse("--ram", "1G,block=1024")).hasMessageContaining("block must be 512 or 4096");
        assertThatThrownBy(() -> TargetOptions.parse("--ram", "lots")).hasMessageContaining("not a size");
        assertThatThrownBy(() -> TargetOptions.parse("--listen", "nohost")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> TargetOptions.parse("--chap", "nocolon")).hasMessageContaining("USER:SECRET");
        assertThatThrownBy(() -> TargetOptions.parse("--mutual-chap", "a:b")).hasMessageContaining("needs --chap");
        assertThatThrownBy(() -> TargetOptions.parse("--bogus", "x")).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> TargetOptions.parse("--iqn")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> TargetOptions.parse("--ram", "1000,block=4096")).hasMessageContaining("multiple of the block size");
    }
}
