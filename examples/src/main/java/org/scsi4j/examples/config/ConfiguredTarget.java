package org.scsi4j.examples.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.scsi4j.backstore.vcdrom.VirtualCdrom;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.examples.config.ConfigDiff.AddDevice;
import org.scsi4j.examples.config.ConfigDiff.ChangeMedium;
import org.scsi4j.examples.config.ConfigDiff.DefineGroup;
import org.scsi4j.examples.config.ConfigDiff.MapLun;
import org.scsi4j.examples.config.ConfigDiff.RemoveDevice;
import org.scsi4j.examples.config.ConfigDiff.RemoveGroup;
import org.scsi4j.examples.config.ConfigDiff.Step;
import org.scsi4j.examples.config.ConfigDiff.UnmapLun;
import org.scsi4j.examples.config.TargetConfig.Chap;
import org.scsi4j.examples.config.TargetConfig.Device;
import org.scsi4j.examples.config.TargetConfig.Group;
import org.scsi4j.examples.config.TargetConfig.Target;
import org.scsi4j.iscsi.ChapCredentials;
import org.scsi4j.iscsi.ExportedTarget;
import org.scsi4j.iscsi.IscsiServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The targets and the iSCSI server a {@link TargetConfig} describes, running: one
 * {@link ScsiTarget} per target node (named by its IQN, so unit identities stay what the flags
 * give), exported by one {@link IscsiServer}.
 *
 * <p>{@link #apply} re-applies an edited configuration live through the {@link ScsiTarget} API
 * (see {@link ConfigDiff} for what is live and what needs a restart); sessions stay logged in and
 * get the unit attentions the core raises (REPORTED LUNS DATA HAS CHANGED, …). {@link #watch}
 * does that whenever the file changes. Thread-safe; {@link #close()} stops the watcher, then the
 * server, then the targets.
 */
public final class ConfiguredTarget implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredTarget.class);

    private final Map<String, ScsiTarget> targets;
    /** Virtual CD-ROM drives by target IQN, then device name: media change is live. Guarded by this. */
    private final Map<String, Map<String, VirtualCdrom>> drives;
    private final IscsiServer server;
    private TargetConfig config;
    private Path writeBack;
    private volatile ConfigWatcher watcher;
    private boolean closed;

    private ConfiguredTarget(Map<String, ScsiTarget> targets, Map<String, Map<String, VirtualCdrom>> drives,
            IscsiServer server, TargetConfig config) {
        this.targets = targets;
        this.drives = drives;
        this.server = server;
        this.config = config;
    }

    /**
     * Opens every device, builds the targets and starts the server; nothing is left running when
     * it fails.
     *
     * @throws IOException naming the target and device when a file or image cannot be opened
     */
    public static ConfiguredTarget start(TargetConfig config) throws IOException {
        Map<String, ScsiTarget> targets = new LinkedHashMap<>();
        Map<String, Map<String, VirtualCdrom>> drives = new HashMap<>();
        try {
            IscsiServer.Builder sb = IscsiServer.builder();
            for (String p : config.portals()) {
                sb.portal(Portals.bindAddress(p));
            }
            if (config.discoveryChap() != null) {
                sb.discoveryChap(credentials(config.discoveryChap()));
                if (config.discoveryMutualChap() != null) {
                    sb.discoveryMutualChap(credentials(config.discoveryMutualChap()));
                }
            }
            for (Target t : config.targets()) {
                Map<String, VirtualCdrom> d = new HashMap<>();
                ScsiTarget st = build(t, config.persistenceDirectory(), d);
                targets.put(t.iqn(), st);
                drives.put(t.iqn(), d);
                ExportedTarget.Builder eb = ExportedTarget.builder(t.iqn(), st).alias(t.alias());
                if (t.chap() != null) {
                    eb.chap(credentials(t.chap()));
                    if (t.mutualChap() != null) {
                        eb.mutualChap(credentials(t.mutualChap()));
                    }
                }
                sb.target(eb.build());
            }
            IscsiServer server = sb.build().start();
            return new ConfiguredTarget(targets, drives, server, config);
        } catch (IOException | RuntimeException e) {
            targets.values().forEach(ScsiTarget::close);
            throw e;
        }
    }

    private static ScsiTarget build(Target t, String persistence, Map<String, VirtualCdrom> drives) throws IOException {
        List<LogicalUnitSpec> specs = new ArrayList<>();
        for (Device d : t.devices().values()) {
            try {
                specs.add(Devices.open(d, t.iqn()));
            } catch (IOException | RuntimeException e) {
                specs.forEach(Devices::close);
                throw new IOException("target " + t.iqn() + ": device " + d.name() + ": " + e.getMessage(), e);
            }
        }
        ScsiTarget.Builder b = ScsiTarget.builder(t.iqn());
        if (persistence != null) {
            b.persistenceDirectory(Path.of(persistence));
        }
        for (LogicalUnitSpec spec : specs) {
            b.unit(spec);
            if (Devices.drive(spec) != null) {
                drives.put(spec.name(), Devices.drive(spec));
            }
        }
        for (Group g : t.groups()) {
            b.initiatorGroup(g.name(), g.initiators().toArray(new String[0]));
        }
        for (Group g : t.groups()) {
            g.luns().forEach((lun, l) -> b.map(g.name(), lun, l.device(), l.readOnly()));
        }
        t.luns().forEach((lun, l) -> b.map(ScsiTarget.DEFAULT_GROUP, lun, l.device(), l.readOnly()));
        return b.build();
    }

    private static ChapCredentials credentials(Chap c) {
        return ChapCredentials.of(c.user(), c.secret());
    }

    /** The configuration running now (the edits that need a restart are not in it). */
    public synchronized TargetConfig config() {
        return config;
    }

    /** The SCSI target behind {@code iqn}, or null. */
    public ScsiTarget scsiTarget(String iqn) {
        return targets.get(iqn);
    }

    public IscsiServer server() {
        return server;
    }

    /** The {@code iscsi://} URL of every LUN of every target's default group, on every portal. */
    public List<String> urls() {
        List<String> urls = new ArrayList<>();
        for (InetSocketAddress a : server.boundAddresses()) {
            String host = a.getHostString().indexOf(':') >= 0 ? "[" + a.getHostString() + "]" : a.getHostString();
            for (Map.Entry<String, ScsiTarget> t : targets.entrySet()) {
                for (int lun : t.getValue().luns()) {
                    urls.add("iscsi://" + host + ":" + a.getPort() + "/" + t.getKey() + "/" + lun);
                }
            }
        }
        return urls;
    }

    /**
     * Writes the running configuration to {@code file} now, and again after every re-apply that
     * changed something.
     */
    public synchronized void writeEffectiveConfig(Path file) throws IOException {
        ConfigWriter.write(config, file);
        writeBack = file;
        LOG.info("effective configuration written to {}", file);
    }

    /**
     * Re-applies {@code edited} live: devices, groups and LUN maps of the running targets change in
     * place; what needs a restart is reported and left as it was. Each line of the result is logged.
     */
    public synchronized ApplyResult apply(TargetConfig edited) {
        if (closed) {
            throw new IllegalStateException("the configured target is closed");
        }
        ConfigDiff diff = ConfigDiff.between(config, edited);
        List<String> applied = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<Target> effective = new ArrayList<>(diff.effective().targets());
        for (int i = 0; i < effective.size(); i++) {
            Target now = effective.get(i);
            List<Step> steps = diff.steps().getOrDefault(now.iqn(), List.of());
            if (!steps.isEmpty()) {
                effective.set(i, applyTarget(config.target(now.iqn()), now, steps, applied, failed));
            }
        }
        TargetConfig eff = new TargetConfig(config.portals(), config.discoveryChap(), config.discoveryMutualChap(),
                config.persistenceDirectory(), effective);
        ApplyResult result = new ApplyResult(applied, diff.needsRestart(), failed, eff);
        applied.forEach(line -> LOG.info("configuration: {}", line));
        result.needsRestart().forEach(line -> LOG.warn("configuration: {}", line));
        failed.forEach(line -> LOG.error("configuration: {}", line));
        boolean changed = !eff.equals(config);
        config = eff;
        if (changed && writeBack != null) {
            try {
                ConfigWriter.write(config, writeBack);
            } catch (IOException e) {
                LOG.error("configuration: cannot rewrite {}: {}", writeBack, e.toString());
            }
        }
        return result;
    }

    /**
     * One target's steps. Every device to add is opened first: if one cannot be, nothing of this
     * target changes. Returns the target as it now runs.
     */
    private Target applyTarget(Target old, Target wanted, List<Step> steps, List<String> applied, List<String> failed) {
        String iqn = wanted.iqn();
        ScsiTarget target = targets.get(iqn);
        Map<String, LogicalUnitSpec> opened = new LinkedHashMap<>();
        for (Step s : steps) {
            if (s instanceof AddDevice) {
                Device d = ((AddDevice) s).device();
                try {
                    opened.put(d.name(), Devices.open(d, iqn));
                } catch (IOException | RuntimeException e) {
                    opened.values().forEach(Devices::close);
                    failed.add("target " + iqn + ": device " + d.name() + " cannot be opened (" + e.getMessage()
                            + "); none of this target's changes applied");
                    return old;
                }
            }
        }
        Map<String, VirtualCdrom> targetDrives = drives.get(iqn);
        Target result = wanted;
        for (Step s : steps) {
            try {
                if (s instanceof UnmapLun) {
                    UnmapLun u = (UnmapLun) s;
                    target.unmap(u.group(), u.lun());
                } else if (s instanceof RemoveGroup) {
                    target.removeInitiatorGroup(((RemoveGroup) s).group());
                } else if (s instanceof RemoveDevice) {
                    String name = ((RemoveDevice) s).device();
                    target.removeUnit(name);
                    targetDrives.remove(name);
                } else if (s instanceof AddDevice) {
                    LogicalUnitSpec spec = opened.remove(((AddDevice) s).device().name());
                    target.addUnit(spec);
                    if (Devices.drive(spec) != null) {
                        targetDrives.put(spec.name(), Devices.drive(spec));
                    }
                } else if (s instanceof ChangeMedium) {
                    ChangeMedium m = (ChangeMedium) s;
                    VirtualCdrom drive = targetDrives.get(m.device());
                    if (m.path() == null) {
                        drive.remove();
                    } else {
                        drive.insert(Path.of(m.path()));
                    }
                } else if (s instanceof DefineGroup) {
                    DefineGroup g = (DefineGroup) s;
                    target.defineInitiatorGroup(g.group(), g.initiators().toArray(new String[0]));
                } else if (s instanceof MapLun) {
                    MapLun m = (MapLun) s;
                    target.map(m.group(), m.lun(), m.device(), m.readOnly());
                }
                applied.add("target " + iqn + ": " + s.describe());
            } catch (IOException | RuntimeException e) {
                failed.add("target " + iqn + ": " + s.describe() + " failed: " + e.getMessage());
                if (s instanceof ChangeMedium) {
                    result = withDevice(result, old.devices().get(((ChangeMedium) s).device()));
                }
            }
        }
        opened.values().forEach(Devices::close);
        return result;
    }

    private static Target withDevice(Target t, Device d) {
        Map<String, Device> devices = new LinkedHashMap<>(t.devices());
        devices.put(d.name(), d);
        return new Target(t.iqn(), t.alias(), t.chap(), t.mutualChap(), devices, t.luns(), t.groups());
    }

    /**
     * Parses {@code file} and {@linkplain #apply applies} it; a file that does not parse changes
     * nothing (the error is logged and returned as the one failure).
     */
    public ApplyResult reload(Path file) {
        TargetConfig edited;
        try {
            edited = ConfigParser.parse(file);
        } catch (IOException | RuntimeException e) {
            String why = e instanceof ConfigException ? e.getMessage() : "cannot read " + file + ": " + e;
            LOG.error("configuration not re-applied, the running one stays: {}", why);
            return new ApplyResult(List.of(), List.of(), List.of(why), config());
        }
        synchronized (this) {
            if (closed) {
                return new ApplyResult(List.of(), List.of(), List.of("closed"), config);
            }
            ApplyResult r = apply(edited);
            if (r.isEmpty()) {
                LOG.info("configuration: {} re-read, nothing changed", file);
            }
            return r;
        }
    }

    /**
     * Re-applies {@code file} whenever it is written (or replaced, as editors save), once it has
     * been quiet for {@code debounce}; {@code listener} (may be null) gets each result. One daemon
     * thread, "scsi4j-config-watcher", stopped by {@link #close()}.
     */
    public synchronized void watch(Path file, Duration debounce, Consumer<ApplyResult> listener) throws IOException {
        if (closed || watcher != null) {
            throw new IllegalStateException(closed ? "closed" : "already watching");
        }
        watcher = ConfigWatcher.start(file, debounce, () -> {
            ApplyResult r = reload(file);
            if (listener != null) {
                listener.accept(r);
            }
        });
        LOG.info("watching {} for changes", file);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        ConfigWatcher w = watcher;
        if (w != null) {
            w.close();
        }
        server.close();
        targets.values().forEach(ScsiTarget::close);
    }
}
