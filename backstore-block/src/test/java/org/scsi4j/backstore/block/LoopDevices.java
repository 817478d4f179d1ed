package org.scsi4j.backstore.block;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real loop devices over sparse files, for one test: {@link #attach} them, {@link #mount} them,
 * and {@link #close()} unmounts, detaches and deletes everything, also after a failure.
 *
 * <p>Where loop devices cannot be made (not Linux, not root, no {@code /dev/loop-control}, no
 * {@code losetup}), {@link #createOrSkip()} skips the test with the reason, or fails with it when
 * {@code -Dscsi4j.interop=true} (the interop profile) demands them.
 */
final class LoopDevices implements AutoCloseable {

    record Loop(Path device, Path file) {
        String name() {
            return device.getFileName().toString();
        }
    }

    private static final boolean REQUIRED = Boolean.getBoolean("scsi4j.interop");
    private static String unavailable; // why loop devices cannot be used here, probed once

    private final Path dir;
    private final List<Loop> loops = new ArrayList<>();
    private final List<Path> mounts = new ArrayList<>();

    private LoopDevices(Path dir) {
        this.dir = dir;
    }

    static LoopDevices createOrSkip() throws IOException {
        String why = probe();
        if (why != null) {
            String message = "loop devices unavailable: " + why;
            System.out.println("[backstore-block] " + message);
            if (REQUIRED) {
                fail(message + " (-Dscsi4j.interop=true requires them: Linux, root, util-linux's losetup)");
            }
            Assumptions.abort(message + "; run with -Dscsi4j.interop=true to make this a failure");
        }
        Path base = Files.isDirectory(Path.of("/var/tmp")) ? Path.of("/var/tmp") : Path.of(System.getProperty("java.io.tmpdir"));
        return new LoopDevices(Files.createTempDirectory(base, "scsi4j-block"));
    }

    private static synchronized String probe() {
        if (unavailable == null) {
            unavailable = reasonUnavailable();
        }
        return unavailable.isEmpty() ? null : unavailable;
    }

    private static String reasonUnavailable() {
        if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
            return "not Linux (" + System.getProperty("os.name") + ")";
        }
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            return "no /dev/loop-control (loop module not loaded, or a container without it)";
        }
        if (!Files.isWritable(Path.of("/dev/loop-control"))) {
            return "/dev/loop-control is not writable by " + System.getProperty("user.name") + " (needs root)";
        }
        try {
            run("losetup", "--version");
        } catch (IOException e) {
            return "losetup cannot run (install util-linux): " + e.getMessage();
        }
        try (LoopDevices probe = new LoopDevices(Files.createTempDirectory("scsi4j-loop-probe"))) {
            probe.attach(1 << 20, 512);
        } catch (IOException e) {
            return "losetup cannot attach a loop device: " + e.getMessage();
        }
        return "";
    }

    /** Attaches a new sparse file of {@code sizeBytes} with {@code sectorSize}-byte logical blocks. */
    Loop attach(long sizeBytes, int sectorSize, String... extraOptions) throws IOException {
        Path file = Files.createTempFile(dir, "loop", ".img");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(sizeBytes);
        }
        List<String> command = new ArrayList<>(List.of("losetup", "-f", "--show", "--sector-size", String.valueOf(sectorSize)));
        command.addAll(List.of(extraOptions));
        command.add(file.toString());
        try {
            Loop loop = new Loop(Path.of(run(command.toArray(String[]::new)).trim()), file);
            loops.add(loop);
            return loop;
        } catch (IOException e) {
            Files.delete(file);
            throw e;
        }
    }

    /** Makes an ext4 file system on {@code loop} and mounts it on a new directory, or returns null when mkfs.ext4/mount are missing. */
    Path mountExt4(Loop loop) throws IOException {
        try {
            run("mkfs.ext4", "-V");
            run("mount", "--version");
        } catch (IOException e) {
            return null;
        }
        run("mkfs.ext4", "-q", "-F", loop.device().toString());
        Path mountPoint = Files.createTempDirectory(dir, "mnt");
        run("mount", loop.device().toString(), mountPoint.toString());
        mounts.add(mountPoint);
        return mountPoint;
    }

    void unmount(Path mountPoint) throws IOException {
        run("umount", mountPoint.toString());
        mounts.remove(mountPoint);
    }

    /** Shrinks the backing file and tells the loop device to re-read its size. */
    void shrink(Loop loop, long newSize) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(loop.file().toFile(), "rw")) {
            raf.setLength(newSize);
        }
        run("losetup", "-c", loop.device().toString());
    }

    static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + output.trim());
        }
        return output;
    }

    /** Unmounts, detaches and deletes in reverse order; reports the first failure after trying everything. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Path m : List.copyOf(mounts)) {
            try {
                unmount(m);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        for (Loop loop : loops) {
            try {
                run("losetup", "-d", loop.device().toString());
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        loops.clear();
        if (mounts.isEmpty()) { // never walk into a file system still mounted below dir
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
