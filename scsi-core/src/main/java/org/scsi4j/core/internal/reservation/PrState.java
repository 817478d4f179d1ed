package org.scsi4j.core.internal.reservation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.scsi4j.core.internal.engine.NexusView;

/**
 * The reservation state of one logical unit at one instant, immutable: the persistent
 * registrations and reservation (SPC-4 §5.13), the SPC-2 reservation holder (SPC-2 §5.5), the
 * PRgeneration counter and the APTPL setting. {@link Reservations} swaps whole snapshots, so the
 * per-command conflict check reads one volatile field and never locks.
 *
 * @param registrations in registration order (READ KEYS lists them so)
 * @param holder        the persistent reservation holder, or null when there is no reservation or
 *                      it is an all registrants type (then every registrant holds it)
 * @param type          the persistent reservation TYPE, 0 for none
 * @param aptpl         PTPL_A: the APTPL bit of the last successful REGISTER, REGISTER AND IGNORE
 *                      EXISTING KEY or REGISTER AND MOVE (SPC-4 §5.13, "Persist through power loss")
 * @param generation    PRgeneration (SPC-4 §6.15.2), 32-bit wrapping, 0 at power on
 * @param spc2Holder    the I_T nexus holding an SPC-2 RESERVE, or null
 * @param version       bumped by every change that must reach the APTPL file
 */
