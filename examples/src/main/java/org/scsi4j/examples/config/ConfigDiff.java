package org.scsi4j.examples.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.examples.config.TargetConfig.Device;
import org.scsi4j.examples.config.TargetConfig.Group;
import org.scsi4j.examples.config.TargetConfig.Kind;
import org.scsi4j.examples.config.TargetConfig.Lun;
import org.scsi4j.examples.config.TargetConfig.Target;

/**
 * What changed between the running configuration and an edited one, as the ordered steps that the
 * live {@link ScsiTarget} API applies without restarting anything or dropping a session, plus what
 * it cannot apply. Pure: computing a diff touches nothing.
 *
 * <p>Live, per target that exists in both: devices added, removed or changed (a changed device is
 * replaced: unmapped, removed, opened anew, mapped again; an ISO drive whose image alone changed
 * gets the new disc, as an operator swapping media); initiator groups added, removed, re-patterned
 * or re-ordered; LUN maps of every group and the default group, read-only flags included.
 *
 * <p>Needs a restart (reported, never silently ignored): portals, discovery CHAP, the persistence
 * directory, a target added or removed (the iSCSI server exports a fixed set of targets), and an
 * existing target's alias or CHAP (credentials are bound into the server when it is built).
 *
 * @param steps       the live steps per target IQN, in the order to run them
 * @param needsRestart one line per change that needs a restart
 * @param effective   the configuration that runs once the steps are applied: the edited one,
 *                    with the changes that need a restart left as they were
 */
public record ConfigDiff(Map<String, List<Step>> steps, List<String> needsRestart, TargetConfig effective) {

    /** One live change of one target, with the line a log shows for it. */
    public sealed interface Step {
        String describe();
    }

    /** Remove {@code lun} from {@code group}'s map. */
    public record UnmapLun(String group, int lun) implements Step {
        public String describe() {
            return "LUN " + lun + " of " + groupName(group) + " unmapped";
        }
    }

    /** Remove an initiator group (and its map); re-created later in the steps when {@code recreated}. */
    public record RemoveGroup(String group, boolean recreated) implements Step {
        public String describe() {
            return "group " + group + (recreated ? " removed, to be re-declared in its new place" : " removed");
        }
    }

    /** Remove an unmapped device. */
    public record RemoveDevice(String device, boolean replaced) implements Step {
        public String describe() {
            return "device " + device + (replaced ? " removed, to be re-opened with its new settings" : " removed");
        }
    }

    /** Open and add a device (not yet mapped). */
    public record AddDevice(Device device) implements Step {
        public String describe() {
            return "device " + device.name() + " (" + device.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + (device.path() != null ? " " + device.path() : "") + ") added";
        }
    }

    /** Put another image in an ISO drive, or take the disc out ({@code path} null). */
    public record ChangeMedium(String device, String path) implements Step {
        public String describe() {
            return "device " + device + ": " + (path == null ? "disc removed" : path + " inserted");
        }
    }

    /** Declare a group (at the end of the group order) or replace its patterns. */
    public record DefineGroup(String group, List<String> initiators) implements Step {
        public String describe() {
            return "group " + group + " declared: " + String.join(", ", initiators);
        }
    }

    /** Map {@code device} at {@code lun} for {@code group}, replacing what was there. */
    public record MapLun(String group, int lun, String device, boolean readOnly) implements Step {
        public String describe() {
            return "LUN " + lun + " of " + groupName(group) + " is " + device + (readOnly ? " (read-only)" : "");
        }
    }

    static String groupName(String group) {
        return ScsiTarget.DEFAULT_GROUP.equals(group) ? "the default group" : "group " + group;
    }

    /** Whether applying changes nothing at all (no steps, nothing waiting for a restart). */
    public boolean isEmpty() {
        return needsRestart.isEmpty() && steps.values().stream().allMatch(List::isEmpty);
    }

    /** The diff from {@code running} to {@code edited}. */
    public static ConfigDiff between(TargetConfig running, TargetConfig edited) {
        List<String> restart = new ArrayList<>();
        if (!running.portals().equals(edited.portals())) {
            restart.add("portals " + running.portals() + " -> " + edited.portals() + ": requires restart");
        }
        if (!Objects.equals(running.discoveryChap(), edited.discoveryChap())
                || !Objects.equals(running.discoveryMutualChap(), edited.discoveryMutualChap())) {
            restart.add("discovery CHAP changed: requires restart");
        }
        if (!Objects.equals(running.persistenceDirectory(), edited.persistenceDirectory())) {
            restart.add("persistence-directory " + running.persistenceDirectory() + " -> "
                    + edited.persistenceDirectory() + ": requires restart");
        }
        Map<String, List<Step>> steps = new LinkedHashMap<>();
        List<Target> effective = new ArrayList<>();
        for (Target old : running.targets()) {
            Target next = edited.target(old.iqn());
            if (next == null) {
                restart.add("target " + old.iqn() + " removed from the file: requires restart (still served)");
                effective.add(old);
                continue;
            }
            if (!Objects.equals(old.alias(), next.alias())) {
                restart.add("target " + old.iqn() + ": alias changed: requires restart");
            }
            if (!Objects.equals(old.chap(), next.chap()) || !Objects.equals(old.mutualChap(), next.mutualChap())) {
                restart.add("target " + old.iqn() + ": CHAP changed: requires restart");
            }
            steps.put(old.iqn(), targetSteps(old, next));
            effective.add(new Target(old.iqn(), old.alias(), old.chap(), old.mutualChap(), next.devices(), next.luns(),
                    next.groups()));
        }
        for (Target t : edited.targets()) {
            if (running.target(t.iqn()) == null) {
                restart.add("target " + t.iqn() + " added to the file: requires restart (not served yet)");
            }
        }
        TargetConfig eff = new TargetConfig(running.portals(), running.discoveryChap(), running.discoveryMutualChap(),
                running.persistenceDirectory(), effective);
        return new ConfigDiff(java.util.Collections.unmodifiableMap(steps), List.copyOf(restart), eff);
    }

