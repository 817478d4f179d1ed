package org.scsi4j.examples.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The example target's whole configuration: what {@link ConfigParser} reads, {@link ConfigWriter}
 * writes and {@link ConfiguredTarget} runs. Immutable records with value equality (maps compare by
 * content), so "parse what was written" can be checked with {@code equals}.
 *
 * @param portals             {@code host:port} the iSCSI server listens on, in order
 * @param discoveryChap       CHAP that SendTargets discovery sessions must pass, or null
 * @param discoveryMutualChap what the target answers a discovery session's mutual challenge with, or null
 * @param persistenceDirectory where APTPL persistent reservations are kept (every target), or null
 * @param targets             the target nodes, in order
 */
public record TargetConfig(List<String> portals, Chap discoveryChap, Chap discoveryMutualChap,
        String persistenceDirectory, List<Target> targets) {

    public TargetConfig {
        portals = List.copyOf(portals);
        targets = List.copyOf(targets);
    }

    /** The target with this iSCSI name, or null. */
    public Target target(String iqn) {
        for (Target t : targets) {
            if (t.iqn().equals(iqn)) {
                return t;
            }
        }
        return null;
    }

    /** A CHAP name and secret; {@link #toString()} hides the secret. */
    public record Chap(String user, String secret) {
        public Chap {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public String toString() {
            return "Chap[" + user + ", secret hidden]";
        }
    }

    /**
     * One iSCSI target node and the SCSI target behind it.
     *
     * @param iqn        the iSCSI name
     * @param alias      TargetAlias, or null
     * @param chap       CHAP initiators must pass, or null (no authentication)
     * @param mutualChap what the target answers mutual CHAP with, or null
     * @param devices    the units by name (the name the unit's identity derives from), in order
     * @param luns       the default group's LUN map: what initiators in no group see
     * @param groups     initiator groups, tried in order, first match wins
     */
    public record Target(String iqn, String alias, Chap chap, Chap mutualChap, Map<String, Device> devices,
            Map<Integer, Lun> luns, List<Group> groups) {

        public Target {
            Objects.requireNonNull(iqn, "iqn");
            devices = Collections.unmodifiableMap(new LinkedHashMap<>(devices));
            luns = Collections.unmodifiableMap(new TreeMap<>(luns));
            groups = List.copyOf(groups);
        }

        /** The group of that name, or null. */
        public Group group(String name) {
            for (Group g : groups) {
                if (g.name().equals(name)) {
                    return g;
                }
            }
            return null;
        }
    }

    /** What a device is backed by. */
    public enum Kind {
        /** a file (or an existing block device node read as a file), created sparse when given a size */
        FILE,
        /** RAM, allocated as written */
        RAM,
        /** reads zeroes, drops writes */
        NULL,
        /** a CD/DVD-ROM drive holding an ISO image, or empty */
        ISO,
        /** a Linux block device */
        BLOCK,
        /** a real SCSI device or another target's LUN, passed through */
        PASSTHROUGH,
        /** the tape drive example, its cartridge in a file */
        TAPE;

        /** Whether the unit takes raw CDBs (it cannot be mapped read-only). */
        public boolean isRaw() {
            return this == PASSTHROUGH || this == TAPE;
        }
    }

    /**
     * One unit.
     *
     * @param name      unit name; keep it stable, the unit's serial number and NAA derive from it
     * @param kind      what backs it
     * @param path      FILE: the file; ISO: the image, or null for an empty drive; BLOCK: the device
     *                  node; PASSTHROUGH: the spec ({@code sg:/dev/sgN}, {@code iscsi://...});
     *                  TAPE: the cartridge file; else null
     * @param sizeBytes FILE: size to create a missing file with (0: the file must exist); RAM, NULL: the
     *                  size; TAPE: the capacity (0: the default); else 0
     * @param blockSize 512 or 4096 (2048 for ISO; 0 for BLOCK, PASSTHROUGH and TAPE: the device's own)
     * @param readOnly  FILE, BLOCK: open read-only; TAPE: the cartridge is write-protected; false for
     *                  the other kinds
     * @param direct    FILE, BLOCK: open with O_DIRECT; false for the other kinds
     */
    public record Device(String name, Kind kind, String path, long sizeBytes, int blockSize, boolean readOnly,
            boolean direct) {
        public Device {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * One entry of a LUN map.
     *
     * @param device   the name of the device at that LUN
     * @param readOnly whether initiators of the group may only read it (writes: DATA PROTECT)
     */
    public record Lun(String device, boolean readOnly) {
        public Lun {
            Objects.requireNonNull(device, "device");
        }
    }

    /**
     * An initiator group: who belongs, and the LUN map its members see.
     *
     * @param name       the group's name (not {@code default})
     * @param initiators initiator names, exact or with {@code *} and {@code ?} wildcards
     * @param luns       the group's LUN map
     */
    public record Group(String name, List<String> initiators, Map<Integer, Lun> luns) {
        public Group {
            Objects.requireNonNull(name, "name");
            initiators = List.copyOf(initiators);
            luns = Collections.unmodifiableMap(new TreeMap<>(luns));
        }
    }
}
