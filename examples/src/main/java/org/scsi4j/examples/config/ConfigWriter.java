package org.scsi4j.examples.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.scsi4j.examples.config.TargetConfig.Chap;
import org.scsi4j.examples.config.TargetConfig.Device;
import org.scsi4j.examples.config.TargetConfig.Group;
import org.scsi4j.examples.config.TargetConfig.Kind;
import org.scsi4j.examples.config.TargetConfig.Lun;
import org.scsi4j.examples.config.TargetConfig.Target;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a {@link TargetConfig} as the YAML {@link ConfigParser} reads: every setting explicit
 * (portals, block sizes), sizes in binary units where exact, and short LUN entries
 * ({@code 0: boot}) unless read-only. Parsing the output gives an equal model.
 *
 * <p>The file holds CHAP secrets, so {@link #write} creates it readable by its owner only (where
 * the file system has POSIX permissions), and replaces it atomically: a watcher never sees half a file.
 */
public final class ConfigWriter {
    private ConfigWriter() {
    }

    /** The configuration as YAML text, with a header comment. */
    public static String toYaml(TargetConfig config) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("portals", config.portals());
        if (config.discoveryChap() != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("chap", chap(config.discoveryChap()));
            if (config.discoveryMutualChap() != null) {
                d.put("mutual-chap", chap(config.discoveryMutualChap()));
            }
            root.put("discovery", d);
        }
        if (config.persistenceDirectory() != null) {
            root.put("persistence-directory", config.persistenceDirectory());
        }
        List<Object> targets = new ArrayList<>();
        for (Target t : config.targets()) {
            targets.add(target(t));
        }
        root.put("targets", targets);

        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.AUTO);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(120);
        options.setSplitLines(false);
        return "# scsi4j example target: effective configuration (java -jar scsi4j-target.jar --config FILE).\n"
                + "# The format is explained in examples/scsi4j-target.example.yaml. Holds CHAP secrets: keep it private.\n"
                + new Yaml(options).dump(root);
    }

    /** Writes {@link #toYaml} to {@code file}: owner-only permissions, replaced atomically. */
    public static void write(TargetConfig config, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = dir.resolve("." + abs.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        try {
            Files.writeString(tmp, toYaml(config), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Map<String, Object> target(Target t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iqn", t.iqn());
        if (t.alias() != null) {
            m.put("alias", t.alias());
        }
        if (t.chap() != null) {
            m.put("chap", chap(t.chap()));
        }
        if (t.mutualChap() != null) {
            m.put("mutual-chap", chap(t.mutualChap()));
        }
        Map<String, Object> devices = new LinkedHashMap<>();
        for (Device d : t.devices().values()) {
            devices.put(d.name(), device(d));
        }
        m.put("devices", devices);
        m.put("luns", luns(t.luns()));
        if (!t.groups().isEmpty()) {
            List<Object> groups = new ArrayList<>();
            for (Group g : t.groups()) {
                Map<String, Object> gm = new LinkedHashMap<>();
                gm.put("name", g.name());
                gm.put("initiators", g.initiators());
                gm.put("luns", luns(g.luns()));
                groups.add(gm);
            }
            m.put("groups", groups);
        }
        return m;
    }

    private static Map<String, Object> device(Device d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", d.kind().name().toLowerCase(Locale.ROOT));
        if (d.path() != null) {
            m.put("path", d.path());
        }
        if (d.sizeBytes() > 0) {
            m.put("size", size(d.sizeBytes()));
        }
        if (d.kind() == Kind.FILE || d.kind() == Kind.RAM || d.kind() == Kind.NULL) {
            m.put("block", d.blockSize());
        }
        if (d.readOnly()) {
            m.put("ro", true);
        }
        if (d.kind() == Kind.BLOCK) {
            m.put("direct", d.direct());
        } else if (d.direct()) {
            m.put("direct", true);
        }
        return m;
    }

    private static Map<Integer, Object> luns(Map<Integer, Lun> luns) {
        Map<Integer, Object> m = new LinkedHashMap<>();
        for (Map.Entry<Integer, Lun> e : luns.entrySet()) {
            Lun l = e.getValue();
            if (l.readOnly()) {
                Map<String, Object> lm = new LinkedHashMap<>();
                lm.put("device", l.device());
                lm.put("ro", true);
                m.put(e.getKey(), lm);
            } else {
                m.put(e.getKey(), l.device());
            }
        }
        return m;
    }

    private static Map<String, Object> chap(Chap c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", c.user());
        m.put("secret", c.secret());
        return m;
    }

    /** "1G" when exact in a binary unit, else the byte count. */
    static Object size(long bytes) {
        String[] units = {"T", "G", "M", "K"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes % unit == 0) {
                return (bytes / unit) + units[i];
            }
        }
        return bytes;
    }
}
