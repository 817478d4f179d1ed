package org.scsi4j.core.internal.medium;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.scsi4j.core.MediumRemovalPreventedException;
import org.scsi4j.core.internal.engine.NexusView;
import org.scsi4j.core.spi.device.RemovableMedium;

/**
 * The core's side of one logical unit's removable medium: what it last saw of the device, the
 * PREVENT ALLOW MEDIUM REMOVAL state of every I_T nexus (SPC-4; MMC-6 adds the persistent
 * prevent) and the media events each nexus has yet to read with GET EVENT STATUS NOTIFICATION
 * (MMC-6, media event class).
 *
 * <p>Thread-safe. {@link #poll()} and {@link #present()} are on the dispatch path of every command
 * and cost one or two volatile reads when nothing changed; everything else is rare and
 * synchronized. A unit without a removable device ({@link #fixed}) always has its medium.
 *
 * <p>Prevent state ends for one nexus with {@link #nexusLost} (logout, I_T NEXUS RESET) and for
 * all with {@link #reset} (LOGICAL UNIT RESET, hard reset), as SPC-4 asks; the engine calls them.
 */
public final class MediumState implements RemovableMedium.Guard {
    /** Media event codes (MMC-6, media event descriptor). */
    public static final int EVENT_NO_CHANGE = 0;
    public static final int EVENT_EJECT_REQUEST = 1;
    public static final int EVENT_NEW_MEDIA = 2;
    public static final int EVENT_MEDIA_REMOVAL = 3;

    private final String unitName;
    private final RemovableMedium device;
    private volatile long seenGeneration;
    // guarded by this
    private boolean present;
    private long eventSequence;
    private int lastEvent = EVENT_NO_CHANGE;
    private final Map<NexusView, PerNexus> nexuses = new IdentityHashMap<>();

    /** What one I_T nexus has done to the medium. */
    private static final class PerNexus {
        boolean prevent;
        boolean persistentPrevent;
        long eventsSeen;
    }

    private MediumState(String unitName, RemovableMedium device) {
        this.unitName = unitName;
        this.device = device;
        if (device != null) {
            this.seenGeneration = device.mediumGeneration();
            this.present = device.isMediumPresent();
        } else {
            this.present = true;
        }
    }

    /** The state of a unit whose device implements {@link RemovableMedium}; attaches itself as its guard. */
    public static MediumState of(String unitName, RemovableMedium device) {
        MediumState s = new MediumState(unitName, java.util.Objects.requireNonNull(device, "device"));
        device.attach(s);
        return s;
    }

    /** A medium that cannot be removed (a CD/DVD unit over a plain block device). */
    public static MediumState fixed(String unitName) {
        return new MediumState(unitName, null);
    }

    /** Whether the medium can be ejected at all. */
    public boolean isRemovable() {
        return device != null;
    }

    /** Whether the medium is present now (live from the device). Any thread. */
    public boolean present() {
        return device == null || device.isMediumPresent();
    }

    /** Whether the tray is open now (live from the device). Any thread. */
    public boolean trayOpen() {
        return device != null && device.isTrayOpen();
    }

    /**
     * Notices a medium change since the last call. Called at every command's dispatch.
     *
     * @return true when a medium is present after a change (inserted, loaded or swapped): the
     *         caller then posts NOT READY TO READY CHANGE, MEDIUM MAY HAVE CHANGED to every nexus.
     *         A removal returns false: the next media access answers NOT READY instead.
     */
    public boolean poll() {
        if (device == null || device.mediumGeneration() == seenGeneration) {
            return false;
        }
        synchronized (this) {
            long g = device.mediumGeneration();
            if (g == seenGeneration) {
                return false;
            }
            seenGeneration = g;
            boolean was = present;
            present = device.isMediumPresent();
            if (present) {
                event(EVENT_NEW_MEDIA);
                return true;
            }
            if (was) {
                event(EVENT_MEDIA_REMOVAL);
            }
            return false;
        }
    }

    private void event(int code) {
        eventSequence++;
        lastEvent = code;
    }

    // ---------------------------------------------------------------- events

    /**
     * The media event this nexus has not yet been told about (the latest one, when several
     * happened since it last asked), or {@link #EVENT_NO_CHANGE}. With {@code consume} it is then
     * reported, for this nexus only (polled GET EVENT STATUS NOTIFICATION, MMC-6: an event is
     * cleared once reported; an answer cut short before the event descriptor reports nothing).
     */
    public synchronized int mediaEvent(NexusView nexus, boolean consume) {
        PerNexus p = entry(nexus);
        int code = p.eventsSeen < eventSequence ? lastEvent : EVENT_NO_CHANGE;
        if (consume) {
            p.eventsSeen = eventSequence;
        }
        return code;
    }

