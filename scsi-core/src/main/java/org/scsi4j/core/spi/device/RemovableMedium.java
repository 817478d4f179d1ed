package org.scsi4j.core.spi.device;

/**
 * Optional second face of a {@link BlockDevice} or {@link BlockingBlockDevice} whose medium can be
 * inserted, ejected and swapped (a CD/DVD drive, a virtual-media slot, a removable disk). The core
 * checks {@code instanceof RemovableMedium} when the logical unit is created; a device without it
 * has a medium that is always there.
 *
 * <p>The device owns the medium state; the core only watches it. The core reads
 * {@link #isMediumPresent()} and {@link #mediumGeneration()} at every command's dispatch and, when
 * the generation moved, raises the unit attention MEDIUM MAY HAVE CHANGED on every I_T nexus and
 * a media event for GET EVENT STATUS NOTIFICATION. So a device that swaps its medium needs no
 * notification call: it changes its state, then bumps the generation.
 *
 * <p>While the medium is not present the {@link BlockDevice#geometry()} may report any block
 * count (0 is usual) and reads may fail with {@link IoStatus#MEDIUM_NOT_PRESENT}.
 *
 * <p><b>Threading.</b>
 * <ul>
 *   <li>{@link #isMediumPresent()}, {@link #isTrayOpen()} and {@link #mediumGeneration()}: any
 *       thread, often (every command); return volatile state, never block.</li>
 *   <li>{@link #eject()} and {@link #load()}: called by the core on the thread that owns the
 *       task (START STOP UNIT with LOEJ), or on the host's thread (through
 *       {@code ScsiTarget.ejectMedium}), after the core checked the initiators' prevent state.
 *       They must not block for I/O: flip the state and return.</li>
 *   <li>{@link #attach(Guard)}: once, from the thread that maps the logical unit, before any
 *       command reaches the device.</li>
 * </ul>
 * Only JDK types cross this interface.
 */
public interface RemovableMedium {

    /** Whether a medium is loaded and readable now (tray closed, disc in). */
    boolean isMediumPresent();

    /**
     * A counter the device increments after every change of the medium: inserted, ejected,
     * loaded, replaced. Its value means nothing; only a change does.
     */
    long mediumGeneration();

    /**
     * Whether the tray (door) is open, for the sense data MEDIUM NOT PRESENT - TRAY OPEN versus
     * TRAY CLOSED and the media status of GET EVENT STATUS NOTIFICATION. Devices without a tray
     * answer false.
     */
    default boolean isTrayOpen() {
        return false;
    }

    /**
     * Opens the tray (the medium, if any, stays in it but is no longer readable). Called only
     * when no initiator prevents removal, or when the host forces it. Idempotent.
     */
    void eject();

    /**
     * Closes the tray, loading whatever medium is in it (possibly none). Idempotent.
     */
    void load();

    /**
     * Hands the device the core's view of the initiators' PREVENT ALLOW MEDIUM REMOVAL state, so
     * that the device's own host-facing calls (inserting a new image, say) can respect it.
     * The default ignores it. A device serves one logical unit: a second unit over the same
     * device would replace the first one's guard.
     */
    default void attach(Guard guard) {
    }

    /**
     * What the core tells a removable-medium device about the initiators. Thread-safe; any thread.
     */
    interface Guard {

        /**
         * Null while medium removal is allowed; otherwise a short description of who prevents
         * it (the initiator port names), for the host's error message.
         */
        String removalPreventedBy();

        /**
         * Tells the initiators that someone asked for the medium (GET EVENT STATUS NOTIFICATION
         * reports an EJECT REQUEST media event, as a locked drive does when its button is
         * pressed); an initiator that agrees allows removal and ejects.
         */
        void requestRemoval();
    }
}
