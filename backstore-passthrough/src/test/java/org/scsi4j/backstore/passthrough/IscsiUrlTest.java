package org.scsi4j.backstore.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** libiscsi's URL form, as {@link IscsiUrl} reads it. */
class IscsiUrlTest {

    @Test
    void hostTargetAndLun() {
        IscsiUrl u = IscsiUrl.parse("iscsi://10.0.0.7/iqn.2026-11.com.example:tapes/3");
        assertThat(u.host()).isEqualTo("10.0.0.7");
        assertThat(u.port()).isEqualTo(3260);
        assertThat(u.targetName()).isEqualTo("iqn.2026-11.com.example:tapes");
        assertThat(u.lun()).isEqualTo(3);
        assertThat(u.user()).isNull();
        assertThat(u.secret()).isNull();
    }

    @Test
    void chapUserSecretAndPort() {
        IscsiUrl u = IscsiUrl.parse("iscsi://backup%s3cret-0123456@storage.example:3261/iqn.2026-11.com.example:t/0");
        assertThat(u.user()).isEqualTo("backup");
        assertThat(u.secret()).isEqualTo("s3cret-0123456");
        assertThat(u.host()).isEqualTo("storage.example");
        assertThat(u.port()).isEqualTo(3261);
        assertThat(u.lun()).isZero();
        assertThat(u.toString()).doesNotContain("s3cret").contains("backup%***@");
    }

    @Test
    void bracketedIpv6AndMutualChap() {
        IscsiUrl u = IscsiUrl.parse("iscsi://u%user-secret-01@[::1]:3262/iqn.2026-11.x:y/16383"
                + "?target_user=tgt&target_password=target-secret");
        assertThat(u.host()).isEqualTo("::1");
        assertThat(u.port()).isEqualTo(3262);
        assertThat(u.lun()).isEqualTo(16383);
        assertThat(u.targetUser()).isEqualTo("tgt");
        assertThat(u.targetSecret()).isEqualTo("target-secret");
        assertThat(u.toString()).startsWith("iscsi://u%***@[::1]:3262/");
    }

    @Test
    void malformedUrlsNameTheProblemWithoutTheSecret() {
        assertThatThrownBy(() -> IscsiUrl.parse("http://h/iqn.x:y/0")).hasMessageContaining("iscsi://");
        assertThatThrownBy(() -> IscsiUrl.parse("iscsi://h/iqn.x:y")).hasMessageContaining("/<target-iqn>/<lun>");
        assertThatThrownBy(() -> IscsiUrl.parse("iscsi://h/iqn.x:y/lun1")).hasMessageContaining("LUN");
        assertThatThrownBy(() -> IscsiUrl.parse("iscsi://h/iqn.x:y/16384")).hasMessageContaining("0..16383");
        assertThatThrownBy(() -> IscsiUrl.parse("iscsi://h:0/iqn.x:y/1")).hasMessageContaining("port");
        assertThatThrownBy(() -> IscsiUrl.parse("iscsi:///iqn.x:y/1")).hasMessageContaining("no host");
        assertThatThrownBy(() -> IscsiUrl.parse("iscsi://user@h/iqn.x:y/1")).hasMessageContaining("secret");
        assertThatThrownBy(() -> IscsiUrl.parse("iscsi://u%topsecret@h/iqn.x:y/1?header_digest=crc32c"))
                .hasMessageContaining("header_digest").hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> IscsiUrl.parse("iscsi://u%topsecret@h/a/b/1"))
                .hasMessageContaining("path segments").hasMessageNotContaining("topsecret");
    }
}
