package org.scsi4j.iscsi.interop;

import org.scsi4j.backstore.file.RamBlockDevice;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.iscsi.ChapCredentials;
import org.scsi4j.iscsi.ExportedTarget;
import org.scsi4j.iscsi.IscsiServer;

/** Runs a server on 127.0.0.1:3261 until killed (manual interop checks). */
public final class ManualServer {
    public static void main(String[] args) throws Exception {
        ScsiTarget t = ScsiTarget.builder("iqn.2026-11.org.scsi4j:manual")
                .logicalUnit(0, LogicalUnitSpec.disk("ram", new RamBlockDevice(128L << 20, 512))).build();
        ScsiTarget t4k = ScsiTarget.builder("iqn.2026-11.org.scsi4j:manual4k")
                .logicalUnit(0, LogicalUnitSpec.disk("ram4k", new RamBlockDevice(128L << 20, 4096))).build();
        ScsiTarget tc = ScsiTarget.builder("iqn.2026-11.org.scsi4j:chap")
                .logicalUnit(0, LogicalUnitSpec.disk("ramc", new RamBlockDevice(128L << 20, 512))).build();
        IscsiServer s = IscsiServer.builder().portal("127.0.0.1", Integer.parseInt(args.length > 0 ? args[0] : "3261"))
                .target(ExportedTarget.builder("iqn.2026-11.org.scsi4j:manual", t).build())
                .target(ExportedTarget.builder("iqn.2026-11.org.scsi4j:manual4k", t4k).build())
                .target(ExportedTarget.builder("iqn.2026-11.org.scsi4j:chap", tc)
                        .chap(ChapCredentials.of("user", "secret-of-sixteen")).build())
                .build().start();
        System.out.println("listening on " + s.boundAddress());
        Thread.sleep(Long.MAX_VALUE);
    }
}
