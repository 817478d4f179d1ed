package org.scsi4j.examples.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.scsi4j.examples.DiskOption;
import org.scsi4j.examples.TargetOptions;
import org.scsi4j.examples.config.TargetConfig.Chap;
import org.scsi4j.examples.config.TargetConfig.Device;
import org.scsi4j.examples.config.TargetConfig.Group;
import org.scsi4j.examples.config.TargetConfig.Kind;
import org.scsi4j.examples.config.TargetConfig.Lun;
import org.scsi4j.examples.config.TargetConfig.Target;
import org.scsi4j.iscsi.ChapCredentials;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the example target's YAML configuration into a {@link TargetConfig} and validates it
 * completely before anything starts: unknown settings (typos), missing or contradictory ones,
 * sizes, block sizes, iSCSI names, CHAP secrets, and LUN maps that name no device all fail with a
 * {@link ConfigException} naming the file, the line and the setting.
 *
 * <p>The YAML is only composed into a node tree (never constructed into objects), so a file cannot
 * instantiate anything; scalars are read from their text, so {@code 0.0.0.0:3260} stays a string.
 */
public final class ConfigParser {
    private static final Set<String> ROOT_KEYS = Set.of("portals", "discovery", "persistence-directory", "targets");
    private static final Set<String> DISCOVERY_KEYS = Set.of("chap", "mutual-chap");
    private static final Set<String> CHAP_KEYS = Set.of("user", "secret");
    private static final Set<String> TARGET_KEYS = Set.of("iqn", "alias", "chap", "mutual-chap", "devices", "luns", "groups");
    private static final Set<String> DEVICE_KEYS = Set.of("kind", "path", "size", "block", "ro", "direct");
    private static final Set<String> GROUP_KEYS = Set.of("name", "initiators", "luns");
    private static final Set<String> LUN_KEYS = Set.of("device", "ro");
    private static final int MAX_LUN = 16383;

    private final String file;

    private ConfigParser(String file) {
        this.file = file;
    }

    /** Reads and validates {@code path} (UTF-8). */
    public static TargetConfig parse(Path path) throws IOException {
        return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }

    /**
     * Validates {@code text}; {@code fileName} is what error messages call it.
     *
     * @throws ConfigException naming the file, line and setting of the first problem
     */
    public static TargetConfig parse(String fileName, String text) {
        return new ConfigParser(fileName).root(compose(fileName, text));
    }

    private static Node compose(String fileName, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(20);
        options.setAllowRecursiveKeys(false);
        try {
            Node root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
            if (root == null) {
                throw new ConfigException(fileName, 0, null, "the file is empty; at least one target is needed");
            }
            return root;
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new ConfigException(fileName, line, null, "not valid YAML: " + e.getProblem()
                    + (e.getContext() != null ? " (" + e.getContext() + ")" : ""));
        } catch (YAMLException e) {
            throw new ConfigException(fileName, 0, null, "not valid YAML: " + e.getMessage());
        }
    }

    private TargetConfig root(Node node) {
        Map<String, Node> root = mapping(node, "(top level)", ROOT_KEYS);
        List<String> portals = new ArrayList<>();
        if (root.containsKey("portals")) {
            int i = 0;
            for (Node p : sequence(root.get("portals"), "portals", false)) {
                String where = "portals[" + i++ + "]";
                String portal = portal(p, where);
                if (portals.contains(portal)) {
                    throw fail(p, where, "portal " + portal + " is listed twice");
                }
                portals.add(portal);
            }
        } else {
            portals.add(TargetOptions.DEFAULT_LISTEN);
        }
        Chap discovery = null;
        Chap discoveryMutual = null;
        if (root.containsKey("discovery")) {
            Map<String, Node> d = mapping(root.get("discovery"), "discovery", DISCOVERY_KEYS);
            discovery = chap(d.get("chap"), "discovery.chap");
            discoveryMutual = chap(d.get("mutual-chap"), "discovery.mutual-chap");
            checkMutual(discovery, discoveryMutual, d.get("mutual-chap"), "discovery.mutual-chap");
        }
        String persistence = optionalString(root.get("persistence-directory"), "persistence-directory");
        if (!root.containsKey("targets")) {
            throw fail(node, "targets", "missing; at least one target is needed");
        }
        List<Target> targets = new ArrayList<>();
        int i = 0;
        for (Node t : sequence(root.get("targets"), "targets", false)) {
            String where = "targets[" + i++ + "]";
            Target target = target(t, where);
            for (Target other : targets) {
                if (other.iqn().equals(target.iqn())) {
                    throw fail(t, where + ".iqn", "target " + target.iqn() + " is declared twice");
                }
            }
            targets.add(target);
        }
        return new TargetConfig(portals, discovery, discoveryMutual, persistence, targets);
    }