    /** The live steps that turn target {@code o} into {@code n} (same IQN). */
    static List<Step> targetSteps(Target o, Target n) {
        List<Step> out = new ArrayList<>();
        Set<String> gone = new HashSet<>();
        List<String> replaced = new ArrayList<>();
        List<String> media = new ArrayList<>();
        for (Device d : o.devices().values()) {
            Device nd = n.devices().get(d.name());
            if (nd == null) {
                gone.add(d.name());
            } else if (!nd.equals(d)) {
                if (d.kind() == Kind.ISO && nd.kind() == Kind.ISO) {
                    media.add(d.name());
                } else {
                    gone.add(d.name());
                    replaced.add(d.name());
                }
            }
        }
        // Removing a group leaves the others in order and declaring one appends it, so the groups
        // that keep their place are the longest head of the new order found, in order, in the old
        // one; the rest are removed and declared again in the new order (first match wins).
        List<String> oldOrder = new ArrayList<>();
        for (Group g : o.groups()) {
            if (n.group(g.name()) != null) {
                oldOrder.add(g.name());
            }
        }
        List<String> newOrder = n.groups().stream().map(Group::name).toList();
        int keep = 0;
        int at = 0;
        while (keep < newOrder.size()) {
            while (at < oldOrder.size() && !oldOrder.get(at).equals(newOrder.get(keep))) {
                at++;
            }
            if (at == oldOrder.size()) {
                break;
            }
            keep++;
        }
        List<String> kept = newOrder.subList(0, keep);
        List<String> groupsInPlace = new ArrayList<>();
        groupsInPlace.add(ScsiTarget.DEFAULT_GROUP);
        groupsInPlace.addAll(kept);

        // 1. unmap what disappears, or whose device goes away
        for (String g : groupsInPlace) {
            Map<Integer, Lun> om = luns(o, g);
            Map<Integer, Lun> nm = luns(n, g);
            for (Map.Entry<Integer, Lun> e : om.entrySet()) {
                if (!nm.containsKey(e.getKey()) || gone.contains(e.getValue().device())) {
                    out.add(new UnmapLun(g, e.getKey()));
                }
            }
        }
        // 2. groups that go away or move
        for (Group g : o.groups()) {
            boolean removed = n.group(g.name()) == null;
            if (removed || !kept.contains(g.name())) {
                out.add(new RemoveGroup(g.name(), !removed));
            }
        }
        // 3. devices that go away (now unmapped everywhere), 4. devices that come (or come back)
        for (Device d : o.devices().values()) {
            if (gone.contains(d.name())) {
                out.add(new RemoveDevice(d.name(), replaced.contains(d.name())));
            }
        }
        for (Device d : n.devices().values()) {
            if (!o.devices().containsKey(d.name()) || replaced.contains(d.name())) {
                out.add(new AddDevice(d));
            } else if (media.contains(d.name())) {
                out.add(new ChangeMedium(d.name(), d.path()));
            }
        }
        // 5. groups: new patterns for those in place, then the rest in the new order
        for (String g : kept) {
            if (!o.group(g).initiators().equals(n.group(g).initiators())) {
                out.add(new DefineGroup(g, n.group(g).initiators()));
            }
        }
        for (String g : newOrder.subList(keep, newOrder.size())) {
            out.add(new DefineGroup(g, n.group(g).initiators()));
        }
        // 6. map what is new or different (read-only flag included), or whose device was re-opened
        for (String g : groupsInPlace) {
            Map<Integer, Lun> om = luns(o, g);
            for (Map.Entry<Integer, Lun> e : luns(n, g).entrySet()) {
                Lun l = e.getValue();
                if (!l.equals(om.get(e.getKey())) || gone.contains(l.device())) {
                    out.add(new MapLun(g, e.getKey(), l.device(), l.readOnly()));
                }
            }
        }
        for (String g : newOrder.subList(keep, newOrder.size())) {
            for (Map.Entry<Integer, Lun> e : n.group(g).luns().entrySet()) {
                out.add(new MapLun(g, e.getKey(), e.getValue().device(), e.getValue().readOnly()));
            }
        }
        return List.copyOf(out);
    }

    private static Map<Integer, Lun> luns(Target t, String group) {
        return ScsiTarget.DEFAULT_GROUP.equals(group) ? t.luns() : t.group(group).luns();
    }
}
