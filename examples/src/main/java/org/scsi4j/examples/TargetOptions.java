package org.scsi4j.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The example target's command line, parsed and validated once. */
public final class TargetOptions {
    public static final String DEFAULT_IQN = "iqn.2026-11.org.scsi4j:example";
    public static final String DEFAULT_LISTEN = "127.0.0.1:3260";

    final List<String> listen = new ArrayList<>();
    String iqn = DEFAULT_IQN;
    final List<DiskOption> disks = new ArrayList<>();
    String chapUser;
    String chapSecret;
    String mutualUser;
    String mutualSecret;
    boolean help;
    Path config;
    Path writeConfig;
    /** The options given, to refuse target-describing flags next to --config. */
    private final Set<String> given = new LinkedHashSet<>();
    private static final Set<String> DESCRIBE_TARGET = Set.of("--listen", "--iqn", "--file", "--ram", "--null",
            "--iso", "--block", "--passthrough", "--tape", "--chap", "--mutual-chap");

    public static final String USAGE = String.join("\n",
            "usage: java -jar scsi4j-target.jar [options]",
            "",
            "Serves one iSCSI target. Each unit option below adds the next LUN (0, 1, ...). With",
            "none it exports LUN 0, a 1 GiB sparse file in a temporary directory deleted on exit.",
            "",
            "  --listen HOST:PORT      portal to listen on (repeatable; default " + DEFAULT_LISTEN + ")",
            "  --iqn IQN               target name (default " + DEFAULT_IQN + ")",
            "  --file PATH[,size=SIZE][,block=512|4096][,ro][,direct][,removable]",
            "                          a file-backed disk; created sparse when size= is given and",
            "                          the file does not exist (repeatable, one LUN each, in order)",
            "  --ram SIZE[,block=512|4096][,phys=4096][,ro][,removable]",
            "                          a RAM disk (allocated as written); phys= reports larger",
            "                          physical blocks, removable a medium initiators can eject",
            "  --null SIZE[,block=512|4096]       reads zeroes, drops writes (transport benchmarks)",
            "  --iso PATH|none         a virtual CD/DVD-ROM drive holding the ISO image PATH, or",
            "                          empty with 'none' (repeatable; a DVD above 703 MiB)",
            "  --block DEV[,ro][,buffered]",
            "                          a Linux block device (/dev/sdX, /dev/loopN, ...) as a disk,",
            "                          O_DIRECT unless buffered; refused while mounted or in use",
            "  --passthrough sg:/dev/sgN | iscsi://HOST[:PORT]/IQN/LUN",
            "                          a real SCSI device (sg needs Java 22+ and Linux) or a LUN of",
            "                          another iSCSI target, its commands passed through untouched",
            "  --tape PATH[,size=SIZE][,ro]",
            "                          the tape drive example: a sequential-access device whose",
            "                          cartridge is the file PATH, created when missing; size= its",
            "                          capacity (default 1G), ro write-protects it",
            "  --chap USER:SECRET      require CHAP from initiators",
            "  --mutual-chap USER:SECRET   also authenticate the target to initiators",
            "  --config FILE           serve what the YAML file FILE declares (targets, portals, CHAP,",
            "                          devices, initiator groups, LUN maps) instead of the options",
            "                          above, which cannot be combined with it; edits to FILE are",
            "                          re-applied live (see examples/scsi4j-target.example.yaml)",
            "  --write-config FILE     write the effective configuration to FILE and keep serving",
            "  --help                  this text",
            "",
            "SIZE takes K, M, G, T suffixes (binary).");

    public static TargetOptions parse(String... args) {
        TargetOptions o = new TargetOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                o.help = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a.startsWith("--") ? a + " needs a value" : "unexpected argument '" + a + "'");
            }
            String v = args[++i];
            o.given.add(a);
            switch (a) {
                case "--listen":
                    checkHostPort(v);
                    o.listen.add(v);
                    break;
                case "--iqn":
                    if (!(v.startsWith("iqn.") || v.startsWith("eui.") || v.startsWith("naa."))) {
                        throw new IllegalArgumentException("--iqn must be an iSCSI name (iqn., eui. or naa.), was " + v);
                    }
                    o.iqn = v;
                    break;
                case "--file":
                    o.disks.add(DiskOption.parse(DiskOption.Kind.FILE, v));
                    break;
                case "--ram":
                    o.disks.add(DiskOption.parse(DiskOption.Kind.RAM, v));
                    break;
                case "--null":
                    o.disks.add(DiskOption.parse(DiskOption.Kind.NULL, v));
                    break;
                case "--iso":
                    o.disks.add(DiskOption.parse(DiskOption.Kind.ISO, v));
                    break;
                case "--block":
                    o.disks.add(DiskOption.parse(DiskOption.Kind.BLOCK, v));
                    break;
                case "--passthrough":
                    o.disks.add(DiskOption.parse(DiskOption.Kind.PASSTHROUGH, v));
                    break;
                case "--tape":
                    o.disks.add(DiskOption.parse(DiskOption.Kind.TAPE, v));
                    break;
                case "--chap": {
                    String[] c = credentials(a, v);
                    o.chapUser = c[0];
                    o.chapSecret = c[1];
                    break;
                }
                case "--mutual-chap": {
                    String[] c = credentials(a, v);
                    o.mutualUser = c[0];
                    o.mutualSecret = c[1];
                    break;
                }
                case "--config":
                    o.config = Path.of(v);
                    break;
                case "--write-config":
                    o.writeConfig = Path.of(v);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + a + "' (see --help)");
            }
        }
        if (o.mutualUser != null && o.chapUser == null) {
            throw new IllegalArgumentException("--mutual-chap needs --chap as well");
        }
        if (o.config != null) {
            List<String> clash = o.given.stream().filter(DESCRIBE_TARGET::contains).toList();
            if (!clash.isEmpty()) {
                throw new IllegalArgumentException("--config cannot be combined with " + String.join(", ", clash)
                        + " (the file declares the target; edit it instead)");
            }
        }
        if (o.listen.isEmpty()) {
            o.listen.add(DEFAULT_LISTEN);
        }
        return o;
    }

    private static String[] credentials(String option, String v) {
        int colon = v.indexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            throw new IllegalArgumentException(option + " takes USER:SECRET");
        }
        return new String[] {v.substring(0, colon), v.substring(colon + 1)};
    }

    static void checkHostPort(String v) {
        int colon = v.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--listen takes HOST:PORT, was " + v);
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen port is not a number: " + v, e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--listen port must be 0..65535: " + v);
        }
    }

    public List<String> listen() {
        return List.copyOf(listen);
    }

    public String iqn() {
        return iqn;
    }

    public List<DiskOption> disks() {
        return List.copyOf(disks);
    }

    public boolean help() {
        return help;
    }

    /** The {@code --config} file, or null when the options describe the target. */
    public Path config() {
        return config;
    }

    /** The {@code --write-config} file, or null. */
    public Path writeConfig() {
        return writeConfig;
    }

    /** The {@code --chap} user and secret, or null. */
    public String chapUser() {
        return chapUser;
    }

    public String chapSecret() {
        return chapSecret;
    }

    /** The {@code --mutual-chap} user and secret, or null. */
    public String mutualUser() {
        return mutualUser;
    }

    public String mutualSecret() {
        return mutualSecret;
    }
}