    private String portal(Node node, String where) {
        String v = string(node, where);
        try {
            Portals.check(v);
        } catch (IllegalArgumentException e) {
            throw fail(node, where, e.getMessage());
        }
        return v;
    }

    private Target target(Node node, String where) {
        Map<String, Node> t = mapping(node, where, TARGET_KEYS);
        Node iqnNode = require(t, "iqn", node, where);
        String iqn = string(iqnNode, where + ".iqn");
        if (!isIscsiName(iqn)) {
            throw fail(iqnNode, where + ".iqn", "'" + iqn
                    + "' is not an iSCSI name (iqn.yyyy-mm.reversed.domain[:id], eui.<16 hex>, naa.<hex>)");
        }
        String alias = optionalString(t.get("alias"), where + ".alias");
        if (alias != null && (alias.isEmpty() || alias.length() > 255)) {
            throw fail(t.get("alias"), where + ".alias", "must be 1..255 characters");
        }
        Chap chap = chap(t.get("chap"), where + ".chap");
        Chap mutual = chap(t.get("mutual-chap"), where + ".mutual-chap");
        checkMutual(chap, mutual, t.get("mutual-chap"), where + ".mutual-chap");

        Map<String, Device> devices = new LinkedHashMap<>();
        if (t.containsKey("devices") && !isNull(t.get("devices"))) {
            Map<String, Node> ds = mapping(t.get("devices"), where + ".devices", null);
            for (Map.Entry<String, Node> e : ds.entrySet()) {
                devices.put(e.getKey(), device(e.getKey(), e.getValue(), where + ".devices." + e.getKey()));
            }
        }
        Map<Integer, Lun> luns = t.containsKey("luns")
                ? luns(t.get("luns"), where + ".luns", devices) : Map.of();
        List<Group> groups = new ArrayList<>();
        if (t.containsKey("groups")) {
            int i = 0;
            for (Node g : sequence(t.get("groups"), where + ".groups", true)) {
                String gw = where + ".groups[" + i++ + "]";
                Group group = group(g, gw, devices);
                if (groups.stream().anyMatch(x -> x.name().equals(group.name()))) {
                    throw fail(g, gw + ".name", "group " + group.name() + " is declared twice");
                }
                groups.add(group);
            }
        }
        return new Target(iqn, alias, chap, mutual, devices, luns, groups);
    }

    private Device device(String name, Node node, String where) {
        if (name.isBlank() || name.chars().anyMatch(Character::isISOControl)) {
            throw fail(node, where, "a device name must be non-blank printable text");
        }
        Map<String, Node> d = mapping(node, where, DEVICE_KEYS);
        Node kindNode = require(d, "kind", node, where);
        // "kind: null" is YAML's null: take the word as written.
        String k = (kindNode instanceof ScalarNode && ((ScalarNode) kindNode).getValue().equalsIgnoreCase("null")
                ? "null" : string(kindNode, where + ".kind")).toUpperCase(Locale.ROOT);
        Kind kind;
        try {
            kind = Kind.valueOf(k);
        } catch (IllegalArgumentException e) {
            throw fail(kindNode, where + ".kind", "must be file, ram, null, iso, block, passthrough or tape, was '"
                    + k.toLowerCase(Locale.ROOT) + "'");
        }
        String path = optionalString(d.get("path"), where + ".path");
        long size = 0;
        if (d.containsKey("size")) {
            try {
                size = DiskOption.parseSize(string(d.get("size"), where + ".size"));
            } catch (IllegalArgumentException e) {
                throw fail(d.get("size"), where + ".size", e.getMessage());
            }
        }
        boolean ro = optionalBool(d.get("ro"), where + ".ro");
        boolean direct = optionalBool(d.get("direct"), where + ".direct");
        int block = kind == Kind.ISO ? 2048 : 512;
        if (d.containsKey("block")) {
            block = integer(d.get("block"), where + ".block");
            if (block != 512 && block != 4096) {
                throw fail(d.get("block"), where + ".block", "must be 512 or 4096, was " + block);
            }
        }
        switch (kind) {
            case FILE:
                if (path == null || path.isBlank()) {
                    throw fail(node, where + ".path", "a file device needs a path");
                }
                break;
            case RAM:
            case NULL:
                notFor(d, kind, where, "path", "direct");
                if (d.containsKey("ro")) {
                    throw fail(d.get("ro"), where + ".ro", "only a file device opens read-only; make the LUN "
                            + "read-only instead ({ device: " + name + ", ro: true })");
                }
                if (size == 0) {
                    throw fail(node, where + ".size", "a " + kind.name().toLowerCase(Locale.ROOT) + " device needs a size, e.g. 1G");
                }
                break;
            case BLOCK:
                requirePath(node, where, path, "a block device needs a path, its node (e.g. /dev/sdb)");
                notFor(d, kind, where, "size", "block");
                direct = !d.containsKey("direct") || direct; // O_DIRECT unless "direct: false"
                block = 0;
                break;
            case PASSTHROUGH:
                requirePath(node, where, path, "a passthrough device needs a path: sg:/dev/sgN or iscsi://HOST[:PORT]/IQN/LUN");
                notFor(d, kind, where, "size", "block", "ro", "direct");
                try {
                    DiskOption.parse(DiskOption.Kind.PASSTHROUGH, path);
                } catch (IllegalArgumentException e) {
                    throw fail(d.get("path"), where + ".path", e.getMessage());
                }
                block = 0;
                break;
            case TAPE:
                requirePath(node, where, path, "a tape device needs a path, its cartridge file (created when missing)");
                notFor(d, kind, where, "block", "direct");
                if (size != 0) {
                    try {
                        DiskOption.checkTapeCapacity(size);
                    } catch (IllegalArgumentException e) {
                        throw fail(d.get("size"), where + ".size", e.getMessage());
                    }
                }
                block = 0;
                break;
            case ISO:
            default:
                notFor(d, kind, where, "size", "block", "direct", "ro");
                break;
        }
        if (block > 0 && size % block != 0) {
            throw fail(d.get("size"), where + ".size", "size " + size + " is not a multiple of the block size " + block);
        }
        return new Device(name, kind, path, size, block, ro, direct);
    }

