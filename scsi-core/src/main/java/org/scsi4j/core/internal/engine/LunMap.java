package org.scsi4j.core.internal.engine;

import java.util.Arrays;

/**
 * An immutable snapshot of LUN number to logical unit (and its read-only flag). Replaced as a
 * whole when units are added or removed, so owner threads read it without locks.
 */
final class LunMap {
    static final LunMap EMPTY = new LunMap(new int[0], new LogicalUnit[0], new boolean[0]);

    private final int[] luns;
    private final LogicalUnit[] units;
    private final boolean[] readOnly;

    private LunMap(int[] luns, LogicalUnit[] units, boolean[] readOnly) {
        this.luns = luns;
        this.units = units;
        this.readOnly = readOnly;
    }

    private int index(int lun) {
        return Arrays.binarySearch(luns, lun);
    }

    LogicalUnit get(int lun) {
        int i = index(lun);
        return i >= 0 ? units[i] : null;
    }

    boolean isReadOnly(int lun) {
        int i = index(lun);
        return i >= 0 && readOnly[i];
    }

    int[] luns() {
        return luns.clone();
    }

    LogicalUnit[] units() {
        return units.clone();
    }

    /** Whether {@code unit} is mapped read-only at any LUN of this map. */
    boolean isReadOnly(LogicalUnit unit) {
        for (int i = 0; i < units.length; i++) {
            if (units[i] == unit && readOnly[i]) {
                return true;
            }
        }
        return false;
    }

    boolean contains(LogicalUnit unit) {
        for (LogicalUnit u : units) {
            if (u == unit) {
                return true;
            }
        }
        return false;
    }

    /** Same LUN numbers, units and read-only flags. */
    boolean sameAs(LunMap o) {
        return Arrays.equals(luns, o.luns) && Arrays.equals(units, o.units) && Arrays.equals(readOnly, o.readOnly);
    }

    int size() {
        return luns.length;
    }

    LunMap with(int lun, LogicalUnit unit, boolean ro) {
        if (index(lun) >= 0) {
            throw new IllegalArgumentException("LUN " + lun + " is already mapped");
        }
        int n = luns.length;
        int[] l = Arrays.copyOf(luns, n + 1);
        LogicalUnit[] u = Arrays.copyOf(units, n + 1);
        boolean[] r = Arrays.copyOf(readOnly, n + 1);
        int pos = -index(lun) - 1;
        System.arraycopy(luns, pos, l, pos + 1, n - pos);
        System.arraycopy(units, pos, u, pos + 1, n - pos);
        System.arraycopy(readOnly, pos, r, pos + 1, n - pos);
        l[pos] = lun;
        u[pos] = unit;
        r[pos] = ro;
        return new LunMap(l, u, r);
    }

    LunMap without(int lun) {
        int i = index(lun);
        if (i < 0) {
            throw new IllegalArgumentException("LUN " + lun + " is not mapped");
        }
        int n = luns.length;
        int[] l = new int[n - 1];
        LogicalUnit[] u = new LogicalUnit[n - 1];
        boolean[] r = new boolean[n - 1];
        System.arraycopy(luns, 0, l, 0, i);
        System.arraycopy(units, 0, u, 0, i);
        System.arraycopy(readOnly, 0, r, 0, i);
        System.arraycopy(luns, i + 1, l, i, n - i - 1);
        System.arraycopy(units, i + 1, u, i, n - i - 1);
        System.arraycopy(readOnly, i + 1, r, i, n - i - 1);
        return new LunMap(l, u, r);
    }
}
