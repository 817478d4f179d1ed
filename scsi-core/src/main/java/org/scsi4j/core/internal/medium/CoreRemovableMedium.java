package org.scsi4j.core.internal.medium;

import org.scsi4j.core.spi.device.RemovableMedium;

/**
 * The removable medium of a unit whose device does not implement {@link RemovableMedium} but whose
 * spec asked for one ({@code LogicalUnitSpec.withRemovableMedium(true)}): the core keeps the state.
 * The medium is the device itself, so ejecting only hides it (NOT READY, MEDIUM NOT PRESENT) and
 * loading shows the same data again; the device never learns about either.
 *
 * <p>Thread-safe: any thread may read; {@link #eject()} and {@link #load()} come from the
 * {@link MediumState} (under its lock) or the host's thread. There is no tray: an ejected medium
 * reads as an open tray, so a CD/DVD unit built this way reports MEDIUM NOT PRESENT - TRAY OPEN.
 */
public final class CoreRemovableMedium implements RemovableMedium {
    private volatile boolean present = true;
    private volatile long generation;

    @Override
    public boolean isMediumPresent() {
        return present;
    }

    @Override
    public long mediumGeneration() {
        return generation;
    }

    @Override
    public boolean isTrayOpen() {
        return !present;
    }

    @Override
    public synchronized void eject() {
        if (present) {
            present = false;
            generation++;
        }
    }

    @Override
    public synchronized void load() {
        if (!present) {
            present = true;
            generation++;
        }
    }

    @Override
    public String toString() {
        return "CoreRemovableMedium[" + (present ? "present" : "ejected") + "]";
    }
}