    private void requirePath(Node node, String where, String path, String problem) {
        if (path == null || path.isBlank()) {
            throw fail(node, where + ".path", problem);
        }
    }

    private void notFor(Map<String, Node> d, Kind kind, String where, String... keys) {
        for (String key : keys) {
            if (d.containsKey(key)) {
                throw fail(d.get(key), where + "." + key, "does not apply to a "
                        + kind.name().toLowerCase(Locale.ROOT) + " device");
            }
        }
    }

    private Group group(Node node, String where, Map<String, Device> devices) {
        Map<String, Node> g = mapping(node, where, GROUP_KEYS);
        Node nameNode = require(g, "name", node, where);
        String name = string(nameNode, where + ".name");
        if (name.isBlank() || name.equalsIgnoreCase(org.scsi4j.core.ScsiTarget.DEFAULT_GROUP)) {
            throw fail(nameNode, where + ".name", "must be non-blank and not '" + org.scsi4j.core.ScsiTarget.DEFAULT_GROUP
                    + "' (the default group's map is the target's own 'luns')");
        }
        Node initNode = require(g, "initiators", node, where);
        List<String> initiators = new ArrayList<>();
        if (initNode instanceof ScalarNode) {
            initiators.add(string(initNode, where + ".initiators"));
        } else {
            int i = 0;
            for (Node n : sequence(initNode, where + ".initiators", false)) {
                String v = string(n, where + ".initiators[" + i++ + "]");
                if (v.isBlank()) {
                    throw fail(n, where + ".initiators", "an initiator name or pattern must not be blank");
                }
                initiators.add(v);
            }
        }
        Map<Integer, Lun> luns = g.containsKey("luns") ? luns(g.get("luns"), where + ".luns", devices) : Map.of();
        return new Group(name, initiators, luns);
    }

