package org.scsi4j.examples.config;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.scsi4j.examples.DiskOption;
import org.scsi4j.examples.TargetOptions;
import org.scsi4j.examples.config.TargetConfig.Chap;
import org.scsi4j.examples.config.TargetConfig.Device;
import org.scsi4j.examples.config.TargetConfig.Group;
import org.scsi4j.examples.config.TargetConfig.Kind;
import org.scsi4j.examples.config.TargetConfig.Lun;
import org.scsi4j.examples.config.TargetConfig.Target;

/**
 * The example target's {@code --config FILE} and {@code --write-config FILE}: what
 * {@link org.scsi4j.examples.ExampleTarget#main} hands over to this package.
 */
public final class ConfigLauncher {
    /** How long the file must stay quiet after an edit before it is re-applied. */
    public static final Duration DEBOUNCE = Duration.ofMillis(500);

    private ConfigLauncher() {
    }

    /**
     * Serves what {@code o.config()} declares until the JVM shuts down (Ctrl-C), re-applying the
     * file live when it is edited; writes the effective configuration to {@code o.writeConfig()}
     * first when given.
     *
     * @return 0 after a clean shutdown, 2 for a bad file, 1 when it cannot start
     */
    public static int serve(TargetOptions o, PrintStream out, PrintStream err) {
        TargetConfig config;
        try {
            config = ConfigParser.parse(o.config());
        } catch (ConfigException e) {
            err.println("scsi4j-target: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("scsi4j-target: cannot read " + o.config() + ": " + e);
            return 1;
        }
        ConfiguredTarget running;
        try {
            running = ConfiguredTarget.start(config);
        } catch (IOException | RuntimeException e) {
            err.println("scsi4j-target: cannot start: " + e.getMessage());
            return 1;
        }
        try {
            if (o.writeConfig() != null) {
                running.writeEffectiveConfig(o.writeConfig());
            }
            running.watch(o.config(), DEBOUNCE, null);
        } catch (IOException | RuntimeException e) {
            err.println("scsi4j-target: " + e.getMessage());
            running.close();
            return 1;
        }
        running.urls().forEach(out::println);
        for (Target t : running.config().targets()) {
            for (Group g : t.groups()) {
                out.println(t.iqn() + ": group " + g.name() + " " + g.initiators() + " sees " + describe(g.luns()));
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "scsi4j-example-shutdown"));
        out.println("re-applying " + o.config() + " live when it changes");
        out.println("serving; Ctrl-C to stop");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * {@code --write-config} without {@code --config}: writes what the options describe.
     *
     * @param disks the units the target serves (the options' disks, or the default temporary one)
     * @return false after printing why the file could not be written
     */
    public static boolean writeEffective(TargetOptions o, List<DiskOption> disks, PrintStream err) {
        try {
            ConfigWriter.write(fromOptions(o, disks), o.writeConfig());
            return true;
        } catch (IOException | RuntimeException e) {
            err.println("scsi4j-target: cannot write " + o.writeConfig() + ": " + e);
            return false;
        }
    }

    /**
     * The configuration the command-line options describe: one target, the disks as devices named
     * as {@code ExampleTarget} names its units (so the units keep their identity when the target is
     * then started from the file), mapped for every initiator at LUN 0, 1, … in order.
     */
    public static TargetConfig fromOptions(TargetOptions o, List<DiskOption> disks) {
        Map<String, Device> devices = new LinkedHashMap<>();
        Map<Integer, Lun> luns = new LinkedHashMap<>();
        int lun = 0;
        for (DiskOption d : disks) {
            Device device;
            switch (d.kind()) {
                case FILE:
                    device = new Device(Path.of(d.path()).getFileName().toString(), Kind.FILE, d.path(), d.sizeBytes(),
                            d.blockSize(), d.readOnly(), d.direct());
                    break;
                case RAM:
                    device = new Device("ram" + lun, Kind.RAM, null, d.sizeBytes(), d.blockSize(), false, false);
                    break;
                case NULL:
                    device = new Device("null" + lun, Kind.NULL, null, d.sizeBytes(), d.blockSize(), false, false);
                    break;
                case BLOCK:
                    device = new Device(Path.of(d.path()).getFileName().toString(), Kind.BLOCK, d.path(), 0, 0,
                            d.readOnly(), d.direct());
                    break;
                case PASSTHROUGH:
                    device = new Device("passthrough" + lun, Kind.PASSTHROUGH, d.path(), 0, 0, false, false);
                    break;
                case TAPE:
                    device = new Device(Path.of(d.path()).getFileName().toString(), Kind.TAPE, d.path(), d.sizeBytes(), 0,
                            d.readOnly(), false);
                    break;
                case ISO:
                default:
                    device = new Device("cd" + lun, Kind.ISO, d.path(), 0, 2048, false, false);
                    break;
            }
            devices.put(device.name(), device);
            luns.put(lun++, new Lun(device.name(), d.mapReadOnly()));
        }
        Chap chap = o.chapUser() == null ? null : new Chap(o.chapUser(), o.chapSecret());
        Chap mutual = o.mutualUser() == null ? null : new Chap(o.mutualUser(), o.mutualSecret());
        Target target = new Target(o.iqn(), null, chap, mutual, devices, luns, List.of());
        return new TargetConfig(o.listen(), null, null, null, List.of(target));
    }

    static String describe(Map<Integer, Lun> luns) {
        StringBuilder b = new StringBuilder();
        luns.forEach((lun, l) -> b.append(b.length() == 0 ? "" : ", ").append("LUN ").append(lun).append(" = ")
                .append(l.device()).append(l.readOnly() ? " (read-only)" : ""));
        return b.length() == 0 ? "no LUN" : b.toString();
    }
}