    @Override
    public synchronized void requestRemoval() {
        event(EVENT_EJECT_REQUEST);
    }

    // ---------------------------------------------------------------- prevent / allow

    /**
     * PREVENT ALLOW MEDIUM REMOVAL from {@code nexus}: MMC-6 table "Actions for
     * Lock/Unlock/Eject". With {@code persistent} the PREVENT bit sets or clears the persistent
     * prevent; without, the plain prevent. Either blocks removal while set.
     */
    public synchronized void preventAllow(NexusView nexus, boolean prevent, boolean persistent) {
        PerNexus p = entry(nexus);
        if (persistent) {
            p.persistentPrevent = prevent;
        } else {
            p.prevent = prevent;
        }
    }

    /** Whether any nexus prevents removal. */
    public synchronized boolean removalPrevented() {
        for (PerNexus p : nexuses.values()) {
            if (p.prevent || p.persistentPrevent) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized String removalPreventedBy() {
        List<String> who = new ArrayList<>();
        for (Map.Entry<NexusView, PerNexus> e : nexuses.entrySet()) {
            if (e.getValue().prevent || e.getValue().persistentPrevent) {
                who.add(e.getKey().initiator().portName());
            }
        }
        if (who.isEmpty()) {
            return null;
        }
        who.sort(null);
        return "initiator" + (who.size() > 1 ? "s " : " ") + String.join(", ", who);
    }

    // ---------------------------------------------------------------- eject / load

    /**
     * START STOP UNIT with LOEJ=1, START=0 (SBC-3 §5.25, MMC-6 START STOP UNIT): opens the tray
     * unless a nexus prevents removal. Owner thread of the task.
     *
     * @return false when removal is prevented (the caller answers MEDIUM REMOVAL PREVENTED)
     */
    public synchronized boolean ejectIfAllowed() {
        if (device == null || removalPrevented()) {
            return false;
        }
        device.eject();
        return true;
    }

    /** START STOP UNIT with LOEJ=1, START=1: closes the tray, loading what is in it. */
    public void load() {
        if (device != null) {
            device.load();
        }
    }

    /**
     * START STOP UNIT with LOEJ=1, START=1 on a removable disk: loads the medium unless a nexus
     * prevents removal (SBC-3 §5.25 with PREVENT ALLOW MEDIUM REMOVAL: while prevented, LOEJ
     * moves nothing, as tgt does and libiscsi's PreventAllow.Eject expects).
     *
     * @return false when removal is prevented (the caller answers MEDIUM REMOVAL PREVENTED)
     */
    public synchronized boolean loadIfAllowed() {
        if (device == null || removalPrevented()) {
            return false;
        }
        device.load();
        return true;
    }

    /**
     * The host's load (an operator pushing the medium back in): no initiator's prevent stops it.
     *
     * @throws IllegalStateException when the medium cannot be removed at all
     */
    public synchronized void hostLoad() {
        if (device == null) {
            throw new IllegalStateException("logical unit " + unitName + " has no removable medium");
        }
        device.load();
    }

    /**
     * The host's eject (an operator pressing the button): opens the tray. While an initiator
     * prevents removal and {@code force} is false, the initiators get an EJECT REQUEST event and
     * the call fails, naming who prevents it.
     *
     * @throws MediumRemovalPreventedException when prevented and not forced
     * @throws IllegalStateException when the medium cannot be removed at all
     */
    public synchronized void hostEject(boolean force) {
        if (device == null) {
            throw new IllegalStateException("logical unit " + unitName + " has no removable medium");
        }
        String who = removalPreventedBy();
        if (who != null && !force) {
            requestRemoval();
            throw new MediumRemovalPreventedException("logical unit " + unitName
                    + ": medium removal is prevented by " + who + " (PREVENT ALLOW MEDIUM REMOVAL);"
                    + " they were sent an eject request; force the eject to override");
        }
        device.eject();
    }

    // ---------------------------------------------------------------- life cycle

    /** The I_T nexus is gone (logout, connection loss, I_T NEXUS RESET): its prevent ends. */
    public synchronized void nexusLost(NexusView nexus) {
        nexuses.remove(nexus);
    }

    /** LOGICAL UNIT RESET or a hard reset: every prevent ends (SPC-4 PREVENT ALLOW MEDIUM REMOVAL). */
    public synchronized void reset() {
        for (PerNexus p : nexuses.values()) {
            p.prevent = false;
            p.persistentPrevent = false;
        }
    }

    private PerNexus entry(NexusView nexus) {
        return nexuses.computeIfAbsent(nexus, k -> new PerNexus());
    }

    @Override
    public String toString() {
        return "MediumState[" + unitName + (device == null ? ", fixed" : present() ? ", present" : ", absent") + "]";
    }
}