    private Map<Integer, Lun> luns(Node node, String where, Map<String, Device> devices) {
        Map<Integer, Lun> luns = new TreeMap<>();
        if (isNull(node)) {
            return luns;
        }
        if (!(node instanceof MappingNode)) {
            throw fail(node, where, "must be a map of LUN number to device, e.g. '0: boot'");
        }
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            String key = string(t.getKeyNode(), where);
            int lun;
            try {
                lun = Integer.parseInt(key.trim());
            } catch (NumberFormatException e) {
                throw fail(t.getKeyNode(), where, "'" + key + "' is not a LUN number (0.." + MAX_LUN + ")");
            }
            String lw = where + "." + lun;
            if (lun < 0 || lun > MAX_LUN) {
                throw fail(t.getKeyNode(), lw, "LUN must be 0.." + MAX_LUN);
            }
            if (luns.containsKey(lun)) {
                throw fail(t.getKeyNode(), lw, "LUN " + lun + " is mapped twice");
            }
            Node v = t.getValueNode();
            String device;
            boolean ro = false;
            if (v instanceof ScalarNode && !isNull(v)) {
                device = string(v, lw);
            } else {
                Map<String, Node> m = mapping(v, lw, LUN_KEYS);
                device = string(require(m, "device", v, lw), lw + ".device");
                ro = optionalBool(m.get("ro"), lw + ".ro");
            }
            if (!devices.containsKey(device)) {
                throw fail(v, lw, "no device named '" + device + "' in this target (devices: "
                        + String.join(", ", devices.keySet()) + ")");
            }
            Kind kind = devices.get(device).kind();
            if (ro && kind.isRaw()) {
                throw fail(v, lw + ".ro", "a " + kind.name().toLowerCase(Locale.ROOT) + " device cannot be mapped "
                        + "read-only: the core does not know which of its commands write"
                        + (kind == Kind.TAPE ? " (write-protect the cartridge instead: ro: true on the device)" : ""));
            }
            luns.put(lun, new Lun(device, ro));
        }
        return luns;
    }

    private Chap chap(Node node, String where) {
        if (node == null || isNull(node)) {
            return null;
        }
        Map<String, Node> c = mapping(node, where, CHAP_KEYS);
        String user = string(require(c, "user", node, where), where + ".user");
        String secret = string(require(c, "secret", node, where), where + ".secret");
        try {
            ChapCredentials.of(user, secret);
        } catch (IllegalArgumentException e) {
            throw fail(node, where, e.getMessage());
        }
        return new Chap(user, secret);
    }

    private void checkMutual(Chap chap, Chap mutual, Node node, String where) {
        if (mutual == null) {
            return;
        }
        if (chap == null) {
            throw fail(node, where, "mutual CHAP needs one-way 'chap' credentials too");
        }
        if (mutual.secret().equals(chap.secret())) {
            throw fail(node, where, "the mutual secret must differ from the initiator's secret (RFC 7143 §9.2.1)");
        }
    }

    // ------------------------------------------------------------------ node helpers

    /** The mapping's entries by key, in order; unknown keys fail (null {@code allowed}: any key). */
    private Map<String, Node> mapping(Node node, String where, Set<String> allowed) {
        if (!(node instanceof MappingNode)) {
            throw fail(node, where, "must be a map of settings ('key: value' lines)");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            String key = string(t.getKeyNode(), where);
            String kw = where.equals("(top level)") ? key : where + "." + key;
            if (!seen.add(key)) {
                throw fail(t.getKeyNode(), kw, "set twice");
            }
            if (allowed != null && !allowed.contains(key)) {
                throw fail(t.getKeyNode(), kw, "unknown setting '" + key + "' (known here: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
            out.put(key, t.getValueNode());
        }
        return out;
    }

    private List<Node> sequence(Node node, String where, boolean emptyOk) {
        if (isNull(node) && emptyOk) {
            return List.of();
        }
        if (!(node instanceof SequenceNode)) {
            throw fail(node, where, "must be a list ('- item' lines)");
        }
        List<Node> items = ((SequenceNode) node).getValue();
        if (items.isEmpty() && !emptyOk) {
            throw fail(node, where, "must not be empty");
        }
        return items;
    }

    private Node require(Map<String, Node> m, String key, Node parent, String where) {
        Node n = m.get(key);
        if (n == null || isNull(n) && !"kind".equals(key)) {
            throw fail(n == null ? parent : n, where + "." + key, "missing");
        }
        return n;
    }

    private String string(Node node, String where) {
        if (!(node instanceof ScalarNode)) {
            throw fail(node, where, "must be a single value, not a list or map");
        }
        if (isNull(node)) {
            throw fail(node, where, "missing value");
        }
        return ((ScalarNode) node).getValue();
    }

    private String optionalString(Node node, String where) {
        return node == null || isNull(node) ? null : string(node, where);
    }

    private boolean optionalBool(Node node, String where) {
        if (node == null || isNull(node)) {
            return false;
        }
        switch (string(node, where).toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on":
                return true;
            case "false": case "no": case "off":
                return false;
            default:
                throw fail(node, where, "must be true or false, was '" + string(node, where) + "'");
        }
    }

    private int integer(Node node, String where) {
        String v = string(node, where);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw fail(node, where, "must be a whole number, was '" + v + "'");
        }
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private ConfigException fail(Node node, String where, String problem) {
        int line = node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        return new ConfigException(file, line, where, problem);
    }

    /** RFC 7143 §4.2.7.1 name forms, as {@code ExportedTarget} checks them. */
    static boolean isIscsiName(String name) {
        if (name.length() > 223 || name.chars().anyMatch(c -> c <= ' ' || c == ',' || c == '/')) {
            return false;
        }
        return name.matches("iqn\\.\\d{4}-\\d{2}\\.[^\\s]+") || name.matches("eui\\.[0-9A-Fa-f]{16}")
                || name.matches("naa\\.[0-9A-Fa-f]{16}([0-9A-Fa-f]{16})?");
    }
}