record PrState(List<Registration> registrations, Registration holder, int type, boolean aptpl,
               int generation, NexusView spc2Holder, long version) {

    // PERSISTENT RESERVE OUT TYPE codes (SPC-4 §6.16.3, table "Persistent reservation type codes").
    static final int WRITE_EXCLUSIVE = 0x1;
    static final int EXCLUSIVE_ACCESS = 0x3;
    static final int WRITE_EXCLUSIVE_REGISTRANTS_ONLY = 0x5;
    static final int EXCLUSIVE_ACCESS_REGISTRANTS_ONLY = 0x6;
    static final int WRITE_EXCLUSIVE_ALL_REGISTRANTS = 0x7;
    static final int EXCLUSIVE_ACCESS_ALL_REGISTRANTS = 0x8;

    /** The only SCOPE: LU_SCOPE (0h). */
    static final int LU_SCOPE = 0x0;

    static final PrState EMPTY = new PrState(List.of(), null, 0, false, 0, null, 0);

    PrState {
        registrations = List.copyOf(registrations);
    }

    static boolean validType(int type) {
        return type == WRITE_EXCLUSIVE || type == EXCLUSIVE_ACCESS || type == WRITE_EXCLUSIVE_REGISTRANTS_ONLY
                || type == EXCLUSIVE_ACCESS_REGISTRANTS_ONLY || type == WRITE_EXCLUSIVE_ALL_REGISTRANTS
                || type == EXCLUSIVE_ACCESS_ALL_REGISTRANTS;
    }

    /** Write Exclusive family: reads are shared with everybody. */
    static boolean writeExclusive(int type) {
        return type == WRITE_EXCLUSIVE || type == WRITE_EXCLUSIVE_REGISTRANTS_ONLY
                || type == WRITE_EXCLUSIVE_ALL_REGISTRANTS;
    }

    static boolean registrantsOnly(int type) {
        return type == WRITE_EXCLUSIVE_REGISTRANTS_ONLY || type == EXCLUSIVE_ACCESS_REGISTRANTS_ONLY;
    }

    static boolean allRegistrants(int type) {
        return type == WRITE_EXCLUSIVE_ALL_REGISTRANTS || type == EXCLUSIVE_ACCESS_ALL_REGISTRANTS;
    }

    /** Nothing reserved, nothing registered: the conflict check's fast path. */
    boolean idle() {
        return spc2Holder == null && registrations.isEmpty();
    }

    boolean reserved() {
        return type != 0;
    }

    /**
     * The registration of {@code n}: one naming exactly this I_T nexus if there is one, else one
     * covering it (ALL_TG_PT, or a name-only TransportID); null when the nexus is not registered.
     */
    Registration registrationOf(NexusView n) {
        Registration covering = null;
        for (Registration r : registrations) {
            if (r.isExactly(n.initiator(), n.relativeTargetPortId())) {
                return r;
            }
            if (covering == null && r.covers(n.initiator(), n.relativeTargetPortId())) {
                covering = r;
            }
        }
        return covering;
    }

    /** Whether the registration holds the reservation (SPC-4 §5.13, "Persistent reservation holder"). */
    boolean isHolder(Registration r) {
        return r != null && type != 0 && (allRegistrants(type) || r.equals(holder));
    }

    /**
     * Whether the I_T nexus holds the reservation: its registration for an all registrants type,
     * otherwise the holding registration covers it (a nexus may be covered by more than one
     * registration: its own and one made through a name-only TransportID).
     */
    boolean isHolder(NexusView n) {
        if (type == 0) {
            return false;
        }
        if (allRegistrants(type)) {
            return registrationOf(n) != null;
        }
        return holder != null && holder.covers(n.initiator(), n.relativeTargetPortId());
    }

    /** Selects every open I_T nexus that one of {@code regs} belongs to, except {@code except}. */
    static Predicate<NexusView> coveredBy(List<Registration> regs, NexusView except) {
        List<Registration> copy = List.copyOf(regs);
        return n -> {
            if (n == except) {
                return false;
            }
            for (Registration r : copy) {
                if (r.covers(n.initiator(), n.relativeTargetPortId())) {
                    return true;
                }
            }
            return false;
        };
    }

    // ---------------------------------------------------------------- derived snapshots

    PrState withRegistrations(List<Registration> regs, Registration newHolder, int newType) {
        return new PrState(regs, newHolder, newType, aptpl, generation, spc2Holder, version);
    }

    PrState withReservation(Registration newHolder, int newType) {
        return new PrState(registrations, newHolder, newType, aptpl, generation, spc2Holder, version);
    }

    PrState withAptpl(boolean a) {
        return new PrState(registrations, holder, type, a, generation, spc2Holder, version);
    }

    PrState nextGeneration() {
        return new PrState(registrations, holder, type, aptpl, generation + 1, spc2Holder, version);
    }

    PrState withSpc2Holder(NexusView n) {
        return new PrState(registrations, holder, type, aptpl, generation, n, version);
    }

    PrState withVersion(long v) {
        return new PrState(registrations, holder, type, aptpl, generation, spc2Holder, v);
    }

    /** The registrations with {@code old} replaced by {@code replacement}; the holder follows. */
    PrState replace(Registration old, Registration replacement) {
        List<Registration> regs = new ArrayList<>(registrations);
        regs.set(regs.indexOf(old), replacement);
        return withRegistrations(regs, old.equals(holder) ? replacement : holder, type);
    }

    /**
     * The registrations without {@code removed}. A non-all-registrants reservation whose holder is
     * removed is released; an all registrants reservation ends with its last registrant.
     */
    PrState without(List<Registration> removed) {
        List<Registration> regs = new ArrayList<>(registrations);
        regs.removeAll(removed);
        Registration h = holder;
        int t = type;
        if (h != null && removed.contains(h)) {
            h = null;
            t = 0;
        }
        if (allRegistrants(t) && regs.isEmpty()) {
            t = 0;
        }
        return withRegistrations(regs, h, t);
    }

    /** The registrations whose key is {@code key}. */
    List<Registration> withKey(long key) {
        List<Registration> out = new ArrayList<>();
        for (Registration r : registrations) {
            if (r.key() == key) {
                out.add(r);
            }
        }
        return out;
    }

    /** The registration naming the same I_T nexus as {@code r}, or null. */
    Registration sameNexusAs(Registration r) {
        for (Registration x : registrations) {
            if (x.sameNexusAs(r)) {
                return x;
            }
        }
        return null;
    }
}
